// Regression alerts (alerts): recorded once per service, function and hour (the unique key makes a
// repeated cron run a no-op), listed for the UI, acknowledged, and their webhook deliveries tracked.
import { and, desc, eq, gt, isNull, lt, or, sql, type SQL } from "drizzle-orm";
import type { PastAlert, Regression, Window } from "../../../core/src/regression";
import type { Alert as AlertRow, AlertState } from "../../../core/src/wire/alerts";
import { alerts, deployments, services } from "../../../../migrations/schema";
import type { Database } from "../../../shared/src/postgres";

/** An alert as the API answers it (before its times become strings). */
export type { Alert as AlertRow, AlertState } from "../../../core/src/wire/alerts";

const COLUMNS = {
  id: alerts.id,
  serviceId: alerts.service,
  serviceName: services.name,
  functionName: alerts.functionName,
  selfBefore: alerts.selfBefore,
  selfAfter: alerts.selfAfter,
  totalBefore: alerts.totalBefore,
  totalAfter: alerts.totalAfter,
  windowStart: alerts.windowStart,
  windowEnd: alerts.windowEnd,
  baselineStart: alerts.baselineStart,
  state: alerts.state,
  acknowledgedAt: alerts.acknowledgedAt,
  acknowledgedBy: alerts.acknowledgedBy,
  notifiedAt: alerts.notifiedAt,
  deliveryAttempts: alerts.deliveryAttempts,
  deliveryError: alerts.deliveryError,
  deliveryId: alerts.deliveryId,
  createdAt: alerts.ts,
  deploymentId: deployments.id,
  deploymentVersion: deployments.version,
  deploymentTime: deployments.time,
  deploymentSource: deployments.source,
  deploymentDescription: deployments.description,
  deploymentCommit: deployments.commit,
};

type Selected = { [K in keyof typeof COLUMNS]: (typeof COLUMNS)[K]["_"]["data"] | null };

function toAlert(r: Selected): AlertRow {
  const { deploymentId, deploymentVersion, deploymentTime, deploymentSource, deploymentDescription, deploymentCommit, ...alert } = r;
  return {
    ...(alert as Omit<AlertRow, "deployment">),
    deployment:
      deploymentId === null
        ? null
        : { id: deploymentId, version: deploymentVersion!, time: deploymentTime!, source: deploymentSource!, description: deploymentDescription, commit: deploymentCommit },
  };
}

function selectAlerts(db: Database, where: SQL | undefined) {
  return db
    .select(COLUMNS)
    .from(alerts)
    .innerJoin(services, eq(services.id, alerts.service))
    .leftJoin(deployments, eq(deployments.id, alerts.deployment))
    .where(where);
}

/** Newest first, optionally of one service and/or state; `before` (an id) pages on. */
export async function listAlerts(
  db: Database,
  q: { serviceId?: number; state?: AlertState; limit: number; before?: number },
): Promise<AlertRow[]> {
  const rows = await selectAlerts(
    db,
    and(
      q.serviceId === undefined ? undefined : eq(alerts.service, q.serviceId),
      q.state === undefined ? undefined : eq(alerts.state, q.state),
      q.before === undefined ? undefined : lt(alerts.id, q.before),
    ),
  )
    .orderBy(desc(alerts.windowStart), desc(alerts.id))
    .limit(q.limit);
  return rows.map(toAlert);
}

export async function findAlert(db: Database, id: number): Promise<AlertRow | null> {
  const [row] = await selectAlerts(db, eq(alerts.id, id));
  return row ? toAlert(row) : null;
}

/** Acknowledges an open alert (acknowledging twice keeps the first); false when there is no such alert. */
export async function acknowledgeAlert(db: Database, id: number, username: string): Promise<boolean> {
  await db
    .update(alerts)
    .set({ state: "acknowledged", acknowledgedAt: sql`now()`, acknowledgedBy: username })
    .where(and(eq(alerts.id, id), eq(alerts.state, "open")));
  const [row] = await db.select({ id: alerts.id }).from(alerts).where(eq(alerts.id, id));
  return row !== undefined;
}

/** The service's alerts that may suppress a new one: open ones and those of the last days. */
export async function pastAlerts(db: Database, serviceId: number, since: Date): Promise<PastAlert[]> {
  return db
    .select({ functionName: alerts.functionName, state: alerts.state, windowStart: alerts.windowStart })
    .from(alerts)
    .where(and(eq(alerts.service, serviceId), or(eq(alerts.state, "open"), gt(alerts.windowStart, since))));
}

/** Records the alerts; ids of those that were new (an existing one for the same hour stays as it is). */
export async function recordAlerts(
  db: Database,
  serviceId: number,
  window: Window,
  regressions: readonly Regression[],
  deploymentId: number | null,
): Promise<{ id: number; functionName: string }[]> {
  if (!regressions.length) return [];
  return db
    .insert(alerts)
    .values(
      regressions.map((r) => ({
        service: serviceId,
        ...r,
        windowStart: window.start,
        windowEnd: window.end,
        baselineStart: window.baselineStart,
        deployment: deploymentId,
      })),
    )
    .onConflictDoNothing({ target: [alerts.service, alerts.functionName, alerts.windowStart] })
    .returning({ id: alerts.id, functionName: alerts.functionName });
}

/** Alerts not yet delivered to a webhook, created after `since` (older ones are given up on). */
export async function undeliveredAlerts(db: Database, since: Date): Promise<AlertRow[]> {
  const rows = await selectAlerts(db, and(isNull(alerts.notifiedAt), gt(alerts.ts, since))).orderBy(alerts.id);
  return rows.map(toAlert);
}

export async function recordDelivery(db: Database, id: number, attempts: number, error: string | null): Promise<void> {
  await db
    .update(alerts)
    .set({
      deliveryAttempts: sql`${alerts.deliveryAttempts} + ${attempts}`,
      deliveryError: error,
      notifiedAt: error === null ? sql`now()` : null,
    })
    .where(eq(alerts.id, id));
}
