// Reads of flamedb.samples_1min, the per-minute sample totals by host and container (indexer-flamedb.md
// §4.8 /api/v1/query): time range with data, filter tag values, instance types, samples over time.
import type { Interval } from "../../../core/src/metrics-windows";
import type { FilterColumn } from "../../../core/src/rql-filter";
import type { ClickHouseClient } from "../../../shared/src/clickhouse";
import { bucketExpression, queryRows, scopeCondition, type Scope, type TableShape } from "./clickhouse";

const SAMPLES_1MIN: TableShape = {
  columns: ["HostName", "ContainerName", "ContainerEnvName", "InstanceType"],
  hashed: ["HostName", "ContainerName"],
};

/** First and last+1 minute with samples ("YYYY-MM-DD hh:mm:ss"), null when there are none (§7.11 fix). */
export async function timeRangeWithData(clickhouse: ClickHouseClient, scope: Scope) {
  const where = scopeCondition(scope, SAMPLES_1MIN);
  const [row] = await queryRows<{ first: string; last: string; rows: string }>(
    clickhouse,
    `SELECT toString(min(Timestamp)) AS first, toString(max(Timestamp) + INTERVAL 1 MINUTE) AS last, count() AS rows
     FROM flamedb.samples_1min WHERE ${where.sql}`,
    where.params,
  );
  return row && Number(row.rows) > 0 ? { first: row.first, last: row.last } : null;
}

export interface FilterTag {
  name: string;
  /** Samples per value for containers and k8s objects; null for hosts and instance types, as flamedb. */
  samples: number | null;
}

/** The values of one filter column in the window, busiest first where counted (lookup_for=<column>). */
export async function filterTags(
  clickhouse: ClickHouseClient,
  scope: Scope,
  column: FilterColumn,
): Promise<FilterTag[]> {
  const where = scopeCondition(scope, SAMPLES_1MIN);
  const counted = column === "ContainerName" || column === "ContainerEnvName";
  const rows = await queryRows<{ name: string; samples: string }>(
    clickhouse,
    `SELECT ${column} AS name, sum(NumSamples) AS samples FROM flamedb.samples_1min
     WHERE ${where.sql} AND ${column} != '' GROUP BY name
     ORDER BY ${counted ? "samples DESC, name" : "name"}`,
    where.params,
  );
  return rows.map((r) => ({ name: r.name, samples: counted ? Number(r.samples) : null }));
}

/** Hosts per instance type (lookup_for=instance_type_count), the type cut after its last "/" (GCP URLs). */
export async function instanceTypeCount(clickhouse: ClickHouseClient, scope: Scope) {
  const where = scopeCondition(scope, SAMPLES_1MIN);
  const rows = await queryRows<{ instance_type: string; instance_count: string }>(
    clickhouse,
    `SELECT InstanceType AS instance_type, uniqExact(HostName) AS instance_count FROM flamedb.samples_1min
     WHERE ${where.sql} AND InstanceType != '' GROUP BY InstanceType ORDER BY instance_count DESC, instance_type`,
    where.params,
  );
  return rows.map((r) => ({
    instance_count: Number(r.instance_count),
    instance_type: r.instance_type.slice(r.instance_type.lastIndexOf("/") + 1),
  }));
}

/** Samples per time bucket, newest first (lookup_for=samples). */
export async function samplesOverTime(clickhouse: ClickHouseClient, scope: Scope, interval: Interval) {
  const where = scopeCondition(scope, SAMPLES_1MIN);
  const rows = await queryRows<{ time: string; samples: string }>(
    clickhouse,
    `SELECT toString(${bucketExpression(interval)}) AS time, sum(NumSamples) AS samples FROM flamedb.samples_1min
     WHERE ${where.sql} GROUP BY time ORDER BY time DESC`,
    { ...where.params, interval: interval.count },
  );
  return rows.map((r) => ({ samples: Number(r.samples), time: r.time }));
}
