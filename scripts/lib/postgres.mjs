// The local PostgreSQL (Debian's cluster): started, given a role and database, migrated.
import { run } from "./processes.mjs";
import { ROOT } from "./setup.mjs";

const asPostgres = (sql) => run("su", ["postgres", "-c", `psql -v ON_ERROR_STOP=1 -qtAc ${shellQuote(sql)}`], { quiet: true });
const shellQuote = (s) => `'${s.replace(/'/g, `'\\''`)}'`;
const ident = (s) => {
  if (!/^[a-z_][a-z0-9_]*$/.test(s)) throw new Error(`unsafe Postgres identifier ${s}`);
  return s;
};

export function startPostgresCluster() {
  const clusters = run("pg_lsclusters", ["--no-header"], { quiet: true }).trim().split("\n").filter(Boolean);
  if (!clusters.length) throw new Error("no PostgreSQL cluster; is the postgresql package installed?");
  const [version, name, , status] = clusters[0].split(/\s+/);
  if (status !== "online") run("pg_ctlcluster", [version, name, "start"]);
}

/** Creates the role and database if missing (or anew with `fresh`), then applies the migrations. */
export function preparePostgres({ database, user = "studio", password = "studio", fresh = false }) {
  ident(database);
  ident(user);
  if (asPostgres(`SELECT 1 FROM pg_roles WHERE rolname = '${user}'`).trim() !== "1") {
    asPostgres(`CREATE ROLE ${user} LOGIN PASSWORD '${password.replace(/'/g, "''")}'`);
  }
  if (fresh) asPostgres(`DROP DATABASE IF EXISTS ${database} WITH (FORCE)`);
  if (asPostgres(`SELECT 1 FROM pg_database WHERE datname = '${database}'`).trim() !== "1") {
    asPostgres(`CREATE DATABASE ${database} OWNER ${user}`);
  }
  const url = `postgres://${user}:${encodeURIComponent(password)}@127.0.0.1:5432/${database}`;
  migrate(url);
  return url;
}

export function migrate(url) {
  run("npx", ["drizzle-kit", "migrate"], { cwd: ROOT, quiet: true, env: { ...process.env, DATABASE_URL: url } });
}
