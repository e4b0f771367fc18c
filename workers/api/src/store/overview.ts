// The overview page's numbers from agent lifetimes in Postgres (backend-api.md §4.4, §6.5):
// SERVICES_NODES_CORES_SUMMARY, SERVICES_SUMMARY and PROFILER_AGENTS_BY_SERVICE.
import { sql } from "drizzle-orm";
import type { Database } from "../../../shared/src/postgres";

/** Agents seen in the last 24 h of visible top-level services: nodes and cores averaged over the day. */
export async function overviewSummary(db: Database) {
  const [row] = await db.execute<{ cores: string | null; instances: string | null; services: string }>(sql`
    SELECT ROUND(sum(EXTRACT(EPOCH FROM p.last_seen - GREATEST(p.ts, now() - interval '24 hours')) * m.processors) / 86400) AS cores,
           CEIL(sum(EXTRACT(EPOCH FROM p.last_seen - GREATEST(p.ts, now() - interval '24 hours'))) / 86400) AS instances,
           count(DISTINCT p.service) AS services
    FROM profiler_processes p
    JOIN services s ON s.id = p.service AND NOT s.hidden AND s.cluster_id IS NULL
    JOIN instance_runs r ON r.id = p.instance_run
    JOIN machines m ON m.id = r.machine
    WHERE p.last_seen > now() - interval '24 hours'`);
  const int = (v: string | null) => (v === null ? null : Number(v));
  return { cores: int(row.cores), instances: int(row.instances), services: Number(row.services) };
}

/**
 * Per service, usage over the 24 h before its last hourly aggregate (30 days back at most), plus agent
 * time not aggregated yet (after the aggregation horizon, at most 3 h back): nodes and cores are the
 * running and core hours over 24 h, rounded up; the lowest agent version among them.
 */
export async function servicesSummary(db: Database) {
  const rows = await db.execute<{
    service_id: string;
    service_name: string;
    env_type: string | null;
    create_date: Date;
    nodes: string;
    cores: string;
    last_updated: Date;
    agent_version_lowest: string | null;
  }>(sql`
    WITH horizon AS (
      SELECT GREATEST(max(start_date) + interval '1 hour', now() - interval '3 hours') AS h
      FROM profiler_service_hourly_usages),
    latest AS (
      SELECT service, max(start_date) + interval '1 hour' AS last_seen
      FROM profiler_service_hourly_usages WHERE start_date > now() - interval '30 days' GROUP BY service),
    usage AS (
      SELECT u.service, u.running_hours, u.core_hours, u.lowest_agent_version AS version, l.last_seen
      FROM profiler_service_hourly_usages u JOIN latest l ON l.service = u.service
      WHERE u.start_date >= l.last_seen - interval '24 hours'
      UNION ALL
      SELECT p.service, EXTRACT(EPOCH FROM p.last_seen - GREATEST(p.ts, horizon.h)) / 3600,
             m.processors * EXTRACT(EPOCH FROM p.last_seen - GREATEST(p.ts, horizon.h)) / 3600,
             p.profiler_version, p.last_seen
      FROM profiler_processes p, horizon, instance_runs r, machines m
      WHERE p.last_seen > horizon.h AND r.id = p.instance_run AND m.id = r.machine)
    SELECT s.id AS service_id, s.name AS service_name, s.env_type, s.ts AS create_date,
           CEIL(sum(u.running_hours) / 24) AS nodes, CEIL(sum(u.core_hours) / 24) AS cores,
           max(u.last_seen) AS last_updated,
           (array_agg(v.major || '.' || v.minor || '.' || v.patch ORDER BY v.weight))[1] AS agent_version_lowest
    FROM usage u
    JOIN services s ON s.id = u.service AND NOT s.hidden AND s.cluster_id IS NULL
    JOIN profiler_versions v ON v.id = u.version
    GROUP BY s.id ORDER BY s.name`);
  return rows.map((r) => ({
    agentVersionLowest: r.agent_version_lowest,
    cores: Number(r.cores),
    nodes: Number(r.nodes),
    createDate: new Date(r.create_date),
    envType: r.env_type,
    lastUpdated: new Date(r.last_updated),
    serviceId: Number(r.service_id),
    serviceName: r.service_name,
  }));
}

/** The service's agents: each machine's most recently seen agent of the last 24 h, if it is this service's. */
export async function serviceAgents(db: Database, serviceId: number) {
  const rows = await db.execute<{
    mac: string;
    hostname: string;
    processors: string;
    version: string;
    last_seen: Date;
  }>(sql`
    SELECT mac, hostname, processors, version, last_seen FROM (
      SELECT DISTINCT ON (r.instance) p.service, i.mac::text AS mac, p.hostname, m.processors,
             v.major || '.' || v.minor || '.' || v.patch AS version, p.last_seen
      FROM profiler_processes p
      JOIN services s ON s.id = p.service AND NOT s.hidden
      JOIN instance_runs r ON r.id = p.instance_run
      JOIN instances i ON i.id = r.instance
      JOIN machines m ON m.id = r.machine
      JOIN profiler_versions v ON v.id = p.profiler_version
      WHERE p.last_seen > now() - interval '24 hours'
      ORDER BY r.instance, p.last_seen DESC) latest
    WHERE service = ${serviceId}
    ORDER BY hostname, mac`);
  return rows.map((r) => ({
    mac: r.mac,
    hostname: r.hostname,
    processors: Number(r.processors),
    version: r.version,
    lastSeen: new Date(r.last_seen),
  }));
}
