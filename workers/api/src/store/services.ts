import { and, eq, inArray, isNull, sql } from "drizzle-orm";
import { services } from "../../../../migrations/schema";
import type { Database } from "../../../shared/src/postgres";

export interface ServiceSummary {
  serviceId: number;
  name: string;
  envType: string | null;
  createDate: Date;
  hasData: boolean;
}

/**
 * Visible top-level services with an agent seen (or, for Pyroscope and pprof clients, a profile received)
 * in the last 7 days, plus those created in that time that
 * have no agent yet (hasData false; the original's has_data was always true, §10.20). Services with data
 * first, then by name (the original had no ORDER BY).
 */
export async function servicesWithData(db: Database): Promise<ServiceSummary[]> {
  const rows = await db.execute<{
    id: string;
    name: string;
    env_type: string | null;
    ts: Date;
    has_data: boolean;
  }>(sql`
    SELECT * FROM (
      SELECT s.id, s.name, s.env_type, s.ts,
             COALESCE(s.last_profile_at > now() - interval '168 hours', false)
               OR EXISTS (SELECT 1 FROM profiler_processes p
                          WHERE p.service = s.id AND p.last_seen > now() - interval '168 hours') AS has_data
      FROM services s
      WHERE NOT s.hidden AND s.cluster_id IS NULL
    ) s
    WHERE s.has_data OR s.ts > now() - interval '168 hours'
    ORDER BY s.has_data DESC, s.name`);
  return rows.map((r) => ({
    createDate: new Date(r.ts),
    hasData: r.has_data,
    name: r.name,
    envType: r.env_type,
    serviceId: Number(r.id),
  }));
}

/** The id of a visible top-level service, as the flamegraph routes resolve `serviceName` (§1). */
export async function serviceIdByName(db: Database, name: string): Promise<number | null> {
  const row = await db.query.services.findFirst({
    columns: { id: true },
    where: and(eq(services.name, name), eq(services.hidden, false), isNull(services.clusterId)),
  });
  return row?.id ?? null;
}

/** The visible top-level services among these ids, with their names. */
export async function visibleServices(db: Database, ids: readonly number[]): Promise<{ id: number; name: string }[]> {
  if (!ids.length) return [];
  return db
    .select({ id: services.id, name: services.name })
    .from(services)
    .where(and(inArray(services.id, [...ids]), eq(services.hidden, false), isNull(services.clusterId)))
    .orderBy(services.name);
}
