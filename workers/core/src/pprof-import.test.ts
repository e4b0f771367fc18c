import { readFileSync } from "node:fs";
import { gunzipSync } from "node:zlib";
import { Function, Line, Location, Profile, Sample, StringTable, ValueType } from "pprof-format";
import { describe, expect, test } from "vitest";
import { decodePprof, pprofStacks } from "./pprof-import";

const TESTDATA = new URL("../testdata/pprof/", import.meta.url);
const profileFile = (name: string) => decodePprof(gunzipSync(readFileSync(new URL(`${name}.pb.gz`, TESTDATA))))!;
/** The expected collapsed text as a map, so order does not matter. */
const expected = (name: string) =>
  new Map(
    readFileSync(new URL(`${name}.expected.txt`, TESTDATA), "utf8")
      .split("\n")
      .filter(Boolean)
      .map((line) => [line.slice(0, line.lastIndexOf(" ")), Number(line.slice(line.lastIndexOf(" ") + 1))]),
  );

describe("golden profiles (workers/core/testdata/pprof, generate.mjs)", () => {
  test("Go CPU: the samples column, inlined frames expanded caller first, labels merged, `;` in names replaced", () => {
    const result = pprofStacks(profileFile("go-cpu"));
    expect(result).toEqual({
      ok: true,
      value: { sampleType: "samples/count", stacks: expected("go-cpu"), startMs: 1_764_000_000_000 },
    });
  });

  test("a real node --cpu-prof run converted to a wall profile: the sample column", () => {
    const result = pprofStacks(profileFile("node-wall"));
    expect(result.ok && result.value.sampleType).toBe("sample/count");
    expect(result.ok && result.value.stacks).toEqual(expected("node-wall"));
  });

  test("a time column alone becomes samples by the period, summed per stack before rounding", () => {
    expect(pprofStacks(profileFile("cpu-nanos"))).toEqual({
      ok: true,
      value: { sampleType: "cpu/nanoseconds", stacks: expected("cpu-nanos"), startMs: null },
    });
  });

  test("a heap profile is refused by default, naming its columns; an asked-for column is read", () => {
    expect(pprofStacks(profileFile("heap"))).toEqual({
      ok: false,
      message: "The profile has no CPU or wall sample type (it has: alloc_objects/count, alloc_space/bytes)",
    });
    const asked = pprofStacks(profileFile("heap"), { sampleType: "alloc_space" });
    expect(asked.ok && asked.value.stacks).toEqual(expected("heap"));
    expect(pprofStacks(profileFile("heap"), { sampleType: "cpu" })).toMatchObject({ ok: false });
  });
});

test("the wall column is chosen by name, and without a period the sample rate converts it", () => {
  const st = new StringTable();
  const profile = new Profile({
    sampleType: [new ValueType({ type: st.dedup("wall"), unit: st.dedup("microseconds") })],
    sample: [new Sample({ locationId: [1], value: [50_000] })],
    location: [new Location({ id: 1, line: [new Line({ functionId: 1 })] })],
    function: [new Function({ id: 1, name: st.dedup("poll") })],
    stringTable: st,
  });
  const decoded = decodePprof(profile.encode())!;
  expect(pprofStacks(decoded, { sampleRate: 100 })).toMatchObject({ ok: true, value: { stacks: new Map([["poll", 5]]) } });
  expect(pprofStacks(decoded, { sampleRate: 20 })).toMatchObject({ ok: true, value: { stacks: new Map([["poll", 1]]) } });
});

test("bytes that are not a profile.proto (or still gzipped) decode to null", () => {
  expect(decodePprof(new TextEncoder().encode("foo;bar 1\n"))).toBeNull();
  expect(decodePprof(new Uint8Array([0x1f, 0x8b, 8, 0]))).toBeNull();
  expect(decodePprof(new Uint8Array([0x0a, 0xff, 0xff, 0xff, 0x0f]))).toBeNull();
});
