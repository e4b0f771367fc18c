// GET /api/flamegraph/export against the real ClickHouse: every format of the same view, with its
// window and filter, read back (pprof decoded with pprof-format, speedscope's stacks, the collapsed text).
import { gunzipSync } from "node:zlib";
import { Profile } from "pprof-format";
import { beforeAll, describe, expect, test } from "vitest";
import { createProfileIndexer } from "../../core/src/collapsed";
import { EXPORT_FORMATS } from "../../core/src/export-formats";
import { decodePprof, pprofStacks } from "../../core/src/pprof-import";
import type { SpeedscopeFile } from "../../core/src/speedscope-export";
import { get, insertRows } from "./helpers";
import { createService } from "./seed";

const now = Date.now();
const at = new Date(now - 10 * 60_000);
const window = { startTime: new Date(now - 3_600_000).toISOString(), endTime: new Date(now).toISOString() };

/** Two hosts' profiles, as the indexer writes them. */
const PROFILES = {
  "h1": ["python;main_[p];foo_[p] 3", "python;main_[p];bar_[p] 2", "python;main_[p] 1"],
  "h2": ["java;Thread.run_[j];work_[j] 5", "python;main_[p];foo_[p] 4"],
};
const ALL = new Map([
  ["python;main_[p];foo_[p]", 7],
  ["python;main_[p];bar_[p]", 2],
  ["python;main_[p]", 1],
  ["java;Thread.run_[j];work_[j]", 5],
]);

let service = "";
beforeAll(async () => {
  const created = await createService({ envType: "instances" });
  service = created.name;
  const id = created.id;
  for (const [host, lines] of Object.entries(PROFILES)) {
    const indexer = createProfileIndexer({ serviceId: id, timestamp: at, insertionTimestamp: at });
    indexer.push(new TextEncoder().encode(`# {"metadata":{"hostname":"${host}","run_arguments":{"profile_api_version":"v1"}}}\n${lines.join("\n")}\n`));
    const result = indexer.finish();
    if (!result.ok) throw new Error(result.error);
    await insertRows("flamedb.samples", [...result.rows]);
  }
});

const exportUrl = (format: string, extra: Record<string, string> = {}) =>
  `/api/flamegraph/export?${new URLSearchParams({ serviceName: service, ...window, format, ...extra })}`;

/** Collapsed text → stack map. */
const stacksOf = (text: string) =>
  new Map(text.split("\n").filter(Boolean).map((l) => [l.slice(0, l.lastIndexOf(" ")), Number(l.slice(l.lastIndexOf(" ") + 1))]));

describe("every format", () => {
  test.each(EXPORT_FORMATS)("%s is an attachment named for the service and range", async (format) => {
    const res = await get(exportUrl(format));
    expect(res.status).toBe(200);
    expect(res.headers.get("content-disposition")).toMatch(new RegExp(`^attachment; filename="${service}_hourly\\.`));
    expect((await res.arrayBuffer()).byteLength).toBeGreaterThan(0);
  });
});

test("pprof: gzipped profile.proto, valid for go tool pprof, with the view's stacks and time", async () => {
  const res = await get(exportUrl("pprof"));
  expect(res.headers.get("content-type")).toBe("application/octet-stream");
  expect(res.headers.get("content-disposition")).toContain(".pb.gz");
  const bytes = gunzipSync(new Uint8Array(await res.arrayBuffer()));
  const profile = Profile.decode(bytes);
  const strings = profile.stringTable.strings;
  expect(strings[0]).toBe("");
  expect(profile.sampleType.map((t) => strings[Number(t.type)])).toEqual(["samples"]);
  expect(profile.location.every((l) => Number(l.id) > 0) && profile.function.every((f) => Number(f.id) > 0)).toBe(true);
  expect(Number(profile.timeNanos)).toBe(Date.parse(window.startTime) * 1e6);
  expect(strings[Number(profile.comment[0])]).toContain(service);
  const back = pprofStacks(decodePprof(bytes)!);
  expect(back.ok && back.value.stacks).toEqual(ALL);
});

test("the filter applies: one host's stacks only, and the filter is named in the file", async () => {
  const filter = JSON.stringify({ filter: { $and: [{ HostName: { $eq: "h1" } }] } });
  const collapsed = await (await get(exportUrl("collapsed", { filter }))).text();
  expect(stacksOf(collapsed)).toEqual(stacksOf(PROFILES.h1.join("\n")));
  const speedscope = (await (await get(exportUrl("speedscope", { filter }))).json()) as SpeedscopeFile;
  expect(speedscope.name).toContain("filter: HostName");
  const [profile] = speedscope.profiles;
  const stacks = new Map(profile.samples.map((s, i) => [s.map((f) => speedscope.shared.frames[f].name).join(";"), profile.weights[i]]));
  expect(stacks).toEqual(stacksOf(PROFILES.h1.join("\n")));
});

test("svg and json are the same view as the flamegraph route", async () => {
  const svg = await (await get(exportUrl("svg"))).text();
  expect(svg).toContain("<script");
  const json = (await (await get(exportUrl("json"))).json()) as Record<string, unknown>;
  const view = (await (await get(`/api/flamegraph?${new URLSearchParams({ serviceName: service, ...window })}`)).json()) as Record<string, unknown>;
  const withoutTimings = ({ exec_time: _e, olap_time: _o, ...rest }: Record<string, unknown>) => rest;
  expect(withoutTimings(json)).toEqual(withoutTimings(view));
});

test("an empty window is 204; a bad format or service is a 4xx with a message", async () => {
  const empty = await get(`/api/flamegraph/export?${new URLSearchParams({ serviceName: service, startTime: "2020-01-01T00:00:00", endTime: "2020-01-01T01:00:00", format: "pprof" })}`);
  expect(empty.status).toBe(204);
  const bad = await get(exportUrl("png"));
  expect(bad.status).toBe(400);
  expect(((await bad.json()) as { message: string }).message).toMatch(/pprof, collapsed, speedscope, svg, json/);
  const unknown = await get(`/api/flamegraph/export?${new URLSearchParams({ ...window, serviceName: "nope-no-such", format: "svg" })}`);
  expect(unknown.status).toBe(406);
});
