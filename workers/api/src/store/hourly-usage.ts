// The hourly usage aggregation behind /api/overview/services (backend-api.md §5.3, §7): per service and
// hour, the agents' running hours, core hours and lowest version, in profiler_service_hourly_usages.
// The original procedure advanced only when it inserted rows, so after more than 3 empty hours it
// re-read the same empty window forever (§10.12). Here each run reads every complete hour after the last
// stored one up to now − 10 min (at most 30 days back): empty hours cost a re-read, never a stall.
// Idempotent (ON CONFLICT DO NOTHING), so overlapping runs are harmless.
import { sql } from "drizzle-orm";
import type { Database } from "../../../shared/src/postgres";

export interface AggregationRun {
  /** The hours read: [from, to). Equal when there was no complete hour to read. */
  from: Date;
  to: Date;
  inserted: number;
}

export async function aggregateHourlyUsage(db: Database, now: Date): Promise<AggregationRun> {
  const at = sql`${now.toISOString()}::timestamptz`;
  const rows = await db.execute<{ from: Date; to: Date; inserted: string }>(sql`
    WITH bounds AS (
      SELECT GREATEST(
               COALESCE(max(start_date) + interval '1 hour', date_trunc('hour', ${at} - interval '3 hours', 'UTC')),
               date_trunc('hour', ${at}, 'UTC') - interval '30 days') AS "from",
             date_trunc('hour', ${at} - interval '10 minutes', 'UTC') AS "to"
      FROM profiler_service_hourly_usages),
    hours AS (
      SELECT h AS start FROM bounds, generate_series(bounds."from", bounds."to" - interval '1 hour', interval '1 hour') AS h),
    inserted AS (
      INSERT INTO profiler_service_hourly_usages (service, start_date, running_hours, core_hours, lowest_agent_version)
      SELECT p.service, hours.start,
             sum(EXTRACT(EPOCH FROM LEAST(p.last_seen, hours.start + interval '1 hour') - GREATEST(p.ts, hours.start))) / 3600,
             sum(m.processors * EXTRACT(EPOCH FROM LEAST(p.last_seen, hours.start + interval '1 hour') - GREATEST(p.ts, hours.start))) / 3600,
             (array_agg(p.profiler_version ORDER BY v.weight))[1]
      FROM hours
      JOIN profiler_processes p ON p.ts < hours.start + interval '1 hour' AND p.last_seen > hours.start
      JOIN services s ON s.id = p.service AND s.cluster_id IS NULL
      JOIN instance_runs r ON r.id = p.instance_run
      JOIN machines m ON m.id = r.machine
      JOIN profiler_versions v ON v.id = p.profiler_version
      GROUP BY p.service, hours.start
      ON CONFLICT ON CONSTRAINT "unique profiler_service_hourly_usage" DO NOTHING
      RETURNING 1)
    SELECT bounds."from", GREATEST(bounds."from", bounds."to") AS "to", (SELECT count(*) FROM inserted) AS inserted FROM bounds`);
  const [row] = rows;
  return { from: new Date(row.from), to: new Date(row.to), inserted: Number(row.inserted) };
}
