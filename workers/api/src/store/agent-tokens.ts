// The agents' API keys as admins manage them (routes/tokens.ts): stored as SHA-256 with a short prefix,
// optionally scoped to one service, with an expiry and a revocation time. Rows are never deleted: token
// associations and the key's history refer to them. The ingest Worker honours a change within its
// 5-second key cache (workers/ingest/src/store/tokens.ts), and an expiry to the second.
import { and, desc, eq, isNull, sql } from "drizzle-orm";
import { profilerTokens, services } from "../../../../migrations/schema";
import type { Database } from "../../../shared/src/postgres";

export interface AgentTokenInfo {
  id: number;
  name: string;
  prefix: string;
  /** The one service the key may write to, or null for any. */
  service: string | null;
  createdAt: Date | null;
  expiresAt: Date | null;
  lastUsed: Date | null;
  revokedAt: Date | null;
  /** The key the installation page shows (/api/api_key). */
  installKey: boolean;
}

const INFO = {
  id: profilerTokens.id,
  name: profilerTokens.name,
  prefix: profilerTokens.tokenPrefix,
  // Qualified by hand: drizzle leaves columns of a one-table select unqualified.
  service: sql<string | null>`(select s.name from services s where s.id = profiler_tokens.service)`,
  createdAt: profilerTokens.ts,
  expiresAt: profilerTokens.expiresAt,
  lastUsed: profilerTokens.lastUsed,
  revokedAt: profilerTokens.disabled,
  installKey: sql<boolean>`profiler_tokens.sealed is not null`,
};

export const listAgentTokens = (db: Database): Promise<AgentTokenInfo[]> =>
  db.select(INFO).from(profilerTokens).orderBy(desc(profilerTokens.id));

export async function findAgentTokenInfo(db: Database, id: number): Promise<AgentTokenInfo | null> {
  const [row] = await db.select(INFO).from(profilerTokens).where(eq(profilerTokens.id, id));
  return row ?? null;
}

/** A new key; a scope names a service, registered now if no agent has sent it yet. */
export async function createAgentToken(
  db: Database,
  token: {
    name: string;
    tokenHash: string;
    tokenPrefix: string;
    service: string | null;
    expiresAt: Date | null;
  },
): Promise<number> {
  return db.transaction(async (tx) => {
    let serviceId: number | null = null;
    if (token.service !== null) {
      await tx.insert(services).values({ name: token.service }).onConflictDoNothing();
      [{ id: serviceId }] = await tx
        .select({ id: services.id })
        .from(services)
        .where(eq(services.name, token.service));
    }
    const [row] = await tx
      .insert(profilerTokens)
      .values({ ...token, service: serviceId })
      .returning({ id: profilerTokens.id });
    return row.id;
  });
}

/** Sets when a key stops working (a past time: it has); false when there is no such key. */
export async function setAgentTokenExpiry(
  db: Database,
  id: number,
  expiresAt: Date | null,
): Promise<boolean> {
  const rows = await db
    .update(profilerTokens)
    .set({ expiresAt })
    .where(eq(profilerTokens.id, id))
    .returning({ id: profilerTokens.id });
  return rows.length > 0;
}

/** Revokes a key for good (the original's `disabled`); false when there is no such key. */
export async function revokeAgentToken(db: Database, id: number): Promise<boolean> {
  await db
    .update(profilerTokens)
    .set({ disabled: sql`now()` })
    .where(and(eq(profilerTokens.id, id), isNull(profilerTokens.disabled)));
  return (await findAgentTokenInfo(db, id)) !== null;
}
