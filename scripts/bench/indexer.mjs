// The indexer on generated agent profiles of 50 MB and 200 MB (../shared/bench/gen-profiles.mjs, made on
// demand under .data/bench/indexer/):
//
// 1. parse + hash + rows: the pure parser (workers/core/src/collapsed.ts) over the decompressed bytes in
//    64 KiB chunks, then every row materialized; MB/s of uncompressed input and stack lines/s, each as a
//    ratio to `zcat` of the same file measured in this run. Both are CPU seconds (user + system, best of
//    3), so other work on the machine disturbs the ratio less than it would wall time.
// 2. end to end: the Worker's own code path (workers/indexer/src/index-profile.ts: stream gunzip, parse,
//    batched INSERTs with dedup tokens) from the .gz file into a local ClickHouse server; rows/s (wall).
// 3. memory: the same run again in a fresh Node process whose V8 heap is capped at 64 MB
//    (--max-old-space-size): the peak of live V8 heap + ArrayBuffers (what a Worker's 128 MB isolate
//    limit counts), sampled every 10 ms after a full GC, and the kernel's peak resident set (VmHWM)
//    minus the resident set before the run (includes Node's own buffers and garbage not yet collected).
//
// Targets (indexer issue): parsing at >= 0.2x zcat (aim 0.5x); the 200 MB profile inside 128 MB.
// Anchor: the original Go indexer parses at 0.017x zcat and peaks at 1.5 GB RSS on the 200 MB profile.
import { spawnSync } from "node:child_process";
import { createReadStream, existsSync, readdirSync, readFileSync, rmSync, statSync } from "node:fs";
import { join } from "node:path";
import { Readable } from "node:stream";
import { bundleExports } from "../lib/bundle.mjs";
import { stopService } from "../lib/processes.mjs";
import { ROOT } from "../lib/setup.mjs";
import { startClickHouse } from "../lib/stack.mjs";

const DIR = join(ROOT, ".data/bench/indexer");
const GENERATOR = join(ROOT, "../shared/bench/gen-profiles.mjs");
const SIZES_MB = [50, 200];
const CHUNK = 64 * 1024;
const CLICKHOUSE_PORT = 28323 + Number(process.env.STUDIO_TEST_PORT_OFFSET ?? 0);
const MB = 1e6;
const HEAP_CAP_MB = 64;
const MIB = 1024 * 1024;

async function main() {
  const bundle = await bundleSources();
  const files = SIZES_MB.map(generatedProfile);

  const speed = files.map(({ label, path }) => parseSpeed(label, path, bundle));
  console.log("\nparse + hash + rows (in memory, best of 3) against zcat of the same file (best of 3):");
  console.table(speed);

  const dataDir = join(DIR, "clickhouse");
  rmSync(dataDir, { recursive: true, force: true });
  const clickhouse = await startClickHouse({ port: CLICKHOUSE_PORT, dataDir, logDir: join(DIR, "logs") });
  try {
    const endToEnd = files.map(({ label, path }) => ({
      profile: label,
      ...runChild("speed", path, clickhouse.url),
      ...runChild("memory", path, clickhouse.url),
    }));
    console.log(
      `\nend to end into the local ClickHouse (${clickhouse.url}), each run in a fresh Node process:`,
    );
    console.table(endToEnd);
  } finally {
    await stopService(clickhouse.service);
  }
  console.log(
    "\nanchor (original Go indexer, same generator): 0.017x zcat, 1.5 GB peak RSS on the 200 MB profile",
  );
}

function runChild(mode, path, clickhouseUrl) {
  const args = [
    "--expose-gc",
    `--max-old-space-size=${HEAP_CAP_MB}`,
    import.meta.filename,
    "--child",
    mode,
    path,
    clickhouseUrl,
  ];
  const run = spawnSync(process.execPath, args, { encoding: "utf8", stdio: ["ignore", "pipe", "inherit"] });
  if (run.status !== 0) throw new Error(`the ${mode} run on ${path} failed`);
  return JSON.parse(run.stdout);
}

/** The TypeScript modules the bench runs, bundled for Node with esbuild (as wrangler bundles them). */
function bundleSources() {
  return bundleExports(
    [
      'export { createProfileIndexer } from "./workers/core/src/collapsed";',
      'export { indexProfile } from "./workers/indexer/src/index-profile";',
      'export { openClickHouse } from "./workers/shared/src/clickhouse";',
    ],
    join(DIR, "bundle.mjs"),
  );
}

/** The generated profile of `mb` MB uncompressed, gzipped as the agent uploads it (made once). */
function generatedProfile(mb) {
  const out = join(DIR, `${mb}mb`);
  if (!existsSync(out) || !readdirSync(out).some((name) => name.endsWith(".gz"))) {
    console.log(`generating the ${mb} MB profile in ${out}`);
    const run = spawnSync(
      process.execPath,
      [GENERATOR, "--files", "1", "--target-mb", String(mb), "--seed", "1", "--out", out, "--quiet"],
      {
        stdio: "inherit",
      },
    );
    if (run.status !== 0) throw new Error("gen-profiles.mjs failed");
  }
  const name = readdirSync(out).find((file) => file.endsWith(".gz"));
  return { label: `${mb} MB`, path: join(out, name) };
}

function parseSpeed(label, path, bundle) {
  const zcat = Math.min(...[1, 2, 3].map(() => zcatCpuSeconds(path)));
  // a child process per size, so one size's garbage does not slow the other
  const run = spawnSync(
    process.execPath,
    ["--expose-gc", "--input-type=module", "-e", PARSE_CHILD, bundle, path],
    {
      encoding: "utf8",
      stdio: ["ignore", "pipe", "inherit"],
    },
  );
  if (run.status !== 0) throw new Error(`parsing ${label} failed`);
  const { bytes, lines, rows, seconds } = JSON.parse(run.stdout);
  const zcatMBs = bytes / MB / zcat;
  const parseMBs = bytes / MB / seconds;
  return {
    profile: label,
    "gzip MB": round(statSync(path).size / MB),
    "stack lines": lines,
    rows,
    "zcat MB/s": round(zcatMBs),
    "parse MB/s": round(parseMBs),
    "parse / zcat": `${(parseMBs / zcatMBs).toFixed(3)}x`,
    "stack lines/s": Math.round(lines / seconds),
    "lines/s / zcat": `${(lines / seconds / (lines / zcat)).toFixed(3)}x`,
  };
}

// Runs in its own process: decompress once, then parse the bytes three times and keep the best.
const PARSE_CHILD = `
  import { readFileSync } from "node:fs";
  import { gunzipSync } from "node:zlib";
  const [bundle, path] = process.argv.slice(1);
  const { createProfileIndexer } = await import(bundle);
  const data = gunzipSync(readFileSync(path));
  let best = Infinity, result;
  for (let i = 0; i < 3; i++) {
    globalThis.gc?.();
    const started = process.cpuUsage();
    const indexer = createProfileIndexer({ serviceId: 1, timestamp: new Date(), insertionTimestamp: new Date() });
    for (let p = 0; p < data.length; p += ${CHUNK}) indexer.push(data.subarray(p, p + ${CHUNK}));
    result = indexer.finish();
    let rows = 0;
    for (const row of result.rows) rows++;
    const { user, system } = process.cpuUsage(started);
    best = Math.min(best, (user + system) / 1e6);
    if (rows !== result.rowCount) throw new Error("row count");
  }
  console.log(JSON.stringify({ bytes: data.length, lines: result.stats.stackLines, rows: result.rowCount, seconds: best }));
`;

/**
 * The Worker's path for one profile, from the .gz file (standing in for R2) into ClickHouse: timed
 * (mode "speed"), or with its memory sampled (mode "memory"; the GCs slow it down).
 */
async function child(mode, path, clickhouseUrl) {
  const { indexProfile, openClickHouse } = await import(join(DIR, "bundle.mjs"));
  const size = statSync(path).size;
  const bucket = { get: async () => ({ size, body: Readable.toWeb(createReadStream(path)) }) };
  const clickhouse = openClickHouse({ CLICKHOUSE_URL: clickhouseUrl });
  let parsedAt = 0;
  const insert = clickhouse.insert.bind(clickhouse);
  clickhouse.insert = (params) => {
    parsedAt ||= performance.now();
    return insert(params);
  };

  globalThis.gc?.();
  const rssBefore = statusKiB("VmRSS");
  let peak = 0;
  const sample = () => {
    globalThis.gc();
    const { heapUsed, arrayBuffers } = process.memoryUsage();
    peak = Math.max(peak, heapUsed + arrayBuffers);
  };
  const sampler = mode === "memory" ? setInterval(sample, 10) : null;
  const started = performance.now();
  // a recent profile start: older rows would fall to the tables' 30-day TTL
  const start = new Date(Date.now() - 10 * 60_000).toISOString().slice(0, 19);
  const outcome = await indexProfile(
    {
      filename: `${start}_${crypto.randomUUID().replaceAll("-", "")}_bench.gz`,
      service: "bench",
      service_id: 1 + (size % 1e6),
    },
    { bucket, clickhouse, now: new Date() },
  );
  const seconds = (performance.now() - started) / 1000;
  if (sampler) {
    clearInterval(sampler);
    sample();
  }
  await clickhouse.close();
  if (outcome.status !== "indexed") throw new Error(`${outcome.reason}: ${outcome.detail}`);
  const parseSeconds = (parsedAt - started) / 1000;
  const figures =
    mode === "speed"
      ? {
          rows: outcome.rows,
          "gunzip+parse s": round(parseSeconds),
          "inserts s": round(seconds - parseSeconds),
          "rows/s end to end": Math.round(outcome.rows / seconds),
          "rows/s inserting": Math.round(outcome.rows / (seconds - parseSeconds)),
        }
      : {
          "peak live heap+buffers MiB": round(peak / MIB),
          "peak RSS growth MiB": round((statusKiB("VmHWM") - rssBefore) / 1024),
          "inside 128 MB": peak < 128 * MB ? "yes" : "NO",
        };
  console.log(JSON.stringify(figures));
}

function statusKiB(field) {
  return Number(
    new RegExp(`^${field}:\\s+(\\d+) kB`, "m").exec(readFileSync("/proc/self/status", "utf8"))[1],
  );
}

/** User + system CPU seconds of `zcat file > /dev/null`, from bash's `time`. */
function zcatCpuSeconds(path) {
  const run = spawnSync("bash", ["-c", 'TIMEFORMAT="%3U %3S"; time zcat "$0" > /dev/null', path], {
    encoding: "utf8",
  });
  if (run.status !== 0) throw new Error(`zcat failed: ${run.stderr}`);
  const [user, system] = run.stderr.trim().split(/\s+/).map(Number);
  return user + system;
}

function round(value) {
  return Math.round(value * 10) / 10;
}

if (process.argv[2] === "--child") await child(process.argv[3], process.argv[4], process.argv[5]);
else await main();
