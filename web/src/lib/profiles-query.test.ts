import { expect, test } from "vitest";
import {
  parseProfilesQuery,
  permalink,
  profilesParams,
  relativeHref,
  withParams,
  type ProfilesQuery,
} from "./profiles-query";

const parse = (query: string) => parseProfilesQuery(new URLSearchParams(query));

test("reads every A.8 param of the profiles page", () => {
  const q = parse(
    "service=web&time=1w&search=foo%7Cbar&truncation=1&view=table&gtab=3&fullscreen=1&snapshot=12" +
      "&filter=hn,is,node-1&rt=py_ja&rtms=0&p=gunicorn&p=perf&pm=1&wp=25",
  );
  expect(q).toMatchObject({
    service: "web",
    time: { kind: "preset", preset: "1w" },
    search: "foo|bar",
    truncation: true,
    view: "table",
    gtab: 3,
    fullscreen: true,
    snapshot: "12",
    filter: { logic: "$and", rules: [{ type: "HostName", op: "$eq", value: "node-1" }] },
    runtimes: ["Python", "Java"],
    mixedStacks: false,
    processes: { include: true, names: ["gunicorn", "perf"] },
    weight: { kind: "percentile", top: 25 },
  });
});

test("defaults for a bare URL, and bad values fall back to them", () => {
  const q = parse("view=nope&gtab=9&wp=101&wt=abc&depth=-3&sort=evil.up&res=7&rt=xx");
  expect(q).toMatchObject({
    view: "flamegraph",
    gtab: 5,
    weight: { kind: "all" },
    depth: 800,
    sort: { key: "total", desc: true },
    resolution: 0,
    runtimes: null,
    mixedStacks: true,
    ignoreZeros: true,
    metricsPanel: true,
    mines: false,
    zoom: null,
  });
});

test("every field round-trips through profilesParams", () => {
  const q: Partial<ProfilesQuery> = {
    service: "web",
    search: "a;b",
    truncation: true,
    view: "service",
    gtab: 2,
    fullscreen: true,
    snapshot: "7",
    filter: {
      logic: "$or",
      rules: [
        { type: "ContainerName", op: "$neq", value: "x" },
        { type: "HostName", op: "$eq", value: "h" },
      ],
    },
    runtimes: ["Go", "Kernel"],
    mixedStacks: false,
    processes: { include: false, names: ["perf"] },
    weight: { kind: "threshold", percent: 1.23456 },
    zoom: ["gunicorn", "main_[p]"],
    depth: 100,
    calledBy: "foo_[j]",
    fn: "bar",
    splitTab: "cpu",
    sort: { key: "self", desc: false },
    resolution: 15,
    ignoreZeros: false,
    metricsPanel: false,
    mines: true,
  };
  const url = withParams(new URL("http://ui/profiles"), profilesParams(q));
  const back = parseProfilesQuery(url.searchParams);
  expect(back).toMatchObject({ ...q, weight: { kind: "threshold", percent: 1.235 } });
});

test("defaults are removed from the URL; unknown params stay", () => {
  const url = new URL("http://ui/profiles?service=a&view=table&rt=py&foo=1");
  const next = withParams(url, profilesParams({ view: "flamegraph", runtimes: null, mixedStacks: true }));
  expect(relativeHref(next)).toBe("/profiles?service=a&foo=1");
});

test("withParams sets, repeats and removes params and keeps the others", () => {
  const url = new URL("http://ui/profiles?service=a&rt=py_ja&search=x&p=old");
  expect(relativeHref(withParams(url, { service: "b", search: null, p: ["x", "y"] }))).toBe(
    "/profiles?service=b&rt=py_ja&p=x&p=y",
  );
});

test("permalinks fix relative ranges to absolute ones, on the compare page both", () => {
  const now = new Date("2026-11-24T12:00:00.000Z");
  expect(permalink(new URL("http://ui/profiles?service=a&time=1h&search=x"), now)).toBe(
    "http://ui/profiles?service=a&search=x&startTime=2026-11-24T11%3A00%3A00.000Z&endTime=2026-11-24T12%3A00%3A00.000Z",
  );
  const compare = new URL(permalink(new URL("http://ui/compare?time=1h&cTime=1d"), now, ["", "c"]));
  expect(compare.searchParams.get("cStartTime")).toBe("2026-11-23T12:00:00.000Z");
  expect(compare.searchParams.get("startTime")).toBe("2026-11-24T11:00:00.000Z");
  expect(compare.searchParams.has("cTime")).toBe(false);
});
