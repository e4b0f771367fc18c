// Login attempts counted per key in fixed windows (the login rate limit, login-limit.ts). One atomic
// upsert per attempt, so concurrent guesses cannot all slip in under the limit.
import { eq, lt, sql } from "drizzle-orm";
import { loginAttempts } from "../../../../migrations/schema";
import type { Database } from "../../../shared/src/postgres";

export interface AttemptCount {
  /** Attempts in the current window, this one included. */
  attempts: number;
  /** Whole seconds until the window ends. */
  retryAfter: number;
}

export async function countAttempt(db: Database, key: string, windowSeconds: number): Promise<AttemptCount> {
  const window = sql`make_interval(secs => ${windowSeconds})`;
  const current = sql`${loginAttempts.windowStart} > now() - ${window}`;
  const [row] = await db
    .insert(loginAttempts)
    .values({ key })
    .onConflictDoUpdate({
      target: loginAttempts.key,
      set: {
        attempts: sql`CASE WHEN ${current} THEN ${loginAttempts.attempts} + 1 ELSE 1 END`,
        windowStart: sql`CASE WHEN ${current} THEN ${loginAttempts.windowStart} ELSE now() END`,
      },
    })
    .returning({
      attempts: loginAttempts.attempts,
      retryAfter: sql<number>`greatest(1, ceil(extract(epoch from ${loginAttempts.windowStart} + ${window} - now())))::int`,
    });
  return row;
}

/** A successful attempt does not count against the limit. */
export async function uncountAttempt(db: Database, key: string): Promise<void> {
  await db
    .update(loginAttempts)
    .set({ attempts: sql`greatest(${loginAttempts.attempts} - 1, 0)` })
    .where(eq(loginAttempts.key, key));
}

/** Counters of windows long past (the cron's housekeeping). */
export async function deleteOldAttempts(db: Database, olderThanSeconds: number): Promise<number> {
  const rows = await db
    .delete(loginAttempts)
    .where(lt(loginAttempts.windowStart, sql`now() - make_interval(secs => ${olderThanSeconds})`))
    .returning({ key: loginAttempts.key });
  return rows.length;
}
