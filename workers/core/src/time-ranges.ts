// Time slicing for flamegraph queries (spec §4.5, db/clickhouse.go GetTimeRanges): a long range is
// read from the raw table at its ragged ends and from the hourly/daily rollups in between. All times
// are UTC; each range is used as `Timestamp BETWEEN start AND end` (inclusive, whole seconds).
/** Which table a range is read from: samples, samples_1hour*, samples_1day*, or samples_1day. */
export type RangeTable = "raw" | "1hour" | "1day" | "1day_historical";
export type Resolution = "multi" | "hour" | "day" | "raw";

export interface TimeRange {
  table: RangeTable;
  /** Inclusive bounds in whole seconds: Go's formatting drops the sub-seconds. */
  start: Date;
  end: Date;
}

const SECOND = 1000;
const MINUTE = 60 * SECOND;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;
/** The end is kept 5 minutes behind now, so half-ingested data is not shown (common.BackRewindTime). */
const BACK_REWIND = 5 * MINUTE;
/** From this age of `start` on, only the daily table is read (it keeps 365 days, §3.1). */
const RETENTION = 14 * DAY;

const startOfHour = (t: number) => Math.floor(t / HOUR) * HOUR;
const startOfDay = (t: number) => Math.floor(t / DAY) * DAY;
// Go's end-of-period also carries 999 ns; at millisecond precision "after it" is just "> :59".
const endOfHour = (t: number) => startOfHour(t) + HOUR - SECOND;
const endOfDay = (t: number) => startOfDay(t) + DAY - SECOND;

const wholeSecond = (t: number) => new Date(Math.floor(t / SECOND) * SECOND);
const range = (table: RangeTable, start: number, end: number): TimeRange => ({
  table,
  start: wholeSecond(start),
  end: wholeSecond(end),
});

/** trimEndTime: an end less than 5 minutes ago (or in the future) becomes now - 5 minutes. */
function trimEnd(end: number, now: number): number {
  return now - end < BACK_REWIND ? now - BACK_REWIND : end;
}

/** The ranges to query, in time order (Go returns them grouped by table). */
export function getTimeRanges(
  startDate: Date,
  endDate: Date,
  resolution: Resolution,
  nowDate: Date,
): TimeRange[] {
  const start = startDate.getTime();
  const end = endDate.getTime();
  const now = nowDate.getTime();
  // Go ignores the resolution and the end trim here.
  if (now - start >= RETENTION) return [range("1day_historical", startOfDay(start), endOfDay(end))];
  const trimmed = trimEnd(end, now);
  if (resolution === "hour") return [range("1hour", start, trimmed)];
  if (resolution === "day") return [range("1day", start, trimmed)];
  // Go decides on the untrimmed end (§7.14): an end past now could then slice a range shorter than
  // an hour into a raw head and tail in the same hour that overlap, counting samples twice.
  if (resolution === "multi" && trimmed - start > HOUR) return sliceMultiRange(start, trimmed);
  return [range("raw", start, trimmed)];
}

/** Raw head + hourly (+ daily middle + hourly) + raw tail. Rollup rows sit at their bucket start. */
function sliceMultiRange(start: number, end: number): TimeRange[] {
  const head = range("raw", start, endOfHour(start));
  const tail = range("raw", startOfHour(end), end);
  const previousHour = endOfHour(end - HOUR);
  if (end <= endOfDay(start)) return [head, range("1hour", endOfHour(start), previousHour), tail];
  const previousDay = endOfDay(end - DAY);
  const days = previousDay === endOfDay(start) ? [] : [range("1day", endOfDay(start), previousDay)];
  return [
    head,
    range("1hour", endOfHour(start), endOfDay(start)),
    ...days,
    range("1hour", startOfDay(end), previousHour),
    tail,
  ];
}

/** getInterval without an explicit interval: the toStartOfInterval step for a time span (§4.8). */
export function getInterval(start: Date, end: Date): string {
  const span = end.getTime() - start.getTime();
  if (span <= 30 * MINUTE) return "15 second";
  if (span <= HOUR) return "30 second";
  if (span <= DAY) return "15 minute";
  if (span <= 7 * DAY) return "2 hour";
  if (span <= 14 * DAY) return "6 hour";
  return "24 hour";
}
