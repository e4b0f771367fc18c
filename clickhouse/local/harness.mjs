// Test harness: runs server.mjs as a child process on a free port, and loads the repo's client-web.

import { spawn } from "node:child_process";
import { createRequire } from "node:module";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";

const HERE = dirname(fileURLToPath(import.meta.url));
export const REPO_ROOT = resolve(HERE, "../..");
const SERVER = join(HERE, "server.mjs");
const READY = /clickhouse listening on (http:\/\/\S+)/;

/** @clickhouse/client-web as the Workers use it; it lives in the root package, not in this one. */
export const { createClient, ClickHouseError } = createRequire(join(REPO_ROOT, "package.json"))(
  "@clickhouse/client-web",
);

/** Starts a server on `data`; resolves once it prints its address. */
export function startServer(data, env = {}) {
  const child = spawn(process.execPath, [SERVER], {
    env: { ...process.env, CH_PORT: "0", CH_DATA: data, ...env },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let output = "";
  const exited = new Promise((resolveExit) =>
    child.once("exit", (code, signal) => resolveExit(code ?? signal)),
  );
  return new Promise((resolveStart, rejectStart) => {
    const timer = setTimeout(() => rejectStart(new Error(`server did not start:\n${output}`)), 30_000);
    const onData = (chunk) => {
      output += chunk;
      const match = READY.exec(output);
      if (!match) return;
      clearTimeout(timer);
      resolveStart({
        url: match[1],
        pid: child.pid,
        output: () => output,
        exited,
        /** SIGTERM, then the exit code. */
        stop: () => (child.kill("SIGTERM"), exited),
      });
    };
    child.stdout.on("data", onData);
    child.stderr.on("data", onData);
    exited.then((code) => {
      clearTimeout(timer);
      rejectStart(Object.assign(new Error(`server exited with ${code}:\n${output}`), { code, output }));
    });
  });
}
