// Child processes of the local stack: started in their own process group, logged to a file,
// waited for until a URL answers, and stopped together.
import { spawn, execFileSync } from "node:child_process";
import { createWriteStream, mkdirSync } from "node:fs";
import { join } from "node:path";

const children = new Set();

/** Runs a command to completion, failing loudly with its output. */
export function run(command, args, options = {}) {
  return execFileSync(command, args, { stdio: options.quiet ? "pipe" : "inherit", encoding: "utf8", ...options });
}

/**
 * Starts a long-running service; its output goes to `<logDir>/<name>.log`. `env` is added to this
 * process's environment, unless `inheritEnv` is false.
 */
export function startService(name, command, args, { env = {}, inheritEnv = true, logDir, cwd } = {}) {
  mkdirSync(logDir, { recursive: true });
  const logPath = join(logDir, `${name}.log`);
  const log = createWriteStream(logPath, { flags: "a" });
  const child = spawn(command, args, {
    cwd,
    env: inheritEnv ? { ...process.env, ...env } : env,
    detached: true,
    stdio: ["ignore", "pipe", "pipe"],
  });
  child.stdout.pipe(log);
  child.stderr.pipe(log);
  const service = { name, child, logPath, exited: false };
  child.on("exit", () => (service.exited = true));
  children.add(service);
  return service;
}

/** Polls `url` until it answers with a status below 500, or throws after `timeoutMs`. */
export async function waitForUrl(url, { timeoutMs = 60_000, service } = {}) {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (service?.exited) throw new Error(`${service.name} exited; see ${service.logPath}`);
    try {
      const res = await fetch(url, { signal: AbortSignal.timeout(2000) });
      if (res.status < 500) return res;
    } catch {
      // not up yet
    }
    if (Date.now() > deadline) {
      throw new Error(`${url} did not answer within ${timeoutMs} ms${service ? `; see ${service.logPath}` : ""}`);
    }
    await new Promise((r) => setTimeout(r, 250));
  }
}

/** Stops one service (its whole process group) and waits for it to exit. */
export async function stopService(service, signal = "SIGTERM") {
  if (!service || service.exited) return;
  const exited = new Promise((resolve) => service.child.once("exit", resolve));
  try {
    process.kill(-service.child.pid, signal);
  } catch {
    return;
  }
  const timer = setTimeout(() => {
    try {
      process.kill(-service.child.pid, "SIGKILL");
    } catch {}
  }, 5000);
  await exited;
  clearTimeout(timer);
  children.delete(service);
}

export async function stopAll() {
  await Promise.all([...children].map((s) => stopService(s)));
}
