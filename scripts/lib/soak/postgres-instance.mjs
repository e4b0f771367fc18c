// A PostgreSQL server of the soak's own (initdb + pg_ctl into <dataDir>/postgres, its own port and
// socket directory), so its "stop Postgres" fault stops only this server, never the machine's shared
// Debian cluster on 5432. Runs as the `postgres` user: initdb refuses root.
import { chownSync, existsSync, mkdirSync, rmSync } from "node:fs";
import { join } from "node:path";
import { migrate } from "../postgres.mjs";
import { run } from "../processes.mjs";

const BIN = "/usr/lib/postgresql/15/bin";
const DATABASE = "studio_soak";

export function postgresInstance({ dataDir, port }) {
  const dir = join(dataDir, "postgres");
  const pg = (tool, args) =>
    run("runuser", ["-u", "postgres", "--", join(BIN, tool), ...args], { quiet: true, cwd: "/" });
  const psql = (sql) => pg("psql", ["-h", "127.0.0.1", "-p", String(port), "-U", "postgres", "-d", "postgres", "-v", "ON_ERROR_STOP=1", "-qtAc", sql]);

  return {
    url: `postgres://studio:studio@127.0.0.1:${port}/${DATABASE}`,
    port,
    /** The server's log (every statement, while `logStatements(true)`). */
    logPath: join(dir, "server.log"),

    /** A new, empty, migrated server (whatever an earlier run left is removed first). */
    create() {
      if (existsSync(join(dir, "postmaster.pid"))) this.stop("immediate");
      rmSync(dir, { recursive: true, force: true });
      mkdirSync(dir, { recursive: true });
      chownSync(dir, uidOf("postgres"), gidOf("postgres"));
      pg("initdb", ["-D", dir, "-U", "postgres", "--auth=trust", "--no-sync", "-E", "UTF8"]);
      this.start();
      psql("CREATE ROLE studio LOGIN PASSWORD 'studio'");
      psql(`CREATE DATABASE ${DATABASE} OWNER studio`);
      migrate(this.url);
    },

    start() {
      pg("pg_ctl", [
        "-D", dir, "-l", this.logPath, "-w", "-t", "60",
        "-o", `-p ${port} -k ${dir} -c listen_addresses=127.0.0.1 -c max_connections=1000 -c fsync=off`,
        "start",
      ]);
    },

    /** Logs every statement the server runs (with its parameters apart), or stops doing so. */
    logStatements(on) {
      psql(`ALTER SYSTEM SET log_statement = '${on ? "all" : "none"}'`);
      psql("SELECT pg_reload_conf()");
    },

    /** `fast` disconnects the clients and shuts down cleanly; `immediate` is a crash (recovery on start). */
    stop(mode = "fast") {
      pg("pg_ctl", ["-D", dir, "-m", mode, "-w", "stop"]);
    },
  };
}

const uidOf = (user) => Number(run("id", ["-u", user], { quiet: true }).trim());
const gidOf = (user) => Number(run("id", ["-g", user], { quiet: true }).trim());
