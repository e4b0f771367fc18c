// Nodes and cores of a service from its agents' lifetimes in Postgres (backend-api.md §6.5
// NODES_CORES_SUMMARY[_BY_HOST], NODES_CORES_SUMMARY_GRAPH): a process counts as one node with its
// machine's processors for the part of [ts, last_seen] inside the window.
import { sql } from "drizzle-orm";
import type { Database } from "../../../shared/src/postgres";

export interface NodesCoresQuery {
  serviceId: number;
  start: Date;
  end: Date;
  /** Only this host's processes (the filter's first HostName $eq). */
  hostname: string | null;
}

const start = (q: NodesCoresQuery) => sql`${q.start.toISOString()}::timestamptz`;
const end = (q: NodesCoresQuery) => sql`${q.end.toISOString()}::timestamptz`;

/** Each process's part of the window and its processors. */
const overlaps = (q: NodesCoresQuery) => sql`
  SELECT GREATEST(p.ts, ${start(q)}) AS s, LEAST(p.last_seen, ${end(q)}) AS e, m.processors
  FROM profiler_processes p
  JOIN instance_runs r ON r.id = p.instance_run
  JOIN machines m ON m.id = r.machine
  WHERE p.service = ${q.serviceId} AND p.ts < ${end(q)} AND p.last_seen > ${start(q)}
    ${q.hostname === null ? sql`` : sql`AND p.hostname = ${q.hostname}`}`;

/**
 * Average nodes and cores over the window, rounded up; with ignoreZeros the divisor is the time some
 * agent ran (the union of the lifetimes) instead of the window. Null when no agent ran (the original
 * answered 500 with ignoreZeros, §10.17).
 */
export async function nodesCoresSummary(db: Database, q: NodesCoresQuery, ignoreZeros: boolean) {
  const windowSeconds = (q.end.getTime() - q.start.getTime()) / 1000;
  const rows = await db.execute<{
    node_seconds: string | null;
    core_seconds: string | null;
    union_seconds: string | null;
  }>(sql`
    WITH o AS (${overlaps(q)}),
    ordered AS (
      SELECT s, e, processors, max(e) OVER (ORDER BY s, e ROWS BETWEEN UNBOUNDED PRECEDING AND 1 PRECEDING) AS covered
      FROM o)
    SELECT sum(EXTRACT(EPOCH FROM e - s)) AS node_seconds,
           sum(processors * EXTRACT(EPOCH FROM e - s)) AS core_seconds,
           sum(GREATEST(0, EXTRACT(EPOCH FROM e - GREATEST(s, COALESCE(covered, s))))) AS union_seconds
    FROM ordered`);
  const row = rows[0];
  if (!row || row.node_seconds === null) return null;
  const divisor = ignoreZeros ? Number(row.union_seconds) : windowSeconds;
  if (!(divisor > 0)) return { avg_cores: 0, avg_nodes: 0 };
  return {
    avg_cores: Math.ceil(Number(row.core_seconds) / divisor),
    avg_nodes: Math.ceil(Number(row.node_seconds) / divisor),
  };
}

/** Per bucket of `interval` (a whitelisted Postgres interval): average and peak nodes and cores, by time. */
export async function nodesCoresGraph(db: Database, q: NodesCoresQuery, interval: string) {
  const rows = await db.execute<{
    time: Date;
    avg_nodes: string;
    max_nodes: string;
    avg_cores: string;
    max_cores: string;
  }>(sql`
    WITH o AS (${overlaps(q)}),
    buckets AS (
      SELECT b AS bs, b + ${interval}::interval AS be
      FROM generate_series(${start(q)}, ${end(q)}, ${interval}::interval) AS b)
    SELECT bs AS time,
           sum(EXTRACT(EPOCH FROM LEAST(o.e, be) - GREATEST(o.s, bs))) / EXTRACT(EPOCH FROM ${interval}::interval) AS avg_nodes,
           count(*) AS max_nodes,
           sum(o.processors * EXTRACT(EPOCH FROM LEAST(o.e, be) - GREATEST(o.s, bs))) / EXTRACT(EPOCH FROM ${interval}::interval) AS avg_cores,
           sum(o.processors) AS max_cores
    FROM buckets JOIN o ON o.s < be AND o.e > bs
    GROUP BY bs ORDER BY bs`);
  return rows.map((r) => ({
    avg_nodes: Number(r.avg_nodes),
    max_nodes: Number(r.max_nodes),
    avg_cores: Number(r.avg_cores),
    max_cores: Number(r.max_cores),
    time: new Date(r.time),
  }));
}
