// Other clients in, every format out: how fast the pure converters are on a realistic profile, in one
// run. A generated agent profile (../shared/bench/gen-profiles.mjs, --lines stack lines) becomes a
// flamegraph tree; then each export renders it and each importer reads the export back:
//   export: collapsed text, pprof (encode + gzip), speedscope JSON;
//   import: Pyroscope folded text → agent lines (TextProfileConverter), pprof (gunzip + decode + stacks).
// Figures: ms per run (median of --runs), MB/s of the format's bytes, and each time as a ratio to the
// collapsed export of the same tree. Options: --lines N (default 20000) --runs N (default 5)
import { spawnSync } from "node:child_process";
import { existsSync, mkdirSync, readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { gunzipSync, gzipSync } from "node:zlib";
import { importBundled } from "../lib/bundle.mjs";
import { ROOT } from "../lib/setup.mjs";

const args = process.argv.slice(2);
const flag = (name, fallback) => {
  const i = args.indexOf(`--${name}`);
  return i === -1 ? fallback : Number(args[i + 1]);
};
const LINES = flag("lines", 20_000);
const RUNS = flag("runs", 5);
const DIR = join(ROOT, ".data/bench/formats");
const GENERATOR = join(ROOT, "../shared/bench/gen-profiles.mjs");

mkdirSync(DIR, { recursive: true });
const core = await importBundled(
  [
    'export { collapsedText } from "./workers/core/src/export-stacks";',
    'export { encodePprof } from "./workers/core/src/pprof-export";',
    'export { decodePprof, pprofStacks } from "./workers/core/src/pprof-import";',
    'export { speedscopeFile } from "./workers/core/src/speedscope-export";',
    'export { TextProfileConverter } from "./workers/core/src/pyroscope-profile";',
  ],
  join(DIR, "bundle.mjs"),
);

// The generated profile's stacks, without the app-metadata index and container fields.
const out = join(DIR, `${LINES}-lines`);
if (!existsSync(out) || !readdirSync(out).some((f) => f.endsWith(".gz"))) {
  const run = spawnSync(
    process.execPath,
    [GENERATOR, "--files", "1", "--lines-per-file", String(LINES), "--seed", "1", "--out", out, "--quiet"],
    { stdio: "inherit" },
  );
  if (run.status !== 0) throw new Error("gen-profiles.mjs failed");
}
const text = gunzipSync(
  readFileSync(
    join(
      out,
      readdirSync(out).find((f) => f.endsWith(".gz")),
    ),
  ),
).toString("utf8");
const stacks = new Map();
for (const line of text.split("\n")) {
  if (!line || line.startsWith("#")) continue;
  const space = line.lastIndexOf(" ");
  const frames = line.slice(0, space).split(";").slice(2).filter(Boolean);
  if (frames.length)
    stacks.set(frames.join(";"), (stacks.get(frames.join(";")) ?? 0) + Number(line.slice(space + 1)));
}
const roots = [];
for (const [stack, count] of stacks) {
  let level = roots;
  for (const name of stack.split(";")) {
    let node = level.find((n) => n.name === name);
    if (!node) level.push((node = { name, samples: 0, children: [] }));
    node.samples += count;
    level = node.children;
  }
}

const view = { startTime: new Date("2026-11-25T10:00:00Z"), endTime: new Date("2026-11-25T11:00:00Z") };
function measure(step) {
  const times = [];
  let result;
  for (let i = 0; i < RUNS; i++) {
    globalThis.gc?.();
    const start = performance.now();
    result = step();
    times.push(performance.now() - start);
  }
  times.sort((a, b) => a - b);
  return { ms: times[Math.floor(times.length / 2)], result };
}

const collapsed = measure(() => core.collapsedText(roots));
const pprof = measure(() => gzipSync(core.encodePprof(roots, view)));
const speedscope = measure(() => JSON.stringify(core.speedscopeFile(roots, "bench")));
const folded = measure(() => {
  const converter = new core.TextProfileConverter("folded", "container");
  return converter.push(collapsed.result) + converter.finish();
});
const pprofIn = measure(() => core.pprofStacks(core.decodePprof(gunzipSync(pprof.result))));
if (!pprofIn.result.ok || pprofIn.result.value.stacks.size !== stacks.size)
  throw new Error("pprof did not read back");

const rows = [
  ["export collapsed", collapsed, Buffer.byteLength(collapsed.result)],
  ["export pprof (gzip)", pprof, pprof.result.byteLength],
  ["export speedscope", speedscope, Buffer.byteLength(speedscope.result)],
  ["import folded → agent lines", folded, Buffer.byteLength(collapsed.result)],
  ["import pprof (gunzip+decode)", pprofIn, pprof.result.byteLength],
];
console.log(
  `${stacks.size} distinct stacks, ${Buffer.byteLength(collapsed.result)} bytes collapsed; median of ${RUNS} runs`,
);
console.log(
  "step".padEnd(30),
  "ms".padStart(9),
  "bytes".padStart(11),
  "MB/s".padStart(8),
  "× collapsed".padStart(12),
);
for (const [name, { ms }, bytes] of rows) {
  console.log(
    name.padEnd(30),
    ms.toFixed(1).padStart(9),
    String(bytes).padStart(11),
    (bytes / 1e6 / (ms / 1000)).toFixed(1).padStart(8),
    (ms / collapsed.ms).toFixed(2).padStart(12),
  );
}
