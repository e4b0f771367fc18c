// Saved tag filters per service (ProfilerFilters, backend-api.md §4.7). The stored document is
// `{"filter": {...}}`, the RQL the UI sends; ids are global, services top-level (hidden ones included).
import { and, asc, eq, isNull } from "drizzle-orm";
import { profilerFilters, services } from "../../../../migrations/schema";
import type { Database } from "../../../shared/src/postgres";

/** A top-level service by name, hidden ones included (the original's get_service). */
export async function topLevelServiceId(db: Database, name: string): Promise<number | null> {
  const [row] = await db
    .select({ id: services.id })
    .from(services)
    .where(and(eq(services.name, name), isNull(services.clusterId)));
  return row?.id ?? null;
}

export async function listFilters(db: Database, serviceId: number) {
  const rows = await db
    .select({ id: profilerFilters.id, content: profilerFilters.filterContent })
    .from(profilerFilters)
    .where(eq(profilerFilters.service, serviceId))
    .orderBy(asc(profilerFilters.id));
  return rows.map((r) => ({ filter: (r.content as { filter?: unknown }).filter ?? null, id: r.id }));
}

export async function addFilter(db: Database, serviceId: number, filter: unknown): Promise<number> {
  const [row] = await db
    .insert(profilerFilters)
    .values({ service: serviceId, filterContent: { filter } })
    .returning({ id: profilerFilters.id });
  return row.id;
}

/** False when there is no such filter (the original updated nothing and said 201, §10.16). */
export async function updateFilter(db: Database, id: number, filter: unknown): Promise<boolean> {
  const rows = await db
    .update(profilerFilters)
    .set({ filterContent: { filter } })
    .where(eq(profilerFilters.id, id))
    .returning({ id: profilerFilters.id });
  return rows.length > 0;
}

export async function deleteFilter(db: Database, id: number): Promise<boolean> {
  const rows = await db
    .delete(profilerFilters)
    .where(eq(profilerFilters.id, id))
    .returning({ id: profilerFilters.id });
  return rows.length > 0;
}
