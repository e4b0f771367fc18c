import { expect, test } from "vitest";
import { compareParams, parseCompareQuery } from "./compare-query";
import { withParams } from "./profiles-query";

test("reads base and compared ranges and services (A.8)", () => {
  const q = parseCompareQuery(
    new URLSearchParams(
      "service=a&time=6h&cService=b&cStartTime=2026-11-20T10:00:00Z&cEndTime=2026-11-20T11:00:00Z&cview=table&csort=base.asc",
    ),
  );
  expect(q).toMatchObject({
    service: "a",
    time: { kind: "preset", preset: "6h" },
    cService: "b",
    cTime: { kind: "custom", startTime: "2026-11-20T10:00:00Z", endTime: "2026-11-20T11:00:00Z" },
    view: "table",
    sort: { key: "base", desc: false },
  });
});

test("defaults: compared range is the last day, diff view, sorted by change", () => {
  expect(parseCompareQuery(new URLSearchParams(""))).toMatchObject({
    cTime: { kind: "preset", preset: "1d" },
    view: "diff",
    sort: { key: "delta", desc: true },
    cService: null,
  });
});

test("params round-trip and drop defaults", () => {
  const url = withParams(
    new URL("http://ui/compare?x=1"),
    compareParams({ view: "side", zoom: ["a", "b"], sort: { key: "delta", desc: true }, cService: "z" }),
  );
  expect(url.search).toBe("?x=1&cService=z&cview=side&zoom=a%3Bb");
  expect(parseCompareQuery(url.searchParams)).toMatchObject({
    view: "side",
    zoom: ["a", "b"],
    cService: "z",
  });
});

test("normaliser, tag filters and agent versions per side (issue 9)", () => {
  const q = parseCompareQuery(
    new URLSearchParams("norm=raw&filter=hn,is,h1&cFilter=hn,is,h2&agentVersion=1.35.0&cAgentVersion=latest"),
  );
  expect(q).toMatchObject({ normalize: "raw", agentVersion: "1.35.0", cAgentVersion: null });
  expect(q.filter?.rules).toEqual([{ type: "HostName", op: "$eq", value: "h1" }]);
  expect(q.cFilter?.rules).toEqual([{ type: "HostName", op: "$eq", value: "h2" }]);
  expect(parseCompareQuery(new URLSearchParams("norm=bogus")).normalize).toBe("cores");
  const url = withParams(
    new URL("http://ui/compare?norm=raw&cAgentVersion=1.2.3"),
    compareParams({ normalize: "cores", cAgentVersion: null, filter: q.filter, agentVersion: "1.36.0" }),
  );
  expect(url.search).toBe("?filter=hn%2Cis%2Ch1&agentVersion=1.36.0");
});
