// Which ClickHouse table answers each time range of a flamegraph (indexer-flamedb.md §4.4, §4.5).
// As the original's BuildConditions: without a filter the all-hosts rollups (`_all`), with one the
// per-host/container rollups (they have the filter columns); raw ranges always read the raw table.
// One change for speed: the original read the per-container `samples_1day` for every range starting
// 14+ days ago (1day_historical); here the days still inside the `_all` tables' retention come from
// `samples_1day_all` (one row per stack and day instead of one per stack, host, container and day).
import type { TimeRange } from "./time-ranges";

export type SamplesTable =
  "samples" | "samples_1hour" | "samples_1hour_all" | "samples_1day" | "samples_1day_all";

export interface TableRange {
  table: SamplesTable;
  start: Date;
  end: Date;
}

const SECOND = 1000;
const DAY = 86_400_000;
/** TTL of samples_1hour_all / samples_1day_all (clickhouse/schema/004, 006). */
export const ALL_ROLLUPS_RETENTION_DAYS = 30;

export function flamegraphTableRanges(
  ranges: readonly TimeRange[],
  options: { filtered: boolean; now: Date },
): TableRange[] {
  const all = !options.filtered;
  return ranges.flatMap((range): TableRange[] => {
    switch (range.table) {
      case "raw":
        return [{ ...range, table: "samples" }];
      case "1hour":
        return [{ ...range, table: all ? "samples_1hour_all" : "samples_1hour" }];
      case "1day":
        return [{ ...range, table: all ? "samples_1day_all" : "samples_1day" }];
      case "1day_historical":
        return all ? splitAtRetention(range, options.now) : [{ ...range, table: "samples_1day" }];
    }
  });
}

/**
 * Daily buckets (at 00:00:00) from the first day surely not yet dropped by the `_all` TTL come from
 * samples_1day_all, older ones from samples_1day (kept 365 days). The two parts do not overlap.
 */
function splitAtRetention(range: TimeRange, now: Date): TableRange[] {
  const cutoff = allRollupsCutoff(now);
  const start = range.start.getTime();
  const end = range.end.getTime();
  if (start >= cutoff) return [{ ...range, table: "samples_1day_all" }];
  if (end < cutoff) return [{ ...range, table: "samples_1day" }];
  return [
    { table: "samples_1day", start: range.start, end: new Date(cutoff - SECOND) },
    { table: "samples_1day_all", start: new Date(cutoff), end: range.end },
  ];
}

/**
 * The samples table for per-bucket sums over a window (function CPU): the daily or hourly rollup when
 * the bucket is a whole number of days or hours, else the raw table.
 */
export function bucketedSamplesTable(
  bucketSeconds: number,
  options: { filtered: boolean; start: Date; now: Date },
): SamplesTable {
  if (bucketSeconds % 86400 === 0) {
    const old = options.start.getTime() < allRollupsCutoff(options.now);
    return options.filtered || old ? "samples_1day" : "samples_1day_all";
  }
  if (bucketSeconds % 3600 === 0) return options.filtered ? "samples_1hour" : "samples_1hour_all";
  return "samples";
}

/** The first daily bucket (00:00:00) the `_all` tables' TTL has surely not dropped yet. */
function allRollupsCutoff(now: Date): number {
  return Math.floor((now.getTime() - ALL_ROLLUPS_RETENTION_DAYS * DAY) / DAY) * DAY + DAY;
}
