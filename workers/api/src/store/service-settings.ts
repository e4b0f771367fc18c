// A service's operator settings: today the downsampling threshold (services.profiler_sample_threshold,
// backend-api.md §3.2.5), which the ingest Worker reads on every upload, so a change applies to the next one.
import { and, eq, isNull } from "drizzle-orm";
import { services } from "../../../../migrations/schema";
import type { Database } from "../../../shared/src/postgres";

export interface ServiceSettings {
  name: string;
  /** Fraction of uploads dropped before storage: 0 keeps all (NULL in Postgres), 1 drops all. */
  sampleThreshold: number;
}

const visible = (name: string) => and(eq(services.name, name), eq(services.hidden, false), isNull(services.clusterId));
const COLUMNS = { name: services.name, threshold: services.profilerSampleThreshold };
const toSettings = (row: { name: string; threshold: number | null }): ServiceSettings => ({
  name: row.name,
  sampleThreshold: row.threshold ?? 0,
});

export async function readServiceSettings(db: Database, name: string): Promise<ServiceSettings | null> {
  const [row] = await db.select(COLUMNS).from(services).where(visible(name));
  return row ? toSettings(row) : null;
}

export async function writeServiceSettings(
  db: Database,
  name: string,
  settings: Pick<ServiceSettings, "sampleThreshold">,
): Promise<ServiceSettings | null> {
  const [row] = await db
    .update(services)
    .set({ profilerSampleThreshold: settings.sampleThreshold })
    .where(visible(name))
    .returning(COLUMNS);
  return row ? toSettings(row) : null;
}
