#!/usr/bin/env node
// Regenerates the pprof test profiles of workers/core/src/pprof-import.test.ts:
//   node workers/core/testdata/pprof/generate.mjs          hand-built profiles (deterministic)
//   node workers/core/testdata/pprof/generate.mjs --node   also a real `node --cpu-prof` run (timing varies)
// Each profile.pb.gz comes with <name>.expected.txt, the collapsed stacks it must import as, written from
// the source data by a path independent of the importer (and read by hand when committed).
import { execFileSync } from "node:child_process";
import { mkdtempSync, readFileSync, readdirSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { gzipSync } from "node:zlib";
import { Function, Label, Line, Location, Mapping, Profile, Sample, StringTable, ValueType } from "pprof-format";

const here = new URL(".", import.meta.url).pathname;
const write = (name, profile, expected) => {
  writeFileSync(join(here, `${name}.pb.gz`), gzipSync(profile.encode(), { mtime: 0 }));
  writeFileSync(join(here, `${name}.expected.txt`), expected);
};

/** Go's CPU profile shape: samples/count and cpu/nanoseconds, period 10 ms, inlined frames, labels. */
function goCpu() {
  const st = new StringTable();
  const fn = (id, name) => new Function({ id, name: st.dedup(name), systemName: st.dedup(name), filename: st.dedup("main.go") });
  const functions = [
    fn(1, "runtime.main"),
    fn(2, "main.main"),
    fn(3, "main.work"),
    fn(4, "main.hash"), // inlined into main.work
    fn(5, "main.weird;name"), // a `;` inside a name
    fn(6, "runtime.mallocgc"),
  ];
  const loc = (id, ...functionIds) => new Location({ id, mappingId: 1, address: 0x1000 + id, line: functionIds.map((f, i) => new Line({ functionId: f, line: 10 + i })) });
  const locations = [
    loc(1, 1),
    loc(2, 2),
    loc(3, 4, 3), // leaf-first lines: main.hash inlined into main.work
    loc(4, 5),
    loc(5, 6),
    new Location({ id: 6, mappingId: 1, address: 0xdead }), // no symbol
  ];
  const label = (k, v) => new Label({ key: st.dedup(k), str: st.dedup(v) });
  const sample = (locationId, count, labels = []) => new Sample({ locationId, value: [count, count * 10_000_000], label: labels });
  const profile = new Profile({
    sampleType: [new ValueType({ type: st.dedup("samples"), unit: st.dedup("count") }), new ValueType({ type: st.dedup("cpu"), unit: st.dedup("nanoseconds") })],
    sample: [
      sample([3, 2, 1], 7, [label("span", "a")]),
      sample([3, 2, 1], 3, [label("span", "b")]), // same stack, other label: adds up
      sample([2, 1], 2),
      sample([4, 2, 1], 1),
      sample([5, 3, 2, 1], 4),
      sample([6, 1], 5),
      sample([5, 1], 0), // zero: dropped
    ],
    mapping: [new Mapping({ id: 1, filename: st.dedup("/app/server") })],
    location: locations,
    function: functions,
    stringTable: st,
    timeNanos: 1_764_000_000_000_000_000n,
    durationNanos: 10_000_000_000,
    periodType: new ValueType({ type: st.dedup("cpu"), unit: st.dedup("nanoseconds") }),
    period: 10_000_000,
  });
  write(
    "go-cpu",
    profile,
    [
      "runtime.main;main.main;main.work;main.hash 10",
      "runtime.main;main.main 2",
      "runtime.main;main.main;main.weird:name 1",
      "runtime.main;main.main;main.work;main.hash;runtime.mallocgc 4",
      "runtime.main;[unknown] 5",
      "",
    ].join("\n"),
  );
}

/** A time column only (as pyroscope-dotnet and Java agents send): cpu/nanoseconds, period 10 ms. */
function cpuNanosOnly() {
  const st = new StringTable();
  const profile = new Profile({
    sampleType: [new ValueType({ type: st.dedup("cpu"), unit: st.dedup("nanoseconds") })],
    sample: [
      new Sample({ locationId: [2, 1], value: [25_000_000] }), // 2.5 periods …
      new Sample({ locationId: [2, 1], value: [10_000_000] }), // … summed first: 3.5 → 4 samples
      new Sample({ locationId: [1], value: [4_000_000] }), // 0.4 of a period: rounds to nothing
    ],
    location: [new Location({ id: 1, line: [new Line({ functionId: 1 })] }), new Location({ id: 2, line: [new Line({ functionId: 2 })] })],
    function: [new Function({ id: 1, name: st.dedup("Program.Main") }), new Function({ id: 2, name: st.dedup("Worker.Spin") })],
    stringTable: st,
    periodType: new ValueType({ type: st.dedup("cpu"), unit: st.dedup("nanoseconds") }),
    period: 10_000_000,
  });
  write("cpu-nanos", profile, "Program.Main;Worker.Spin 4\n");
}

/** A heap profile: no CPU or wall column, refused unless a column is asked for. */
function heap() {
  const st = new StringTable();
  const profile = new Profile({
    sampleType: [
      new ValueType({ type: st.dedup("alloc_objects"), unit: st.dedup("count") }),
      new ValueType({ type: st.dedup("alloc_space"), unit: st.dedup("bytes") }),
    ],
    sample: [new Sample({ locationId: [1], value: [3, 4096] })],
    location: [new Location({ id: 1, line: [new Line({ functionId: 1 })] })],
    function: [new Function({ id: 1, name: st.dedup("bytes.Repeat") })],
    stringTable: st,
  });
  write("heap", profile, "bytes.Repeat 4096\n");
}

/**
 * A real V8 CPU profile (`node --cpu-prof`) of a small deterministic workload, converted as DataDog's
 * @datadog/pprof shapes a wall profile: sample/count and wall/nanoseconds. The expected stacks come from
 * the .cpuprofile's parent links and sample list directly.
 */
function nodeWall() {
  const dir = mkdtempSync(join(tmpdir(), "cpuprof-"));
  const workload = `
    function fib(n) { return n < 2 ? n : fib(n - 1) + fib(n - 2); }
    function sortMany() { let s = 0; for (let i = 0; i < 200; i++) s += Array.from({ length: 2000 }, (_, j) => (j * 7919) % 2003).sort((a, b) => a - b)[0]; return s; }
    function main() { let t = 0; for (let i = 0; i < 20; i++) { t += fib(24); t += sortMany(); } return t; }
    main();`;
  execFileSync(process.execPath, ["--cpu-prof", `--cpu-prof-dir=${dir}`, "--cpu-prof-interval=1000", "-e", workload]);
  const cpuprofile = JSON.parse(readFileSync(join(dir, readdirSync(dir).find((f) => f.endsWith(".cpuprofile"))), "utf8"));
  const name = (node) => `${node.callFrame.functionName || "(anonymous)"} ${node.callFrame.url.split("/").pop()}:${node.callFrame.lineNumber + 1}`;
  const byId = new Map(cpuprofile.nodes.map((n) => [n.id, n]));
  const parent = new Map();
  for (const n of cpuprofile.nodes) for (const c of n.children ?? []) parent.set(c, n.id);
  // Expected: each sample's node chain, root frame "(root)" left out as the converter leaves it out.
  const counts = new Map();
  for (const id of cpuprofile.samples) {
    const frames = [];
    for (let at = id; parent.has(at); at = parent.get(at)) frames.unshift(name(byId.get(at)));
    if (frames.length) counts.set(frames.join(";"), (counts.get(frames.join(";")) ?? 0) + 1);
  }
  const st = new StringTable();
  const functionIds = new Map();
  const functions = [];
  const locations = [];
  for (const n of cpuprofile.nodes) {
    if (!parent.has(n.id)) continue;
    const key = name(n);
    if (!functionIds.has(key)) {
      functionIds.set(key, functions.length + 1);
      functions.push(new Function({ id: functions.length + 1, name: st.dedup(key), filename: st.dedup(n.callFrame.url) }));
    }
    locations.push(new Location({ id: n.id, line: [new Line({ functionId: functionIds.get(key), line: n.callFrame.lineNumber + 1 })] }));
  }
  const samples = [];
  cpuprofile.samples.forEach((id, i) => {
    const locationId = [];
    for (let at = id; parent.has(at); at = parent.get(at)) locationId.push(at);
    if (locationId.length) samples.push(new Sample({ locationId, value: [1, cpuprofile.timeDeltas[i] * 1000] }));
  });
  const profile = new Profile({
    sampleType: [new ValueType({ type: st.dedup("sample"), unit: st.dedup("count") }), new ValueType({ type: st.dedup("wall"), unit: st.dedup("nanoseconds") })],
    sample: samples,
    location: locations,
    function: functions,
    stringTable: st,
    timeNanos: BigInt(cpuprofile.startTime) * 1000n,
    durationNanos: (cpuprofile.endTime - cpuprofile.startTime) * 1000,
    periodType: new ValueType({ type: st.dedup("wall"), unit: st.dedup("nanoseconds") }),
    period: 1_000_000,
  });
  const expected = [...counts].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)).map(([s, c]) => `${s} ${c}\n`).join("");
  write("node-wall", profile, expected);
}

goCpu();
cpuNanosOnly();
heap();
if (process.argv.includes("--node")) nodeWall();
