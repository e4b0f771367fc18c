// Which ClickHouse table answers each time range of a flamegraph (indexer-flamedb.md §4.4, §4.5).
// As the original's BuildConditions: without a filter the all-hosts rollups (`_all`), with one the
// per-host/container rollups (they have the filter columns); raw ranges always read the raw table.
// One change for speed: the original read the per-container `samples_1day` for every range starting
// 14+ days ago (1day_historical); here, without a filter, those days come from `samples_1day_all` (one
// row per stack and day instead of one per stack, host, container and day), which now keeps them as
// long (clickhouse/schema/006, 011). Days before its first day, dropped by its old 30-day TTL and not
// refilled (the cluster migration cannot), still come from samples_1day: `untilFirstDayOf` tells the
// store to cut that range at the first day samples_1day_all holds.
import type { TimeRange } from "./time-ranges";

export type SamplesTable =
  "samples" | "samples_1hour" | "samples_1hour_all" | "samples_1day" | "samples_1day_all";

export interface TableRange {
  table: SamplesTable;
  start: Date;
  end: Date;
  /** Only the days before the first day this table holds (the range is read from `table` up to it). */
  untilFirstDayOf?: SamplesTable;
}

const DAY = 86_400_000;
/** The old TTL of samples_1day_all: its days within this age are surely there (clickhouse/schema/011). */
export const ALL_ROLLUPS_RETENTION_DAYS = 30;

export function flamegraphTableRanges(
  ranges: readonly TimeRange[],
  options: { filtered: boolean },
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
        if (!all) return [{ ...range, table: "samples_1day" }];
        return [
          { ...range, table: "samples_1day", untilFirstDayOf: "samples_1day_all" },
          { ...range, table: "samples_1day_all" },
        ];
    }
  });
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
