// Share links (workers/core/src/share.ts, redact.ts) on flamegraphs built from generated agent profiles
// (../shared/bench/gen-profiles.mjs): what freezing a view costs besides the query the api runs anyway.
//
// 1. per graph size: redaction with three typical patterns (two on names, one on paths), and the
//    canonical document + its SHA-256 id, each as a ratio to JSON.stringify of the same graph measured
//    in this run (the api already pays about that much to answer /api/flamegraph);
// 2. the guard: the costliest pattern shape the checks allow (one unbounded quantifier, `.*x`) on
//    frame text of the largest length matched (2,048 characters), per frame; and that a shape that
//    backtracks exponentially (`(a+)+$`) or cubically (`a*a*b`) is refused before it runs.
//
// No target was set; the figures say whether a share of a large graph fits a Worker's CPU budget.
import { spawnSync } from "node:child_process";
import { existsSync, mkdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { importBundled } from "../lib/bundle.mjs";
import { ROOT } from "../lib/setup.mjs";

const DIR = join(ROOT, ".data/bench/share");
const GENERATOR = join(ROOT, "../shared/bench/gen-profiles.mjs");
const LINES = [2_000, 20_000, 100_000];

const loadCore = () =>
  importBundled(
    [
      'export { compileRedactions, compilePattern, redactFlameGraph, MAX_TEXT, MAX_WORK } from "./workers/core/src/redact";',
      'export { canonicalShare, newShareSalt, shareId } from "./workers/core/src/share";',
    ],
    join(DIR, "core.mjs"),
  );

/** A generated profile's stacks as the api's flamegraph JSON (merged prefixes, children by name). */
function flamegraphOf(lines) {
  const file = join(DIR, `profile-${lines}.txt`);
  if (!existsSync(file)) {
    const dir = join(DIR, `gen-${lines}`);
    spawnSync(
      "node",
      [GENERATOR, "--files", "1", "--lines-per-file", String(lines), "--plain", "--seed", "7", "--out", dir],
      { stdio: "inherit" },
    );
    spawnSync("sh", ["-c", `cat ${dir}/* > ${file}`]);
  }
  const root = { name: "root", value: 0, children: [], exec_time: 0, olap_time: 0, percentiles: {} };
  const index = new Map([[root, new Map()]]);
  let frames = 0;
  for (const line of readFileSync(file, "utf8").split("\n")) {
    if (!line || line.startsWith("#")) continue;
    const space = line.lastIndexOf(" ");
    const count = Number(line.slice(space + 1));
    root.value += count;
    let node = root;
    for (const name of line.slice(0, space).split(";")) {
      const kids = index.get(node);
      let child = kids.get(name);
      if (!child) {
        child = { name, value: 0, children: [] };
        node.children.push(child);
        kids.set(name, child);
        index.set(child, new Map());
        frames++;
      }
      child.value += count;
      node = child;
    }
  }
  return { graph: root, frames };
}

function best(fn, runs = 3) {
  let min = Infinity;
  let result;
  for (let i = 0; i < runs; i++) {
    const t = performance.now();
    result = fn();
    min = Math.min(min, performance.now() - t);
  }
  return { ms: min, result };
}

async function main() {
  mkdirSync(DIR, { recursive: true });
  const core = await loadCore();
  const rules = core.compileRedactions({ names: ["java\\.\\w+", "^python"], paths: ["^/usr/lib/[^/]+"] });
  if (!rules.ok) throw new Error(rules.message);
  console.log("frames    stringify ms  redact ms (ratio)  canonical+id ms (ratio)  within the budget");
  for (const lines of LINES) {
    const { graph, frames } = flamegraphOf(lines);
    const stringify = best(() => JSON.stringify(graph));
    const redact = best(() => core.redactFlameGraph(graph, rules.value, Infinity));
    if (!redact.result.ok) throw new Error(redact.result.message);
    const salt = core.newShareSalt();
    const doc = {
      version: 1,
      meta: {
        service: "s",
        startTime: "",
        endTime: "",
        filter: null,
        createdAt: "",
        expiresAt: null,
        redacted: true,
        createdBy: "b",
      },
      view: "",
    };
    const t = performance.now();
    const text = core.canonicalShare({ ...doc, flamegraph: redact.result.value });
    await core.shareId(salt, text);
    const canonical = performance.now() - t;
    const fits = core.redactFlameGraph(graph, rules.value).ok ? "yes" : "no (refused)";
    console.log(
      `${String(frames).padEnd(9)} ${stringify.ms.toFixed(1).padStart(12)}  ${redact.ms.toFixed(1).padStart(9)} (${(redact.ms / stringify.ms).toFixed(2)}x)  ${canonical.toFixed(1).padStart(15)} (${(canonical / stringify.ms).toFixed(2)}x)  ${fits}`,
    );
  }
  const worst = core.compilePattern(".*x");
  const text = "a".repeat(core.MAX_TEXT);
  const perFrame = best(() => text.replace(worst.value, "[r]"), 5).ms;
  console.log(
    `worst allowed pattern .*x on ${core.MAX_TEXT}-char text: ${perFrame.toFixed(2)} ms per frame, ` +
      `${((perFrame * 1e6) / core.MAX_TEXT ** 2).toFixed(2)} ns per budget unit; the budget ` +
      `(${core.MAX_WORK.toExponential(0)}) caps the worst case at ${(((perFrame / core.MAX_TEXT ** 2) * core.MAX_WORK) / 1000).toFixed(1)} s`,
  );
  for (const p of ["(a+)+$", "a*a*b"]) {
    const r = core.compilePattern(p);
    console.log(`${p}: ${r.ok ? "ACCEPTED (guard broken)" : `refused: ${r.message}`}`);
  }
}

await main();
