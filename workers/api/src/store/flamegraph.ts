// The samples tables' reads (indexer-flamedb.md §4.6, §4.8): the flamegraph's frames over its time windows
// and a function's share of the samples. Table names come only from TABLES; every value is a parameter.
import type { SamplesTable } from "../../../core/src/flamegraph-tables";
import type { FrameAggregate } from "../../../core/src/flamegraph";
import type { Interval } from "../../../core/src/metrics-windows";
import { FILTER_COLUMNS, type FilterColumn } from "../../../core/src/rql-filter";
import type { ClickHouseClient } from "../../../shared/src/clickhouse";
import { bucketExpression, queryRows, scopeCondition, type Scope } from "./clickhouse";

/** Each samples table and the filter columns whose hash is in its primary key (clickhouse/schema). */
export const TABLES: Record<SamplesTable, { name: string; hashed: FilterColumn[] }> = {
  samples: { name: "flamedb.samples", hashed: ["HostName", "ContainerName"] },
  samples_1hour: { name: "flamedb.samples_1hour", hashed: [] },
  samples_1hour_all: { name: "flamedb.samples_1hour_all", hashed: [] },
  samples_1day: { name: "flamedb.samples_1day", hashed: [] },
  samples_1day_all: { name: "flamedb.samples_1day_all", hashed: [] },
};

export interface TableWindow {
  table: SamplesTable;
  /** Inclusive bounds, "YYYY-MM-DD hh:mm:ss" UTC. */
  start: string;
  end: string;
  /** Only the days before the first day this table holds (core flamegraph-tables.ts). */
  untilFirstDayOf?: SamplesTable;
}

/**
 * A window's table and WHERE condition; `key` tells apart its time parameters from other windows'.
 * A window cut at another table's first day compares with that day as a scalar subquery: `min` and
 * `count` of the partition key come from the parts' metadata, so it reads no rows, and the constant
 * prunes the partitions (an empty table cuts nowhere, leaving the whole range).
 */
export function windowCondition(scope: Omit<Scope, "start" | "end">, window: TableWindow, key: string) {
  const table = TABLES[window.table];
  const where = scopeCondition(
    { ...scope, ...window },
    { columns: FILTER_COLUMNS, hashed: table.hashed },
    key,
  );
  if (!window.untilFirstDayOf) return { table: table.name, ...where };
  const first = `(SELECT if(count() = 0, toDateTime(4294967295, 'UTC'), min(Timestamp)) FROM ${TABLES[window.untilFirstDayOf].name})`;
  return { table: table.name, sql: `${where.sql} AND Timestamp < ${first}`, params: where.params };
}

/**
 * The flamegraph's frames over several windows in one request (indexer-flamedb.md §4.6): per window the
 * top `limit` stack nodes by samples (one query per time range in the original), cut as flamedb's
 * scanFrames did (a truncated window loses the whole tie group at its smallest value), then summed by hash
 * with name and parent from the last window, all inside ClickHouse. The Worker receives each frame once
 * and links them with prepareMergedGraph. With a filter, only per-host/container tables may be given
 * (the `_all` tables lack the columns).
 */
export async function mergedTopFrames(
  clickhouse: ClickHouseClient,
  scope: Omit<Scope, "start" | "end">,
  windows: readonly TableWindow[],
  limit: number,
): Promise<FrameAggregate[]> {
  if (windows.length === 0) return [];
  let params: Record<string, unknown> = { limit };
  const branches = windows.map((window, i) => {
    const where = windowCondition(scope, window, String(i));
    params = { ...params, ...where.params };
    return `(SELECT ${i} AS window, CallStackHash, any(CallStackName) AS name, any(CallStackParent) AS parent,
                    sum(NumSamples) AS samples
             FROM ${where.table} WHERE ${where.sql}
             GROUP BY CallStackHash ORDER BY samples DESC, CallStackHash LIMIT {limit:UInt32})`;
  });
  const rows = await queryRows<[string, string, string, string]>(
    clickhouse,
    `SELECT toString(CallStackHash), argMax(name, window), toString(argMax(parent, window)), sum(samples)
     FROM (SELECT *, count() OVER w AS rows, min(samples) OVER w AS least
           FROM (${branches.join(" UNION ALL ")}) WINDOW w AS (PARTITION BY window))
     WHERE rows < {limit:UInt32} OR samples > least
     GROUP BY CallStackHash`,
    params,
    true,
  );
  return rows.map(([hash, name, parent, samples]) => ({ hash, name, parent, samples: Number(samples) }));
}

/**
 * A function's share of all samples per time bucket (lookup_for=samples_count_by_function), newest first;
 * buckets without the function give 0. Both sums come from the same table, so the ratio is consistent at
 * the edges. A frame whose parent is the same function is not counted again (direct recursion; the
 * original counted every node, §7.11); indirect recursion (f → g → f) still counts per occurrence.
 */
export async function functionShare(
  clickhouse: ClickHouseClient,
  q: Scope & { table: SamplesTable; functionName: string; interval: Interval },
): Promise<{ time: string; share: number }[]> {
  const table = TABLES[q.table];
  const where = scopeCondition(q, { columns: FILTER_COLUMNS, hashed: table.hashed });
  const rows = await queryRows<{ time: string; total: string; function: string }>(
    clickhouse,
    `SELECT toString(${bucketExpression(q.interval)}) AS time,
            sumIf(NumSamples, CallStackParent = 0) AS total,
            sumIf(NumSamples, CallStackName = {function:String} AND CallStackParent NOT IN (
              SELECT CallStackHash FROM ${table.name} WHERE ${where.sql} AND CallStackName = {function:String}
            )) AS function
     FROM ${table.name}
     WHERE ${where.sql} AND (CallStackParent = 0 OR CallStackName = {function:String})
     GROUP BY time ORDER BY time DESC`,
    { ...where.params, function: q.functionName, interval: q.interval.count },
  );
  return rows.map((r) => ({
    time: r.time,
    share: Number(r.total) > 0 ? Number(r.function) / Number(r.total) : 0,
  }));
}
