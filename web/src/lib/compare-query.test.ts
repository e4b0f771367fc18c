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
