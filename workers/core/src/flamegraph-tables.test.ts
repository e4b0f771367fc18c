import { describe, expect, test } from "vitest";
import { bucketedSamplesTable, flamegraphTableRanges } from "./flamegraph-tables";
import { getTimeRanges } from "./time-ranges";

const utc = (s: string) => new Date(`${s}Z`);
const show = (ranges: ReturnType<typeof flamegraphTableRanges>) =>
  ranges.map((r) => `${r.table} ${r.start.toISOString().slice(0, 19)}..${r.end.toISOString().slice(0, 19)}`);
const NOW = utc("2024-03-15T12:00:00");

describe("flamegraphTableRanges", () => {
  const multi = getTimeRanges(utc("2024-03-11T10:30:00"), utc("2024-03-14T15:20:00"), "multi", NOW);

  test("without a filter the rollups over all hosts, as BuildConditions' _all prefix", () => {
    expect(show(flamegraphTableRanges(multi, { filtered: false }))).toEqual([
      "samples 2024-03-11T10:30:00..2024-03-11T10:59:59",
      "samples_1hour_all 2024-03-11T10:59:59..2024-03-11T23:59:59",
      "samples_1day_all 2024-03-11T23:59:59..2024-03-13T23:59:59",
      "samples_1hour_all 2024-03-14T00:00:00..2024-03-14T14:59:59",
      "samples 2024-03-14T15:00:00..2024-03-14T15:20:00",
    ]);
  });

  test("with a filter the per-host/container rollups; raw stays raw", () => {
    expect(flamegraphTableRanges(multi, { filtered: true }).map((r) => r.table)).toEqual([
      "samples",
      "samples_1hour",
      "samples_1day",
      "samples_1hour",
      "samples",
    ]);
  });

  test("historical ranges read samples_1day_all, and samples_1day only before samples_1day_all's first day", () => {
    const month = getTimeRanges(utc("2024-02-14T12:00:00"), utc("2024-03-15T12:00:00"), "multi", NOW);
    const ranges = flamegraphTableRanges(month, { filtered: false });
    expect(show(ranges)).toEqual([
      "samples_1day 2024-02-14T00:00:00..2024-03-15T23:59:59",
      "samples_1day_all 2024-02-14T00:00:00..2024-03-15T23:59:59",
    ]);
    expect(ranges.map((r) => r.untilFirstDayOf)).toEqual(["samples_1day_all", undefined]);
    expect(flamegraphTableRanges(month, { filtered: true })).toEqual([
      { table: "samples_1day", start: utc("2024-02-14T00:00:00"), end: utc("2024-03-15T23:59:59") },
    ]);
  });
});

describe("bucketedSamplesTable", () => {
  const recent = { filtered: false, start: utc("2024-03-10T00:00:00"), now: NOW };
  test.each([
    [60, recent, "samples"],
    [900, recent, "samples"],
    [7200, recent, "samples_1hour_all"],
    [7200, { ...recent, filtered: true }, "samples_1hour"],
    [86400, recent, "samples_1day_all"],
    [86400, { ...recent, start: utc("2024-02-01T00:00:00") }, "samples_1day"],
    [86400, { ...recent, filtered: true }, "samples_1day"],
  ])("%i s %j → %s", (seconds, options, table) => expect(bucketedSamplesTable(seconds, options)).toBe(table));
});
