// How far the cron has evaluated regression alerts (alert_evaluation, one row): the end of the last hour
// it evaluated, read to find the hours it missed and advanced after each hour (evaluate-alerts.ts).
import { sql } from "drizzle-orm";
import { alertEvaluation } from "../../../../migrations/schema";
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
