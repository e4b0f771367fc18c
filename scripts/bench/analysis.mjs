// The analysis modules (issue 9) on two generated profiles (../shared/bench/gen-profiles.mjs, seeds 1 and 2,
// made on demand under .data/bench/analysis/) drawn as flamegraph trees of about 200,000 frames each (the
// api's largest, stacksCount 200000):
// - diff: workers/core/src/flamegraph-diff.ts merge + function changes (what GET /api/flamegraph/diff adds
//   to loading the two graphs), and the sandwich of the busiest function (workers/core/src/sandwich.ts,
//   run in the browser);
// each as a ratio to JSON.parse of one side's flamegraph JSON measured in this run (the cost every
// flamegraph view already pays). Best of 5 CPU times (user + system), which other work on the machine
// disturbs less than wall time. Targets: diff ≤ 5×; the sandwich of the busiest function (its callees are
// the whole graph: the worst case) ≤ 2× that parse.
import { spawnSync } from "node:child_process";
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { importBundled } from "../lib/bundle.mjs";
import { ROOT } from "../lib/setup.mjs";

const DIR = join(ROOT, ".data/bench/analysis");
const GENERATOR = join(ROOT, "../shared/bench/gen-profiles.mjs");

const { diffFlamegraphs, functionChanges, functionSides, sandwich } = await core();
const [base, compared] = [1, 2].map((seed) => treeOf(profile(seed)));
const frames = count(base);
const json = JSON.stringify(base);

const parse = best(() => JSON.parse(json));
const diff = best(() => functionChanges(diffFlamegraphs(base, compared, 0.5), 0.5));
const busiest = functionSides(diffFlamegraphs(base, base, 1), 1).sort(
  (a, b) => b.base.total - a.base.total,
)[0].key;
const sw = best(() => sandwich(base, busiest));

console.log(`trees: ${frames} and ${count(compared)} frames; JSON.parse of one: ${parse.toFixed(1)} ms`);
console.log(
  `diff + function changes: ${diff.toFixed(1)} ms = ${(diff / parse).toFixed(2)}× parse (target ≤ 5×)`,
);
console.log(
  `sandwich of ${busiest.slice(0, 40)}: ${sw.toFixed(1)} ms = ${(sw / parse).toFixed(2)}× parse (target ≤ 2×)`,
);

function profile(seed) {
  const file = join(DIR, `seed${seed}`);
  if (!existsSync(file)) {
    const args = [GENERATOR, "--files", "1", "--lines-per-file", "20000", "--plain", "--quiet"];
    const run = spawnSync("node", [...args, "--seed", String(seed), "--out", file], { stdio: "inherit" });
    if (run.status !== 0) throw new Error("gen-profiles failed");
  }
  const name = spawnSync("ls", [file], { encoding: "utf8" }).stdout.trim().split("\n")[0];
  return readFileSync(join(file, name), "utf8");
}

/** Collapsed lines → the api's tree shape (suffixes split off, as the api sends them). */
function treeOf(text) {
  const root = { name: "root", value: 0, children: [], byKey: new Map() };
  for (const line of text.split("\n")) {
    if (!line || line.startsWith("#")) continue;
    const at = line.lastIndexOf(" ");
    const n = Number(line.slice(at + 1));
    root.value += n;
    let node = root;
    for (const frame of line.slice(0, at).split(";")) {
      let child = node.byKey.get(frame);
      if (!child) {
        const m = /^(.*?)(_\[\w+\])?$/.exec(frame);
        child = { name: m[1], ...(m[2] && { suffix: m[2] }), value: 0, children: [], byKey: new Map() };
        node.byKey.set(frame, child);
        node.children.push(child);
      }
      child.value += n;
      node = child;
    }
  }
  const todo = [root];
  while (todo.length) {
    const node = todo.pop();
    delete node.byKey;
    todo.push(...node.children);
  }
  return root;
}

function count(tree) {
  let n = 0;
  const todo = [tree];
  while (todo.length) {
    n++;
    todo.push(...todo.pop().children);
  }
  return n;
}

function best(step) {
  let min = Infinity;
  for (let i = 0; i < 5; i++) {
    const t = process.cpuUsage();
    step();
    const { user, system } = process.cpuUsage(t);
    min = Math.min(min, (user + system) / 1000);
  }
  return min;
}

function core() {
  return importBundled(
    [
      'export { diffFlamegraphs, functionChanges, functionSides } from "./workers/core/src/flamegraph-diff";',
      'export { sandwich } from "./workers/core/src/sandwich";',
    ],
    join(DIR, "core.mjs"),
  );
}
