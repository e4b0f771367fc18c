// Deployment markers (deployments): posted to /api/v1/deployments or recorded by the ingest Worker when
// an agent first reports a new application version (workers/ingest/src/store/registration.ts).
import { and, asc, eq, gte, lte } from "drizzle-orm";
import { deployments, services } from "../../../../migrations/schema";
import type { Database } from "../../../shared/src/postgres";
import type { Deployment } from "../../../core/src/wire/alerts";

export type { Deployment } from "../../../core/src/wire/alerts";

const COLUMNS = {
  id: deployments.id,
  serviceName: services.name,
  version: deployments.version,
  time: deployments.time,
  source: deployments.source,
  description: deployments.description,
  commit: deployments.commit,
};

export async function addDeployment(
  db: Database,
  d: { serviceId: number; version: string; time: Date; description: string | null; commit: string | null },
): Promise<number> {
  const [row] = await db
    .insert(deployments)
    .values({ service: d.serviceId, version: d.version, time: d.time, source: "api", description: d.description, commit: d.commit })
    .returning({ id: deployments.id });
  return row.id;
}

/** A service's deployments in [from, to], oldest first (the charts' markers). */
export async function listDeployments(db: Database, serviceId: number, from: Date, to: Date): Promise<Deployment[]> {
  return db
    .select(COLUMNS)
    .from(deployments)
    .innerJoin(services, eq(services.id, deployments.service))
    .where(and(eq(deployments.service, serviceId), gte(deployments.time, from), lte(deployments.time, to)))
    .orderBy(asc(deployments.time), asc(deployments.id));
}
