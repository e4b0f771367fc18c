import { describe, expect, it } from "vitest";
import { getInterval, getTimeRanges, type RangeTable, type Resolution, type TimeRange } from "./time-ranges";
import { toClickHouseDateTime } from "./wire/clickhouse-row";

const NOW = new Date("2024-03-15T12:00:00Z");
const utc = (text: string) => new Date(`${text}Z`);
/** Ranges grouped by table as "start..end" strings, like the spec table. */
function show(ranges: TimeRange[]): Partial<Record<RangeTable, string[]>> {
  const grouped: Partial<Record<RangeTable, string[]>> = {};
  for (const { table, start, end } of ranges) {
    (grouped[table] ??= []).push(`${toClickHouseDateTime(start)}..${toClickHouseDateTime(end)}`);
  }
  return grouped;
}

describe("getTimeRanges (§4.5, now = 2024-03-15T12:00:00)", () => {
  it.each<[string, string, Resolution, Partial<Record<RangeTable, string[]>>]>([
    [
      "2024-03-15T11:30:00",
      "2024-03-15T11:50:00",
      "multi",
      { raw: ["2024-03-15 11:30:00..2024-03-15 11:50:00"] },
    ],
    [
      "2024-03-15T10:30:00",
      "2024-03-15T11:30:00",
      "multi",
      { raw: ["2024-03-15 10:30:00..2024-03-15 11:30:00"] },
    ],
    [
      "2024-03-15T08:20:00",
      "2024-03-15T11:40:00",
      "multi",
      {
        raw: ["2024-03-15 08:20:00..2024-03-15 08:59:59", "2024-03-15 11:00:00..2024-03-15 11:40:00"],
        "1hour": ["2024-03-15 08:59:59..2024-03-15 10:59:59"],
      },
    ],
    [
      "2024-03-15T10:30:00",
      "2024-03-15T11:58:00",
      "multi",
      {
        raw: ["2024-03-15 10:30:00..2024-03-15 10:59:59", "2024-03-15 11:00:00..2024-03-15 11:55:00"],
        "1hour": ["2024-03-15 10:59:59..2024-03-15 10:59:59"],
      },
    ],
    [
      "2024-03-11T10:30:00",
      "2024-03-14T15:20:00",
      "multi",
      {
        raw: ["2024-03-11 10:30:00..2024-03-11 10:59:59", "2024-03-14 15:00:00..2024-03-14 15:20:00"],
        "1hour": ["2024-03-11 10:59:59..2024-03-11 23:59:59", "2024-03-14 00:00:00..2024-03-14 14:59:59"],
        "1day": ["2024-03-11 23:59:59..2024-03-13 23:59:59"],
      },
    ],
    [
      "2024-03-14T10:30:00",
      "2024-03-15T03:20:00",
      "multi",
      {
        raw: ["2024-03-14 10:30:00..2024-03-14 10:59:59", "2024-03-15 03:00:00..2024-03-15 03:20:00"],
        "1hour": ["2024-03-14 10:59:59..2024-03-14 23:59:59", "2024-03-15 00:00:00..2024-03-15 02:59:59"],
      },
    ],
    [
      "2024-03-14T11:55:00",
      "2024-03-15T11:55:00",
      "multi",
      {
        raw: ["2024-03-14 11:55:00..2024-03-14 11:59:59", "2024-03-15 11:00:00..2024-03-15 11:55:00"],
        "1hour": ["2024-03-14 11:59:59..2024-03-14 23:59:59", "2024-03-15 00:00:00..2024-03-15 10:59:59"],
      },
    ],
    [
      "2024-03-10T00:00:00",
      "2024-03-12T00:00:00",
      "hour",
      { "1hour": ["2024-03-10 00:00:00..2024-03-12 00:00:00"] },
    ],
    [
      "2024-03-10T00:00:00",
      "2024-03-12T00:00:00",
      "day",
      { "1day": ["2024-03-10 00:00:00..2024-03-12 00:00:00"] },
    ],
    [
      "2024-03-10T00:00:00",
      "2024-03-15T11:58:00",
      "raw",
      { raw: ["2024-03-10 00:00:00..2024-03-15 11:55:00"] },
    ],
    [
      "2024-03-01T12:00:00",
      "2024-03-03T06:00:00",
      "multi",
      { "1day_historical": ["2024-03-01 00:00:00..2024-03-03 23:59:59"] },
    ],
    [
      "2024-03-01T12:00:01",
      "2024-03-03T06:00:00",
      "raw",
      { raw: ["2024-03-01 12:00:01..2024-03-03 06:00:00"] },
    ],
  ])("%s .. %s (%s)", (start, end, resolution, expected) => {
    expect(show(getTimeRanges(utc(start), utc(end), resolution, NOW))).toEqual(expected);
  });

  it("decides multi slicing on the trimmed end, so an end past now cannot double count (§7.14)", () => {
    // Go: delta 1h50 > 1h slices, then trims the end to 11:55: raw 11:10..11:59:59 and 11:00..11:55 overlap.
    const ranges = getTimeRanges(utc("2024-03-15T11:10:00"), utc("2024-03-15T13:00:00"), "multi", NOW);
    expect(show(ranges)).toEqual({ raw: ["2024-03-15 11:10:00..2024-03-15 11:55:00"] });
  });

  it("lists ranges in time order with whole-second bounds", () => {
    const ranges = getTimeRanges(
      utc("2024-03-11T10:30:00.250"),
      utc("2024-03-14T15:20:00.750"),
      "multi",
      NOW,
    );
    expect(ranges.map((r) => r.table)).toEqual(["raw", "1hour", "1day", "1hour", "raw"]);
    expect(ranges.every((r) => r.start.getMilliseconds() === 0 && r.end.getMilliseconds() === 0)).toBe(true);
  });

  it("never reads a moment twice, for any start, end and now", () => {
    // Every range as the intervals of raw time it reads: a raw row is one second, a rollup row a
    // whole bucket, read when its bucket start lies inside the range.
    const BUCKET = { "1hour": 3_600_000, "1day": 86_400_000, "1day_historical": 86_400_000 };
    const covered = (ranges: TimeRange[]): [number, number][] => {
      const intervals: [number, number][] = [];
      for (const { table, start, end } of ranges) {
        if (table === "raw") {
          if (start <= end) intervals.push([start.getTime(), end.getTime() + 1000]);
          continue;
        }
        const bucket = BUCKET[table];
        for (let b = Math.ceil(start.getTime() / bucket) * bucket; b <= end.getTime(); b += bucket)
          intervals.push([b, b + bucket]);
      }
      return intervals.sort((a, b) => a[0] - b[0]);
    };
    let seed = 12345;
    const random = (max: number) => (seed = (Math.imul(seed, 1103515245) + 12345) >>> 0) % max;
    for (let i = 0; i < 3000; i++) {
      const now = Date.parse("2024-03-15T12:00:00Z") + random(86_400) * 1000;
      const start = now - random(13 * 86_400) * 1000;
      const end = start + random(4 * 86_400) * 1000;
      const intervals = covered(getTimeRanges(new Date(start), new Date(end), "multi", new Date(now)));
      for (let k = 1; k < intervals.length; k++)
        expect(intervals[k][0]).toBeGreaterThanOrEqual(intervals[k - 1][1]);
    }
  });
});

describe("getInterval (§4.8)", () => {
  const start = utc("2024-03-01T00:00:00");
  const after = (ms: number) => new Date(start.getTime() + ms);
  const MIN = 60_000,
    H = 60 * MIN,
    D = 24 * H;
  it.each([
    [0, "15 second"],
    [-H, "15 second"],
    [30 * MIN, "15 second"],
    [30 * MIN + 1000, "30 second"],
    [H, "30 second"],
    [H + 1000, "15 minute"],
    [D, "15 minute"],
    [D + 1000, "2 hour"],
    [7 * D, "2 hour"],
    [7 * D + 1000, "6 hour"],
    [14 * D, "6 hour"],
    [14 * D + 1000, "24 hour"],
    [30 * D, "24 hour"],
    [400 * D, "24 hour"],
  ])("%d ms → %s", (span, interval) => {
    expect(getInterval(start, after(span))).toBe(interval);
  });
});
