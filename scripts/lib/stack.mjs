// The whole local edge stack: PostgreSQL, the chdb ClickHouse server, the Workers in one `wrangler dev`
// (so ingest and indexer share the Queue), and the Pages UI. Used by `npm start`, `npm test` and benches.
import { existsSync, mkdirSync, readdirSync, statSync } from "node:fs";
import { join } from "node:path";
import { preparePostgres, startPostgresCluster } from "./postgres.mjs";
import { run, startService, stopService, waitForUrl } from "./processes.mjs";
import { ROOT } from "./setup.mjs";

const WRANGLER_ENV = { CLOUDFLARE_CF_FETCH_ENABLED: "false", WRANGLER_SEND_METRICS: "false" };
const WORKER_CONFIGS = ["wrangler.toml", "workers/indexer/wrangler.toml", "workers/api/wrangler.toml"];

/**
 * Starts every component. `name` separates state (data dir, Postgres database, dev registry) so a test
 * stack never touches the demo stack's data; `fresh` starts from empty stores. `workerVars` are given
 * to every Worker over its wrangler [vars] (e.g. the indexer's retry backoff, shortened by tests).
 * `postgresUrl` is a migrated database to use instead of Debian's cluster (the soak runs its own).
 */
export async function startStack({
  name = "dev",
  ingestPort = 8787,
  uiPort = 8788,
  clickhousePort = 8123,
  inspectorPort = 9229,
  fresh = false,
  ui = true,
  workerVars = {},
  postgresUrl: givenPostgresUrl,
} = {}) {
  const dataDir = join(ROOT, ".data", name);
  const logDir = join(dataDir, "logs");
  if (fresh) run("rm", ["-rf", join(dataDir, "clickhouse"), join(dataDir, "wrangler")]);
  mkdirSync(logDir, { recursive: true });

  const postgresUrl = givenPostgresUrl ?? startPostgres({ name, fresh });
  const services = [];
  const clickhouse = await startClickHouse({ port: clickhousePort, dataDir, logDir });
  if (clickhouse.service) services.push(clickhouse.service);
  const clickhouseUrl = clickhouse.url;

  // `wrangler dev` gives vars from --env-file only to the first config; with CLOUDFLARE_INCLUDE_PROCESS_ENV
  // every Worker gets this (deliberately small) environment as its local secrets.
  const workerEnv = {
    PATH: process.env.PATH,
    HOME: process.env.HOME,
    ...WRANGLER_ENV,
    CLOUDFLARE_INCLUDE_PROCESS_ENV: "true",
    WRANGLER_REGISTRY_PATH: join(dataDir, "registry"),
    CLOUDFLARE_HYPERDRIVE_LOCAL_CONNECTION_STRING_HYPERDRIVE: postgresUrl,
    CLICKHOUSE_URL: clickhouseUrl,
    ...workerVars,
  };
  const ingestUrl = `http://127.0.0.1:${ingestPort}`;
  const startWorkers = async () => {
    const workers = startService(
      "workers",
      "npx",
      [
        "wrangler", "dev",
        ...WORKER_CONFIGS.flatMap((c) => ["-c", c]),
        "--ip", "127.0.0.1", "--port", String(ingestPort), "--inspector-port", String(inspectorPort),
        "--persist-to", join(dataDir, "wrangler"), "--show-interactive-dev-session=false",
      ],
      { cwd: ROOT, logDir, env: workerEnv, inheritEnv: false },
    );
    services.push(workers);
    await waitForUrl(`${ingestUrl}/api/v1/health_check/webapp`, { service: workers, timeoutMs: 120_000 });
    return workers;
  };
  await startWorkers();
  // How the fault tests bring a killed component back: same port, same state.
  const starters = {
    workers: startWorkers,
    clickhouse: async () => {
      const { service } = await startClickHouse({ port: clickhousePort, dataDir, logDir });
      if (service) services.push(service);
      return service;
    },
  };

  const uiUrl = ui ? `http://127.0.0.1:${uiPort}` : null;
  starters.web = async () => {
    const web = startService(
      "web",
      "npx",
      [
        "wrangler", "pages", "dev", "dist", "--ip", "127.0.0.1", "--port", String(uiPort), "--inspector-port", String(inspectorPort + 1),
        "--show-interactive-dev-session=false",
        // The installation page's agents' domain (web/wrangler.toml AGENTS_URL) is this stack's ingest URL.
        "--binding", `AGENTS_URL=${ingestUrl}`,
      ],
      { cwd: join(ROOT, "web"), logDir, env: workerEnv, inheritEnv: false },
    );
    services.push(web);
    await waitForUrl(uiUrl, { service: web, timeoutMs: 120_000 });
    return web;
  };
  if (ui) {
    buildWeb();
    await starters.web();
  }

  return {
    name,
    dataDir,
    postgresUrl,
    clickhouseUrl,
    ingestUrl,
    uiUrl,
    services,
    /** Kills `name` ("workers", "web" or "clickhouse") with `signal`, as a crash would; false if it had died. */
    async kill(name, signal = "SIGKILL") {
      const service = services.find((s) => s.name === name);
      if (!service) throw new Error(`no ${name} in this stack`);
      services.splice(services.indexOf(service), 1);
      if (service.exited) return false;
      await stopService(service, signal);
      return true;
    },
    /** Starts `name` again after `kill`, on the same port with the same state. */
    async restart(name) {
      return starters[name]();
    },
    async stop() {
      for (const s of services.reverse()) await stopService(s);
    },
  };
}

/** The Postgres database `studio_<name>`, migrated (or DATABASE_URL as given). */
export function startPostgres({ name, fresh = false }) {
  startPostgresCluster();
  return process.env.DATABASE_URL ?? preparePostgres({ database: `studio_${name}`, fresh });
}

/** The local chdb ClickHouse server on `port` with the schema applied (or CLICKHOUSE_URL as given). */
export async function startClickHouse({ port, dataDir, logDir }) {
  const url = process.env.CLICKHOUSE_URL ?? `http://127.0.0.1:${port}`;
  let service = null;
  if (!process.env.CLICKHOUSE_URL) {
    service = startService("clickhouse", "node", ["clickhouse/local/server.mjs"], {
      cwd: ROOT,
      logDir,
      env: { CH_PORT: String(port), CH_DATA: join(dataDir, "clickhouse") },
    });
    await waitForUrl(`${url}/ping`, { service });
  }
  run("node", ["clickhouse/apply-schema.mjs"], { cwd: ROOT, quiet: true, env: { ...process.env, CLICKHOUSE_URL: url } });
  return { url, service };
}

/** Builds the Pages app unless web/dist is newer than every source file. */
export function buildWeb({ force = false } = {}) {
  const dist = join(ROOT, "web/dist/_worker.js");
  if (!force && existsSync(dist) && newestMtime(join(ROOT, "web/src")) < statSync(dist).mtimeMs) return;
  console.log("building the UI");
  run("npx", ["vite", "build", "-c", "web/vite.config.ts"], { cwd: ROOT, quiet: true, env: { ...process.env, ...WRANGLER_ENV } });
  run("npx", ["vite", "build", "-c", "web/adapters/cloudflare-pages/vite.config.ts"], { cwd: ROOT, quiet: true, env: { ...process.env, ...WRANGLER_ENV } });
}

function newestMtime(dir) {
  let newest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true, recursive: true })) {
    if (entry.isFile()) newest = Math.max(newest, statSync(join(entry.parentPath ?? entry.path, entry.name)).mtimeMs);
  }
  return newest;
}
