// Every export format of a flamegraph view, each read back by its own reader: pprof through
// pprof-format (and the studio's own importer), speedscope against the required fields of its schema,
// collapsed through the indexer's parser, SVG still interactive, JSON as /api/flamegraph answers.
import { Profile } from "pprof-format";
import { describe, expect, test } from "vitest";
import { createProfileIndexer } from "./collapsed";
import { exportFile, EXPORT_FORMATS, type ExportView } from "./export-formats";
import { collapsedText, selfStacks, type ExportFrame } from "./export-stacks";
import { prepareMergedGraph } from "./flamegraph";
import { encodePprof } from "./pprof-export";
import { decodePprof, pprofStacks } from "./pprof-import";
import { SPEEDSCOPE_SCHEMA, speedscopeFile } from "./speedscope-export";

const frame = (name: string, samples: number, ...children: ExportFrame[]): ExportFrame => ({ name, samples, children });
/** python;main_[p] 6 (self 1) with foo 3 and bar 2; java;run 5 (self 5); a name with spaces and a quote. */
const ROOTS = [
  frame("python", 6, frame("main_[p]", 6, frame("foo_[p]", 3), frame("bar_[p]", 2))),
  frame("java", 5, frame("Thread.run_[j]", 5)),
  frame('say "hi" (x.py)', 2),
];
const STACKS = new Map([
  ["python;main_[p];foo_[p]", 3],
  ["python;main_[p];bar_[p]", 2],
  ["python;main_[p]", 1],
  ["java;Thread.run_[j]", 5],
  ['say "hi" (x.py)', 2],
]);
const VIEW: ExportView = {
  serviceName: "shop",
  startTime: new Date("2026-11-25T10:00:00Z"),
  endTime: new Date("2026-11-25T11:00:00Z"),
  filter: "HostName $eq h1",
};

test("self stacks: children before parents, only frames with self samples", () => {
  expect([...selfStacks(ROOTS)].map(([frames, self]) => [frames.join(";"), self])).toEqual([
    ["python;main_[p];foo_[p]", 3],
    ["python;main_[p];bar_[p]", 2],
    ["python;main_[p]", 1],
    ["java;Thread.run_[j]", 5],
    ['say "hi" (x.py)', 2],
  ]);
});

describe("pprof", () => {
  const profile = Profile.decode(encodePprof(ROOTS, { startTime: VIEW.startTime, endTime: VIEW.endTime, comment: "c" }));
  const strings = profile.stringTable.strings;

  test("is a valid profile.proto: string 0 empty, ids from 1, sample type and period set", () => {
    expect(strings[0]).toBe("");
    expect(profile.sampleType.map((t) => `${strings[Number(t.type)]}/${strings[Number(t.unit)]}`)).toEqual(["samples/count"]);
    expect(profile.periodType && strings[Number(profile.periodType.type)]).toBe("samples");
    expect(Number(profile.period)).toBe(1);
    expect(profile.function.map((f) => Number(f.id))).toEqual(profile.function.map((_, i) => i + 1));
    expect(profile.location.every((l) => Number(l.id) > 0 && l.line.length === 1 && Number(l.line[0].functionId) > 0)).toBe(true);
    const ids = new Set(profile.location.map((l) => Number(l.id)));
    expect(profile.sample.every((s) => s.locationId.length > 0 && s.locationId.every((id) => ids.has(Number(id))))).toBe(true);
    expect(Number(profile.timeNanos)).toBe(VIEW.startTime.getTime() * 1e6);
    expect(Number(profile.durationNanos)).toBe(3600e9);
    expect(profile.comment.map((i) => strings[Number(i)])).toEqual(["c"]);
    // one location per distinct name
    expect(new Set(profile.function.map((f) => strings[Number(f.name)])).size).toBe(profile.function.length);
  });

  test("reads back as the same stacks through the ingest importer", () => {
    expect(pprofStacks(decodePprof(encodePprof(ROOTS, VIEW))!)).toEqual({
      ok: true,
      value: { sampleType: "samples/count", stacks: STACKS, startMs: VIEW.startTime.getTime() },
    });
  });
});

describe("speedscope", () => {
  const file = speedscopeFile(ROOTS, "shop");

  test("has every field the schema requires, with valid frame indexes and weights", () => {
    // file-format-schema.json: File requires $schema, shared.frames, profiles; SampledProfile requires
    // type, name, unit, startValue, endValue, samples, weights; Frame requires name.
    expect(file.$schema).toBe(SPEEDSCOPE_SCHEMA);
    expect(Object.keys(file)).toEqual(expect.arrayContaining(["$schema", "shared", "profiles"]));
    const [profile] = file.profiles;
    expect(Object.keys(profile).sort()).toEqual(["endValue", "name", "samples", "startValue", "type", "unit", "weights"]);
    expect(profile).toMatchObject({ type: "sampled", unit: "none", startValue: 0, endValue: 13 });
    expect(profile.samples).toHaveLength(profile.weights.length);
    expect(profile.samples.flat().every((i) => Number.isInteger(i) && i >= 0 && i < file.shared.frames.length)).toBe(true);
    expect(file.shared.frames.every((f) => typeof f.name === "string")).toBe(true);
  });

  test("its samples are the same stacks", () => {
    const [profile] = file.profiles;
    const stacks = new Map(profile.samples.map((s, i) => [s.map((f) => file.shared.frames[f].name).join(";"), profile.weights[i]]));
    expect(stacks).toEqual(STACKS);
  });
});

test("collapsed text goes through the indexer's parser to the same tree", () => {
  const text = collapsedText(ROOTS);
  expect(collapsedText(graphOf(text).roots)).toBe(text);
});

describe("exportFile", () => {
  const graph = graphOf(collapsedText(ROOTS));

  test.each(EXPORT_FORMATS)("%s gives a non-empty file with its type and extension", (format) => {
    const file = exportFile(format, graph, VIEW);
    expect(file.body.length).toBeGreaterThan(0);
    expect(file.contentType).toMatch(/^(application|text|image)\//);
    expect(file.extension).toMatch(/^\./);
  });

  test("svg is standalone and interactive: tooltips, click-to-zoom script, the filter in the subtitle", () => {
    const svg = exportFile("svg", graph, VIEW).body as string;
    expect(svg).toMatch(/^<\?xml[^>]*>\s*<svg[^>]*xmlns="http:\/\/www.w3.org\/2000\/svg"/);
    expect(svg).toContain("<script");
    expect(svg).toContain('addEventListener("click"');
    expect(svg).toContain("<title>foo_[p] (3 samples");
    expect(svg).toContain("filter: HostName $eq h1");
  });

  test("json is the /api/flamegraph tree; pprof is flagged for gzip; speedscope names the view", () => {
    const json = JSON.parse(exportFile("json", graph, VIEW).body as string);
    expect(json).toMatchObject({ name: "root", value: 13 });
    expect(json.children.map((c: { name: string }) => c.name)).toEqual(["java", "python", 'say "hi" (x.py)']);
    expect(exportFile("pprof", graph, VIEW).gzip).toBe(true);
    expect(JSON.parse(exportFile("speedscope", graph, VIEW).body as string).name).toBe(
      "shop: 2026-11-25T10:00:00.000Z – 2026-11-25T11:00:00.000Z (filter: HostName $eq h1)",
    );
  });

  test("a large random profile exports to pprof and imports back to the same stacks", () => {
    const expected = randomStacks(2_000, 42);
    const back = pprofStacks(decodePprof(encodePprof(treeOf(expected), VIEW))!);
    expect(back.ok && back.value.stacks).toEqual(expected);
  });
});

/** The prepared graph the api would build from these collapsed stacks, through the indexer's rows. */
function graphOf(text: string) {
  const indexer = createProfileIndexer({ serviceId: 1, timestamp: VIEW.startTime, insertionTimestamp: VIEW.startTime });
  indexer.push(new TextEncoder().encode(`# {"metadata":{"run_arguments":{"profile_api_version":"v1"}}}\n${text}`));
  const result = indexer.finish();
  if (!result.ok) throw new Error(result.error);
  const rows = [...result.rows].map((r) => ({
    hash: String(r.CallStackHash),
    name: r.CallStackName,
    parent: String(r.CallStackParent),
    samples: r.NumSamples,
  }));
  return prepareMergedGraph(rows, { stacksNum: 100_000, lang: false });
}

/** Distinct stacks over a small alphabet of frames (xorshift, so failures reproduce). */
function randomStacks(count: number, seed: number): Map<string, number> {
  let x = seed;
  const next = () => ((x ^= x << 13), (x ^= x >>> 17), (x ^= x << 5), (x >>> 0) / 2 ** 32);
  const stacks = new Map<string, number>();
  while (stacks.size < count) {
    const depth = 1 + Math.floor(next() * 30);
    const frames = Array.from({ length: depth }, () => `f${Math.floor(next() * 40)}_[p]`);
    stacks.set(frames.join(";"), 1 + Math.floor(next() * 1000));
  }
  return stacks;
}

/** A tree from collapsed stacks (root first) with inclusive counts. */
function treeOf(stacks: Map<string, number>): ExportFrame[] {
  type Node = { name: string; samples: number; children: Node[] };
  const roots: Node[] = [];
  for (const [stack, count] of stacks) {
    let level = roots;
    for (const name of stack.split(";")) {
      let node = level.find((n) => n.name === name);
      if (!node) level.push((node = { name, samples: 0, children: [] }));
      node.samples += count;
      level = node.children;
    }
  }
  return roots;
}

