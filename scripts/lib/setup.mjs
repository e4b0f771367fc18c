// Installs what a fresh machine lacks: Debian packages, the root npm tree, and the chdb package
// (kept in clickhouse/local/ because `npm ci` breaks on it, toolchain.md §3.4).
import { existsSync, statSync } from "node:fs";
import { join } from "node:path";
import { run } from "./processes.mjs";

export const ROOT = new URL("../..", import.meta.url).pathname.replace(/\/$/, "");

function missingDebianPackages(names) {
  return names.filter((name) => {
    try {
      return !run("dpkg-query", ["-W", "-f=${Status}", name], { quiet: true }).includes("install ok installed");
    } catch {
      return true;
    }
  });
}

export function ensureDebianPackages(names) {
  const missing = missingDebianPackages(names);
  if (!missing.length) return;
  console.log(`installing Debian packages: ${missing.join(" ")}`);
  run("apt-get", ["update", "-qq"]);
  run("apt-get", ["install", "-y", "-qq", "--no-install-recommends", ...missing], {
    env: { ...process.env, DEBIAN_FRONTEND: "noninteractive" },
  });
}

const newer = (a, b) => !existsSync(b) || statSync(a).mtimeMs > statSync(b).mtimeMs;

export function ensureNodeModules() {
  if (newer(join(ROOT, "package-lock.json"), join(ROOT, "node_modules/.package-lock.json"))) {
    console.log("installing npm packages (npm ci)");
    run("npm", ["ci", "--no-audit", "--no-fund"], { cwd: ROOT });
  }
  const chdbDir = join(ROOT, "clickhouse/local");
  if (!existsSync(join(chdbDir, "node_modules/chdb"))) {
    console.log("installing chdb (the local ClickHouse engine)");
    run("npm", ["install", "--no-audit", "--no-fund"], { cwd: chdbDir });
  }
}

/** Everything the stack needs; `browser` adds Chromium for the UI tests. */
export function ensureInstalled({ browser = false } = {}) {
  ensureDebianPackages(["postgresql", ...(browser ? ["chromium", "fonts-liberation"] : [])]);
  ensureNodeModules();
}
