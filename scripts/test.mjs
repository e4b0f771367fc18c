// `npm test`: install what is missing, then every check: types, unit and golden tests, the local
// ClickHouse server's tests, the end-to-end suite against a fresh local stack (vitest starts it), the short
// soak (docs/reliability.md), and the deploy path (every Worker bundles, the Pages app builds). Ends with
// one "N passed, N failed" line.
import { existsSync, mkdirSync, readFileSync, rmSync } from "node:fs";
import { join } from "node:path";
import { run } from "./lib/processes.mjs";
import { ensureInstalled, ROOT } from "./lib/setup.mjs";

const WRANGLER_ENV = { ...process.env, CLOUDFLARE_CF_FETCH_ENABLED: "false", WRANGLER_SEND_METRICS: "false" };

const totals = { passed: 0, failed: 0 };
const outDir = join(ROOT, ".data/test-results");
rmSync(outDir, { recursive: true, force: true });
mkdirSync(outDir, { recursive: true });

function step(name, fn) {
  const started = Date.now();
  try {
    const counted = fn();
    const { passed = 1, failed = 0 } = counted ?? {};
    totals.passed += passed;
    totals.failed += failed;
    console.log(`\n✔ ${name}: ${passed} passed, ${failed} failed (${((Date.now() - started) / 1000).toFixed(1)} s)\n`);
  } catch (e) {
    totals.failed += 1;
    console.error(`\n✘ ${name} failed: ${e.message?.split("\n")[0] ?? e}\n`);
  }
}

ensureInstalled({ browser: true });

step("typecheck", () => {
  run("npx", ["tsc", "--noEmit", "-p", "tsconfig.json"], { cwd: ROOT });
  run("npx", ["tsc", "--noEmit", "-p", "web/tsconfig.json"], { cwd: ROOT });
});

/** Runs a test command; its failures are counted from the report it writes, not from its exit code. */
function runReporting(command, args, report, options = {}) {
  try {
    run(command, args, { cwd: ROOT, ...options });
  } catch (e) {
    if (!existsSync(report)) throw e;
  }
  return readFileSync(report, "utf8");
}

step("ClickHouse server tests (node --test)", () => {
  const report = join(outDir, "clickhouse.tap");
  const tap = runReporting("node", ["--test", "--test-reporter=spec", "--test-reporter-destination=stdout",
    "--test-reporter=tap", `--test-reporter-destination=${report}`, "clickhouse/local/"], report);
  return { passed: Number(/^# pass (\d+)/m.exec(tap)?.[1] ?? 0), failed: Number(/^# fail (\d+)/m.exec(tap)?.[1] ?? 0) };
});

step("vitest (unit, golden, end-to-end)", () => {
  const report = join(outDir, "vitest.json");
  const result = JSON.parse(
    runReporting("npx", ["vitest", "run", "--reporter=default", "--reporter=json", `--outputFile.json=${report}`], report, {
      env: WRANGLER_ENV,
    }),
  );
  // A suite that could not even load (e.g. the stack failed to start) counts as a failure.
  return { passed: result.numPassedTests, failed: result.numFailedTests + result.numFailedTestSuites };
});

// docs/reliability.md: load, faults, hostile input and fuzzing against a stack of its own; nothing lost.
step("soak, short form (npm run soak -- --short)", () => {
  run("node", ["scripts/soak.mjs", "--short"], { cwd: ROOT, env: WRANGLER_ENV });
});

step("deploy path: the whole deploy as a dry run (every Worker bundles under the size limit, the UI builds)", () => {
  run("node", ["scripts/deploy.mjs", "--dry-run"], { cwd: ROOT, env: WRANGLER_ENV });
});

console.log(`\ntests: ${totals.passed} passed, ${totals.failed} failed`);
process.exit(totals.failed ? 1 : 0);
