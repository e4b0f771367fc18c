// Agent API keys (backend-api.md §3.2.2, §10.3): looked up by SHA-256 hash, never stored in clear. The
// original cached every answer for 24 h, so a revoked key kept working; here an answer is reused for at
// most TOKEN_CACHE_MS within one isolate, so revoking (or expiring) a key takes effect within seconds.
import { and, eq, gt, isNull, or, sql } from "drizzle-orm";
import { hashToken } from "../../../core/src/api-token";
import { profilerTokens, services } from "../../../../migrations/schema";
import type { Database } from "../../../shared/src/postgres";

export interface AgentToken {
  id: number;
  /** The only service this key may write to (its sanitized name), or null for any service. */
  serviceName: string | null;
}

export const TOKEN_CACHE_MS = 5_000;
/** Bounds the memory a flood of random keys can take; the oldest answers go first. */
const TOKEN_CACHE_ENTRIES = 1_000;
const cache = new Map<string, { token: AgentToken | null; until: number }>();

/** The enabled, unexpired key with this value (marking it used), or null. */
export async function findAgentToken(db: Database, token: string): Promise<AgentToken | null> {
  const hash = await hashToken(token);
  const now = Date.now();
  const cached = cache.get(hash);
  if (cached && cached.until > now) return cached.token;
  const [row] = await db
    .update(profilerTokens)
    .set({ lastUsed: sql`now()` })
    .where(
      and(
        eq(profilerTokens.tokenHash, hash),
        isNull(profilerTokens.disabled),
        or(isNull(profilerTokens.expiresAt), gt(profilerTokens.expiresAt, sql`now()`)),
      ),
    )
    .returning({
      id: profilerTokens.id,
      expiresAt: profilerTokens.expiresAt,
      serviceName: sql<string | null>`(select ${services.name} from ${services} where ${services.id} = ${profilerTokens.service})`,
    });
  const found = row ? { id: row.id, serviceName: row.serviceName } : null;
  remember(hash, found, Math.min(now + TOKEN_CACHE_MS, row?.expiresAt?.getTime() ?? Infinity));
  return found;
}

function remember(hash: string, token: AgentToken | null, until: number) {
  cache.delete(hash);
  if (cache.size >= TOKEN_CACHE_ENTRIES) cache.delete(cache.keys().next().value!);
  cache.set(hash, { token, until });
}
