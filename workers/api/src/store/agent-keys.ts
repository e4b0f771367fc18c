// The agent key the UI shows on its installation page and writes into installation files
// (/api/api_key, backend-api.md §4.1). Keys are stored hashed; this one is also sealed with a key derived
// from SESSION_SECRET so it can be shown again. One transaction under an advisory lock, so concurrent
// first calls do not mint two keys (§10.20).
import { and, desc, eq, gt, isNotNull, isNull, or, sql } from "drizzle-orm";
import { generateToken, hashToken, tokenPrefix } from "../../../core/src/api-token";
import { seal, unseal } from "../../../core/src/sealed";
import { profilerTokens } from "../../../../migrations/schema";
import type { Database } from "../../../shared/src/postgres";

const PURPOSE = "studio-ui-agent-key";
const LOCK = sql`SELECT pg_advisory_xact_lock(hashtext(${PURPOSE}))`;

export async function uiAgentKey(db: Database, secret: string): Promise<string> {
  return db.transaction(async (tx) => {
    await tx.execute(LOCK);
    const rows = await tx
      .select({ sealed: profilerTokens.sealed })
      .from(profilerTokens)
      .where(
        and(
          isNotNull(profilerTokens.sealed),
          isNull(profilerTokens.disabled),
          isNull(profilerTokens.service),
          or(isNull(profilerTokens.expiresAt), gt(profilerTokens.expiresAt, sql`now()`)),
        ),
      )
      .orderBy(desc(profilerTokens.id));
    for (const row of rows) {
      // a key sealed under a previous SESSION_SECRET cannot be shown again; a new one is made
      const token = await unseal(row.sealed!, secret, PURPOSE);
      if (token) return token;
    }
    const token = generateToken();
    await tx.insert(profilerTokens).values({
      tokenHash: await hashToken(token),
      tokenPrefix: tokenPrefix(token),
      name: "studio-ui",
      sealed: await seal(token, secret, PURPOSE),
    });
    return token;
  });
}

/**
 * The service an agent key is scoped to (enabled and unexpired keys only): its id, null for an unscoped
 * key, undefined when no such key exists. POST /api/v1/deployments accepts only scoped keys.
 */
export async function agentKeyScope(db: Database, tokenHash: string): Promise<number | null | undefined> {
  const [row] = await db
    .select({ service: profilerTokens.service })
    .from(profilerTokens)
    .where(
      and(
        eq(profilerTokens.tokenHash, tokenHash),
        isNull(profilerTokens.disabled),
        or(isNull(profilerTokens.expiresAt), gt(profilerTokens.expiresAt, sql`now()`)),
      ),
    );
  return row ? row.service : undefined;
}
