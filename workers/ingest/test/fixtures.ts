import { env } from "cloudflare:workers";
import { generateToken, hashToken, tokenPrefix } from "../../core/src/api-token";
import { profilerTokens } from "../../../migrations/schema";
import { openDatabase } from "../../shared/src/postgres";

/** A new global agent key in the test database; returns the token. */
export async function insertAgentToken(options: { service?: number } = {}): Promise<string> {
  const token = generateToken();
  const { db, close } = openDatabase((env as { HYPERDRIVE: Hyperdrive }).HYPERDRIVE.connectionString);
  try {
    await db.insert(profilerTokens).values({ tokenHash: await hashToken(token), tokenPrefix: tokenPrefix(token), service: options.service });
  } finally {
    await close();
  }
  return token;
}
