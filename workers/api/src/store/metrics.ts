// Reads of flamedb.metrics, the per-upload CPU and memory averages of each host (indexer-flamedb.md
// §4.8 /api/v1/metrics/*). Per host first (max memory, max CPU, CPU sum and count), then over hosts:
// the average CPU is Σcpu/Σcount, the same number as the original's arrayAvg(flatten(groupArray(...)))
// without collecting every value in memory.
import type { Interval } from "../../../core/src/metrics-windows";
import type { ClickHouseClient } from "../../../shared/src/clickhouse";
import { bucketExpression, queryRows, scopeCondition, type Scope, type TableShape } from "./clickhouse";

const METRICS: TableShape = { columns: ["HostName", "InstanceType"], hashed: ["HostName"] };

export interface MetricsSummary {
  avg_cpu: number;
  max_cpu: number;
  avg_memory: number;
  max_memory: number;
  percentile_memory: number;
  uniq_hostnames: number;
}

const PER_HOST = `max(MemoryAverageUsedPercent) AS MaxMemory, max(CPUAverageUsedPercent) AS MaxCPU,
                  sum(CPUAverageUsedPercent) AS SumCPU, count() AS CountCPU`;
const OVER_HOSTS = `sum(SumCPU) / sum(CountCPU) AS avg_cpu, max(MaxCPU) AS max_cpu, avg(MaxMemory) AS avg_memory,
                    max(MaxMemory) AS max_memory, quantile(0.9)(MaxMemory) AS percentile_memory, count() AS uniq_hostnames`;

type Row = Record<keyof MetricsSummary, string | number>;
const numbers = (row: Row): MetricsSummary => ({
  avg_cpu: finite(row.avg_cpu),
  max_cpu: finite(row.max_cpu),
  avg_memory: finite(row.avg_memory),
  max_memory: finite(row.max_memory),
  percentile_memory: finite(row.percentile_memory),
  uniq_hostnames: finite(row.uniq_hostnames),
});
/** NaN (no rows) becomes 0, as flamedb did for cpu_trend. */
const finite = (value: string | number) => (Number.isFinite(Number(value)) ? Number(value) : 0);

/** The window's summary; null when no host reported (the original's 204). Percentile 90, as the backend used. */
export async function metricsSummary(
  clickhouse: ClickHouseClient,
  scope: Scope,
): Promise<MetricsSummary | null> {
  const where = scopeCondition(scope, METRICS);
  const [row] = await queryRows<Row>(
    clickhouse,
    `SELECT ${OVER_HOSTS} FROM (SELECT ${PER_HOST} FROM flamedb.metrics WHERE ${where.sql} GROUP BY HostName)`,
    where.params,
  );
  return row && Number(row.uniq_hostnames) > 0 ? numbers(row) : null;
}

/** The summary per time bucket, newest first; uniq_hostnames is the hosts reporting in the bucket. */
export async function metricsGraph(clickhouse: ClickHouseClient, scope: Scope, interval: Interval) {
  const where = scopeCondition(scope, METRICS);
  const rows = await queryRows<Row & { time: string }>(
    clickhouse,
    `SELECT toString(bucket) AS time, ${OVER_HOSTS}
     FROM (SELECT ${bucketExpression(interval)} AS bucket, ${PER_HOST} FROM flamedb.metrics
           WHERE ${where.sql} GROUP BY bucket, HostName)
     GROUP BY bucket ORDER BY bucket DESC`,
    { ...where.params, interval: interval.count },
  );
  return rows.map((row) => ({ ...numbers(row), time: row.time }));
}

/**
 * Each service's summary over the 24 h before its last report in the window (flamedb's POST
 * /api/v1/metrics/services_list_summary); services without reports are left out (flamedb: null, §7.11).
 */
export async function servicesListSummary(
  clickhouse: ClickHouseClient,
  serviceIds: number[],
  start: string,
  end: string,
) {
  const rows = await queryRows<Row & { service_id: number }>(
    clickhouse,
    `WITH latest AS (
       SELECT ServiceId AS id, max(Timestamp) AS last_seen FROM flamedb.metrics
       WHERE ServiceId IN {ids:Array(UInt32)} AND Timestamp BETWEEN {start:DateTime('UTC')} AND {end:DateTime('UTC')}
       GROUP BY ServiceId)
     SELECT ServiceId AS service_id, ${OVER_HOSTS}
     FROM (SELECT ServiceId, ${PER_HOST} FROM flamedb.metrics INNER JOIN latest ON ServiceId = latest.id
           WHERE ServiceId IN {ids:Array(UInt32)} AND Timestamp BETWEEN latest.last_seen - INTERVAL 24 HOUR AND latest.last_seen
           GROUP BY ServiceId, HostName)
     GROUP BY ServiceId ORDER BY ServiceId`,
    { ids: serviceIds, start, end },
  );
  return rows.map((row) => ({ ...numbers(row), service_id: Number(row.service_id) }));
}
