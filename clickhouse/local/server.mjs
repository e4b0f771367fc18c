// Local ClickHouse for development and CI: embedded ClickHouse (chdb) behind the ClickHouse HTTP
// interface, as @clickhouse/client-web uses it (toolchain.md §3.3).
//
//   CH_HOST (127.0.0.1)  CH_PORT (8123; 0 picks a free port)  CH_DATA (<repo>/.data/clickhouse)
//   CH_USER (default)    CH_PASSWORD (empty)
//   CH_TRACE (unset; 1 or full: each query's queue wait and run time on stderr, see engine.mjs)

import { mkdirSync } from "node:fs";
import { createServer } from "node:http";
import { dirname, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { Engine } from "./engine.mjs";
import { createHandler } from "./http-handler.mjs";

const REPO_ROOT = resolve(dirname(fileURLToPath(import.meta.url)), "../..");
const config = {
  host: process.env.CH_HOST || "127.0.0.1",
  port: Number(process.env.CH_PORT ?? 8123),
  data: resolve(process.env.CH_DATA || resolve(REPO_ROOT, ".data/clickhouse")),
  user: process.env.CH_USER || "default",
  password: process.env.CH_PASSWORD ?? "",
};

function fail(message) {
  console.error(`clickhouse: ${message}`);
  process.exit(1);
}

mkdirSync(config.data, { recursive: true });
let engine;
try {
  engine = await Engine.open(config.data);
} catch (error) {
  // Most often a second server on the same data directory (CANNOT_OPEN_FILE on its status lock).
  fail(`cannot open ${config.data}: ${error.message}`);
}

const server = createServer(createHandler({ engine, user: config.user, password: config.password }));
server.on("error", (error) => fail(`cannot listen on ${config.host}:${config.port}: ${error.message}`));
server.listen(config.port, config.host, () => {
  console.log(`clickhouse listening on http://${config.host}:${server.address().port}`);
});

// Stop accepting, let requests in flight finish (5 s at most), then release the engine and its lock.
let stopping = false;
async function shutdown() {
  if (stopping) process.exit(1); // a second signal does not wait
  stopping = true;
  const closed = new Promise((resolveClose) => server.close(resolveClose));
  server.closeIdleConnections();
  setTimeout(() => server.closeAllConnections(), 5000).unref();
  await closed;
  await engine.close();
  process.exit(0);
}
process.on("SIGTERM", shutdown);
process.on("SIGINT", shutdown);
