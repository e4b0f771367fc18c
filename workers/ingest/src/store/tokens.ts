import { and, eq, gt, isNull, or, sql } from "drizzle-orm";
import { hashToken } from "../../../core/src/api-token";
import { profilerTokens } from "../../../../migrations/schema";
import type { Database } from "../../../shared/src/postgres";

export interface AgentToken {
  id: number;
  /** The only service this token may write to, or null for any service. */
  service: number | null;
}

/** The enabled, unexpired token with this value, marking it used; null when there is none. */
export async function findAgentToken(db: Database, token: string): Promise<AgentToken | null> {
  const rows = await db
    .update(profilerTokens)
    .set({ lastUsed: sql`now()` })
    .where(
      and(
        eq(profilerTokens.tokenHash, await hashToken(token)),
        isNull(profilerTokens.disabled),
        or(isNull(profilerTokens.expiresAt), gt(profilerTokens.expiresAt, sql`now()`)),
      ),
    )
    .returning({ id: profilerTokens.id, service: profilerTokens.service });
  return rows[0] ?? null;
}
