// `npm run bench [name…]`: runs every benchmark in scripts/bench/ (or the named ones), one after another,
// each printing its own table of figures measured in this run. Speed targets live here, not in tests.
import { readdirSync } from "node:fs";
import { join } from "node:path";
import { run } from "./lib/processes.mjs";
import { ensureInstalled, ROOT } from "./lib/setup.mjs";

ensureInstalled({ browser: true });
const wanted = process.argv.slice(2);
const benches = readdirSync(join(ROOT, "scripts/bench"))
  .filter((f) => f.endsWith(".mjs"))
  .filter((f) => !wanted.length || wanted.includes(f.replace(/\.mjs$/, "")));
if (!benches.length) console.log("no benchmarks in scripts/bench/");
for (const bench of benches) {
  console.log(`\n=== ${bench.replace(/\.mjs$/, "")} ===`);
  run("node", ["--expose-gc", join("scripts/bench", bench)], { cwd: ROOT });
}
