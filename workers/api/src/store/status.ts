// What GET /api/admin/status asks each store: raw facts (versions, clocks, backlogs, newest rows); the
// verdicts are the shared rules of workers/core/src/status-checks.mjs. Each probe throws on failure and
// the route reports that store unreachable.
import { sql } from "drizzle-orm";
import type { ClickHouseClient } from "../../../shared/src/clickhouse";
import type { Database } from "../../../shared/src/postgres";
import { listDeadLetters } from "../../../indexer/src/store/dead-letters";

/** How far a store's clock is from ours: its time minus the midpoint of the request. */
async function clockOffset<T>(ask: () => Promise<T & { nowMs: number | string }>) {
  const before = Date.now();
  const row = await ask();
  return { row, offsetMs: Number(row.nowMs) - (before + Date.now()) / 2 };
}

/** drizzle's record of applied migrations (`created_at` is the journal's `when`) and Postgres' clock. */
export async function probePostgres(db: Database) {
  const { offsetMs } = await clockOffset(async () => {
    const [row] = await db.execute<{ nowMs: number }>(
      sql`SELECT (extract(epoch FROM clock_timestamp()) * 1000)::float8 AS "nowMs"`,
    );
    return row;
  });
  const { rows } = await db
    .execute<{ created_at: string }>(sql`SELECT created_at FROM drizzle.__drizzle_migrations ORDER BY created_at`)
    .then((rows) => ({ rows }))
    .catch((e) => {
      // 42P01 undefined table, 3F000 undefined schema: never migrated.
      if (/^(42P01|3F000)$/.test(String(e?.cause?.code ?? e?.code))) return { rows: [] };
      throw e;
    });
  return { appliedMillis: rows.map((r) => Number(r.created_at)), offsetMs };
}

/** The newest recorded FlameDB schema version and ClickHouse's clock. */
export async function probeClickHouse(clickhouse: ClickHouseClient) {
  const { row, offsetMs } = await clockOffset(async () => {
    const result = await clickhouse.query({
      query: `SELECT toUnixTimestamp64Milli(now64(3)) AS nowMs,
                     (SELECT max(version) FROM flamedb.schema_migrations) AS version`,
      format: "JSONEachRow",
    });
    const [first] = await result.json<{ nowMs: string; version: number }>();
    return first;
  });
  return { version: Number(row.version) || null, offsetMs };
}

/** One listing proves the bucket answers. */
export async function probeR2(bucket: R2Bucket) {
  await bucket.list({ prefix: "products/", limit: 1 });
}

const MAX_COUNTED_DEAD_LETTERS = 1000;

/** Dead letters the indexer stored in R2 (counted up to 1000). */
export async function countDeadLetters(bucket: R2Bucket) {
  const page = await listDeadLetters(bucket, { limit: MAX_COUNTED_DEAD_LETTERS });
  return { stored: page.deadLetters.length, truncated: page.cursor !== null };
}

export interface ServiceActivity {
  id: number;
  name: string;
  agentLastSeen: Date | null;
  sampleThreshold: number;
}

const MAX_SERVICES = 50;

/** Visible services with an agent seen in the last 7 days, most recently seen first. */
export async function activeServices(db: Database): Promise<ServiceActivity[]> {
  const rows = await db.execute<{ id: string; name: string; last_seen: string | null; threshold: number | null }>(sql`
    SELECT s.id, s.name, s.profiler_sample_threshold AS threshold, max(p.last_seen) AS last_seen
    FROM services s JOIN profiler_processes p ON p.service = s.id
    WHERE NOT s.hidden AND p.last_seen > now() - interval '7 days'
    GROUP BY s.id ORDER BY last_seen DESC LIMIT ${MAX_SERVICES}`);
  return rows.map((r) => ({
    id: Number(r.id),
    name: r.name,
    agentLastSeen: r.last_seen ? new Date(r.last_seen) : null,
    sampleThreshold: r.threshold ?? 0,
  }));
}

/** The start time of each service's newest indexed profile (its flamedb.metrics row) in the last 7 days. */
export async function newestProfiles(clickhouse: ClickHouseClient, serviceIds: number[]): Promise<Map<number, Date>> {
  if (!serviceIds.length) return new Map();
  const result = await clickhouse.query({
    query: `SELECT ServiceId AS id, toUnixTimestamp(max(Timestamp)) AS newest FROM flamedb.metrics
            WHERE ServiceId IN {ids:Array(UInt32)} AND Timestamp > now() - INTERVAL 7 DAY GROUP BY ServiceId`,
    query_params: { ids: serviceIds },
    format: "JSONEachRow",
  });
  const rows = await result.json<{ id: number; newest: number }>();
  return new Map(rows.map((r) => [Number(r.id), new Date(Number(r.newest) * 1000)]));
}
