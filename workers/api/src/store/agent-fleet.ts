// The fleet behind a profile, from the agents' own records in Postgres (backend-api.md §6.5): which hosts
// ran an agent version in a window, and how many core-seconds the machines of a set of hosts ran. Neither
// is in ClickHouse (its rows carry no agent version and no core count), so the differential flamegraph
// asks here: a process counts with its machine's processors for the part of [ts, last_seen] inside the
// window, as the nodes/cores metrics do (nodes-cores.ts).
import { sql, type SQL } from "drizzle-orm";
import type { Database } from "../../../shared/src/postgres";

export interface AgentVersion {
  major: number;
  minor: number;
  patch: number;
}

export interface FleetQuery {
  serviceId: number;
  start: Date;
  end: Date;
  /** Only processes of this agent version. */
  version?: AgentVersion | null;
  /** Only processes on these hosts. */
  hostnames?: readonly string[] | null;
}

function processesIn(q: FleetQuery): SQL {
  const start = sql`${q.start.toISOString()}::timestamptz`;
  const end = sql`${q.end.toISOString()}::timestamptz`;
  const hosts = q.hostnames
    ? q.hostnames.length
      ? sql`AND p.hostname IN (${sql.join(
          q.hostnames.map((h) => sql`${h}`),
          sql`, `,
        )})`
      : sql`AND false`
    : sql``;
  const version = q.version
    ? sql`AND v.major = ${q.version.major} AND v.minor = ${q.version.minor} AND v.patch = ${q.version.patch}`
    : sql``;
  return sql`
    SELECT p.hostname, m.processors,
           EXTRACT(EPOCH FROM LEAST(p.last_seen, ${end}) - GREATEST(p.ts, ${start})) AS seconds
    FROM profiler_processes p
    JOIN instance_runs r ON r.id = p.instance_run
    JOIN machines m ON m.id = r.machine
    JOIN profiler_versions v ON v.id = p.profiler_version
    WHERE p.service = ${q.serviceId} AND p.ts < ${end} AND p.last_seen > ${start} ${version} ${hosts}`;
}

/** Hosts where an agent of the version ran in the window, by name. */
export async function hostsRunning(db: Database, q: FleetQuery): Promise<string[]> {
  const rows = await db.execute<{ hostname: string }>(
    sql`SELECT DISTINCT hostname FROM (${processesIn(q)}) o ORDER BY hostname`,
  );
  return rows.map((r) => r.hostname);
}

/** Σ processors × seconds inside the window; null when no agent of the query ran in it. */
export async function coreSeconds(db: Database, q: FleetQuery): Promise<number | null> {
  const [row] = await db.execute<{ core_seconds: string | null }>(
    sql`SELECT sum(processors * seconds) AS core_seconds FROM (${processesIn(q)}) o`,
  );
  return row?.core_seconds == null ? null : Number(row.core_seconds);
}
