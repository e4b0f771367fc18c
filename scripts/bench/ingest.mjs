// The ingest Worker under agents' load, on a fresh local stack (one `wrangler dev` running ingest, indexer
// and api, as `npm start` does): uploads per second and latency of test_stackfile-sized uploads from 20
// concurrent agents, and the workerd process's peak memory while it takes one 4 MiB compressed upload.
//
// Memory method: the kernel's peak resident set of the workerd process (VmHWM in /proc/<pid>/status), reset
// before each measured request by writing 5 to /proc/<pid>/clear_refs, read as soon as the answer arrives
// (before the Queue's 1 s batch window hands the profile to the indexer in the same process). The figure is
// the peak minus the resident set just before the request: what taking that upload cost the runtime process
// (all three Workers' isolates and workerd itself; wrangler's proxy process in front is not counted).
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { createGzip, gzipSync } from "node:zlib";
import postgres from "postgres";
import { createAgentToken } from "../lib/bootstrap.mjs";
import { run } from "../lib/processes.mjs";
import { ROOT } from "../lib/setup.mjs";
import { startStack } from "../lib/stack.mjs";

const OFFSET = Number(process.env.STUDIO_TEST_PORT_OFFSET ?? 0);
const AGENTS = 20;
const UPLOADS_PER_AGENT = 25;
const STACKFILE = readFileSync(join(ROOT, "../shared/testdata/test_stackfile"), "utf8");
const HEADER = JSON.parse(STACKFILE.slice(1, STACKFILE.indexOf("\n")));

const stack = await startStack({
  name: "bench_ingest",
  ingestPort: 28787 + OFFSET,
  clickhousePort: 28123 + OFFSET,
  inspectorPort: 29229 + OFFSET,
  ui: false,
  fresh: true,
});
try {
  const token = await createAgentToken(stack.postgresUrl, { name: "bench" });
  const workerd = workerdPid(stack.services.find((s) => s.name === "workers").child.pid);
  const throughput = await uploadsUnderLoad(stack.ingestUrl, token);
  const memory = await memoryPerUpload(stack, token, workerd);
  console.log(`\n${AGENTS} agents × ${UPLOADS_PER_AGENT} test_stackfile uploads (${kib(gzipSync(body(STACKFILE, "")).length)} gzip each):`);
  console.table([throughput]);
  console.log(`\nworkerd (pid ${workerd}) peak memory per upload, VmHWM − VmRSS before:`);
  console.table(memory);
} finally {
  await stack.stop();
}

/** One agent = one process: its own pid in the header, a gpid from its first upload, echoed after. */
async function uploadsUnderLoad(url, token) {
  const agents = await Promise.all(
    Array.from({ length: AGENTS }, async (_, i) => {
      const profile = withHeader(STACKFILE, { pid: 10_000 + i });
      const first = await upload(url, token, `bench-${i % 4}`, gzipSync(body(profile, "")));
      if (first.status !== 200) throw new Error(`first upload: ${first.status} ${first.text}`);
      return { service: `bench-${i % 4}`, data: gzipSync(body(profile, JSON.parse(first.text).gpid)) };
    }),
  );
  const latencies = [];
  const failures = new Map();
  const started = performance.now();
  await Promise.all(
    agents.map(async (agent) => {
      for (let n = 0; n < UPLOADS_PER_AGENT; n++) {
        const t = performance.now();
        const res = await upload(url, token, agent.service, agent.data);
        latencies.push(performance.now() - t);
        if (res.status !== 200) failures.set(`${res.status} ${res.text}`, (failures.get(`${res.status} ${res.text}`) ?? 0) + 1);
      }
    }),
  );
  const seconds = (performance.now() - started) / 1000;
  latencies.sort((a, b) => a - b);
  const at = (q) => latencies[Math.min(latencies.length - 1, Math.floor(q * latencies.length))];
  return {
    uploads: latencies.length,
    failures: [...failures].map(([answer, n]) => `${n}× ${answer}`).join("; ") || 0,
    "uploads/s": round(latencies.length / seconds),
    "p50 ms": round(at(0.5)),
    "p99 ms": round(at(0.99)),
    "max ms": round(latencies.at(-1)),
  };
}

async function memoryPerUpload({ ingestUrl: url, postgresUrl }, token, pid) {
  const big = bigProfile(4 * 1024 * 1024);
  const bomb = await gzipBomb();
  // The same upload to a service sampled away: parsing and gzip without the local R2 emulation's copies.
  const sql = postgres(postgresUrl, { onnotice: () => {} });
  await sql`INSERT INTO services (name, profiler_sample_threshold) VALUES ('bench-sampled', 1.0) ON CONFLICT DO NOTHING`;
  await sql.end();
  const cases = [
    ["test_stackfile", "bench-memory", gzipSync(body(withHeader(STACKFILE, { pid: 1 }), "")), 200],
    [`4 MiB gzip (${mib(big.text.length)} of profile), downsampled: no R2 write`, "bench-sampled", big.data, 200],
    ["the same, stored in R2 and enqueued", "bench-memory", big.data, 200],
    ["gzip bomb: 1 GiB of 'a' in the profile", "bench-memory", bomb, 413],
  ];
  const rows = [];
  for (const [name, service, data, expected] of cases) {
    await new Promise((r) => setTimeout(r, 3000)); // let the indexer finish the previous upload
    const before = memoryOf(pid);
    writeFileSync(`/proc/${pid}/clear_refs`, "5");
    const t = performance.now();
    const res = await upload(url, token, service, data);
    const ms = performance.now() - t;
    const after = memoryOf(pid);
    if (res.status !== expected) throw new Error(`${name}: ${res.status} ${res.text}`);
    rows.push({
      upload: name,
      "sent KiB": kib(data.length),
      status: res.status,
      "ms": round(ms),
      "RSS before MiB": round(before.rss / 1024),
      "peak MiB": round(after.hwm / 1024),
      "peak − before MiB": round((after.hwm - before.rss) / 1024),
    });
  }
  return rows;
}

/** Synthetic stacks with random frame names (~5:1 under gzip), as much as fits in `limit` bytes of gzip. */
function bigProfile(limit) {
  const header = withHeader(STACKFILE, { pid: 2 });
  const blocks = [];
  for (let estimate = 0; estimate < limit; ) {
    const lines = [];
    for (let i = 0; i < 2000; i++) {
      const frames = Array.from({ length: 12 }, () => `pkg_${Math.random().toString(36).slice(2, 8)}.fn (mod.py:${i % 500})_[p]`);
      lines.push(`0;;python;${frames.join(";")} ${1 + (i % 9)}\n`);
    }
    blocks.push(lines.join(""));
    estimate += gzipSync(JSON.stringify(blocks.at(-1))).length;
  }
  for (;;) {
    const text = `${header.slice(0, header.indexOf("\n") + 1)}${blocks.join("")}`;
    const data = gzipSync(body(text, ""));
    if (data.length <= limit) return { text, data };
    blocks.pop();
  }
}

/** A valid upload whose profile is `# {}` and then 1 GiB of "a": about 1 MiB of gzip. */
async function gzipBomb() {
  const gzip = createGzip();
  const chunks = [];
  gzip.on("data", (chunk) => chunks.push(chunk));
  const done = new Promise((resolve) => gzip.on("end", resolve));
  gzip.write('{"start_time":"2026-11-25T10:00:00","gpid":"","profile":"# {}\\n');
  const block = Buffer.alloc(1 << 20, "a");
  for (let i = 0; i < 1024; i++) if (!gzip.write(block)) await new Promise((r) => gzip.once("drain", r));
  gzip.end('"}');
  await done;
  return Buffer.concat(chunks);
}

function body(profile, gpid) {
  return JSON.stringify({
    start_time: new Date(Date.now() - 15 * 60_000).toISOString().slice(0, 19),
    end_time: new Date().toISOString().slice(0, 19),
    hostname: "ip-172-31-33-27",
    profile,
    cpu_avg: 8.8,
    mem_avg: 39.8,
    spawn_time: "2023-12-03T16:31:00",
    gpid,
  });
}

function withHeader(profile, metadata) {
  const header = { ...HEADER, metadata: { ...HEADER.metadata, ...metadata } };
  return `# ${JSON.stringify(header)}${profile.slice(profile.indexOf("\n"))}`;
}

async function upload(url, token, service, data) {
  const res = await fetch(`${url}/api/v2/profiles?service=${service}&version=1.51.0`, {
    method: "POST",
    headers: {
      "GPROFILER-API-KEY": token,
      "GPROFILER-SERVICE-NAME": service,
      "Content-Encoding": "gzip",
      "Content-Type": "application/json",
    },
    body: data,
  });
  return { status: res.status, text: await res.text() };
}

/**
 * The workerd process that runs the Workers. `wrangler dev` starts two in its process group: a proxy on
 * the public port that forwards each request, and the runtime with the user Workers (the one with an
 * inspector address).
 */
function workerdPid(groupLeader) {
  const ps = run("ps", ["-o", "pid=,args=", "-g", String(groupLeader)], { quiet: true });
  const pids = ps
    .split("\n")
    .filter((line) => /\/workerd serve /.test(line) && line.includes("--inspector-addr"))
    .map((line) => Number(line.trim().split(/\s+/)[0]));
  if (pids.length !== 1) throw new Error(`expected one workerd runtime in process group ${groupLeader}, found ${pids.length}`);
  return pids[0];
}

function memoryOf(pid) {
  const status = readFileSync(`/proc/${pid}/status`, "utf8");
  const kb = (field) => Number(new RegExp(`^${field}:\\s+(\\d+) kB`, "m").exec(status)[1]);
  return { rss: kb("VmRSS"), hwm: kb("VmHWM") };
}

function round(n) {
  return Math.round(n * 10) / 10;
}
function kib(bytes) {
  return round(bytes / 1024);
}
function mib(chars) {
  return `${round(chars / 1024 / 1024)} MiB`;
}
