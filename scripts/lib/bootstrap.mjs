// First-run data: the agent API key and the UI's first user. Tokens are stored as SHA-256 hex only,
// matching workers/core/src/api-token.ts.
import { createHash, randomBytes } from "node:crypto";
import postgres from "postgres";

const sha256 = (text) => createHash("sha256").update(text).digest("hex");

/** Stores `token` (or a new random one) as a global agent key; returns the token. Idempotent. */
export async function createAgentToken(postgresUrl, { token, name = "default" } = {}) {
  token ??= newToken();
  const sql = postgres(postgresUrl, { onnotice: () => {} });
  try {
    await sql`INSERT INTO profiler_tokens (token_hash, token_prefix, name)
              VALUES (${sha256(token)}, ${token.slice(0, 6)}, ${name}) ON CONFLICT DO NOTHING`;
  } finally {
    await sql.end();
  }
  return token;
}

function newToken() {
  for (;;) {
    const token = randomBytes(32).toString("base64url");
    if (!token.startsWith("-")) return token;
  }
}

export async function serviceExists(postgresUrl, name) {
  const sql = postgres(postgresUrl, { onnotice: () => {} });
  try {
    return (await sql`SELECT 1 FROM services WHERE name = ${name}`).length > 0;
  } finally {
    await sql.end();
  }
}
