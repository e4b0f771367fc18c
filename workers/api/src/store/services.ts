import { and, desc, eq, gt, isNull, sql } from "drizzle-orm";
import { profilerProcesses, services } from "../../../../migrations/schema";
import type { Database } from "../../../shared/src/postgres";

export interface ServiceSummary {
  serviceId: number;
  name: string;
  envType: string | null;
  createDate: Date;
  hasData: boolean;
}

const DATA_WINDOW = sql`now() - interval '168 hours'`;

/** Visible top-level services with an agent seen in the last 7 days (SERVICES_SELECTION_WITH_DATA_INDICATION). */
export async function servicesWithData(db: Database): Promise<ServiceSummary[]> {
  const lastSeen = sql<Date>`max(${profilerProcesses.lastSeen})`;
  const rows = await db
    .select({
      serviceId: services.id,
      name: services.name,
      envType: services.envType,
      createDate: services.ts,
      lastSeen,
    })
    .from(services)
    .innerJoin(profilerProcesses, eq(profilerProcesses.service, services.id))
    .where(and(eq(services.hidden, false), isNull(services.clusterId), gt(profilerProcesses.lastSeen, DATA_WINDOW)))
    .groupBy(services.id)
    .orderBy(desc(lastSeen), services.name);
  return rows.map(({ lastSeen: _, createDate, ...row }) => ({ ...row, createDate: createDate!, hasData: true }));
}

/** The id of a visible top-level service, as the flamegraph routes resolve `serviceName` (§1). */
export async function serviceIdByName(db: Database, name: string): Promise<number | null> {
  const row = await db.query.services.findFirst({
    columns: { id: true },
    where: and(eq(services.name, name), eq(services.hidden, false), isNull(services.clusterId)),
  });
  return row?.id ?? null;
}
