// How far the cron has evaluated regression alerts (alert_evaluation, one row): the end of the last hour
// it evaluated, read to find the hours it missed and advanced after each hour; and the services whose
// evaluation failed for an hour, to evaluate again (alert_retries; evaluate-alerts.ts).
import { and, asc, eq, inArray, lt, sql } from "drizzle-orm";
import { alertEvaluation, alertRetries } from "../../../../migrations/schema";
import type { Database } from "../../../shared/src/postgres";

export async function lastEvaluatedHourEnd(db: Database): Promise<Date | null> {
  const [row] = await db.select({ lastHourEnd: alertEvaluation.lastHourEnd }).from(alertEvaluation);
  return row?.lastHourEnd ?? null;
}

/** Records `hourEnd` as evaluated; never moves back (two runs at once may finish out of order). */
export async function recordEvaluatedHour(db: Database, hourEnd: Date): Promise<void> {
  await db
    .insert(alertEvaluation)
    .values({ lastHourEnd: hourEnd })
    .onConflictDoUpdate({
      target: alertEvaluation.single,
      set: {
        lastHourEnd: sql`GREATEST(${alertEvaluation.lastHourEnd}, excluded.last_hour_end)`,
        ts: sql`now()`,
      },
    });
}

/** Records that `serviceId` failed for the hour from `hourStart` (once more, if it had already). */
export async function recordFailedHour(db: Database, serviceId: number, hourStart: Date, error: string) {
  await db
    .insert(alertRetries)
    .values({ service: serviceId, hourStart, lastError: error })
    .onConflictDoUpdate({
      target: [alertRetries.service, alertRetries.hourStart],
      set: { attempts: sql`${alertRetries.attempts} + 1`, lastError: error, ts: sql`now()` },
    });
}

/** The services' hour evaluated after all (by a retry, or an admin's re-run). */
export async function clearFailedHours(db: Database, hourStart: Date, serviceIds: readonly number[]) {
  if (!serviceIds.length) return;
  await db
    .delete(alertRetries)
    .where(and(eq(alertRetries.hourStart, hourStart), inArray(alertRetries.service, [...serviceIds])));
}

/**
 * The failed service hours to try again, oldest first: tried fewer than `maxAttempts` times and not
 * older than `since`. Older ones are dropped: their alerts would come too late to act on.
 */
export async function failedHours(db: Database, since: Date, maxAttempts: number) {
  await db.delete(alertRetries).where(lt(alertRetries.hourStart, since));
  return db
    .select({ serviceId: alertRetries.service, hourStart: alertRetries.hourStart })
    .from(alertRetries)
    .where(lt(alertRetries.attempts, maxAttempts))
    .orderBy(asc(alertRetries.hourStart), asc(alertRetries.service));
}

/** The cron's state for the status page: how far it has evaluated, and its failed service hours. */
export async function alertEvaluationState(db: Database, maxAttempts: number) {
  const [failed] = await db
    .select({
      retrying: sql<number>`count(*) FILTER (WHERE ${alertRetries.attempts} < ${maxAttempts})::int`,
      givenUp: sql<number>`count(*) FILTER (WHERE ${alertRetries.attempts} >= ${maxAttempts})::int`,
      lastError: sql<
        string | null
      >`(array_agg(${alertRetries.lastError} ORDER BY ${alertRetries.ts} DESC))[1]`,
    })
    .from(alertRetries);
  return { lastHourEnd: await lastEvaluatedHourEnd(db), ...failed };
}
