// First-run data: the agent API key and the UI's first user, stored as the Workers expect them:
// tokens as SHA-256 hex (workers/core/src/api-token.ts), passwords as PBKDF2 (workers/core/src/password.ts).
import { createHash, pbkdf2Sync, randomBytes } from "node:crypto";
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

/** PBKDF2-SHA256 in the format of workers/core/src/password.ts (a test checks they agree). */
export function hashPassword(password, salt = randomBytes(16)) {
  const iterations = 100_000;
  const hash = pbkdf2Sync(password, salt, iterations, 32, "sha256");
  return `pbkdf2$${iterations}$${salt.toString("base64url")}$${hash.toString("base64url")}`;
}

/**
 * Creates the admin user; with `password` given, an existing admin's password is set to it.
 * Returns the password when one was generated, so the caller can print it once.
 */
export async function ensureAdminUser(postgresUrl, { password } = {}) {
  const sql = postgres(postgresUrl, { onnotice: () => {} });
  try {
    const generated = password ? null : newToken().slice(0, 20);
    const hash = hashPassword(password ?? generated);
    const rows = password
      ? await sql`INSERT INTO users (username, password_hash, is_admin) VALUES ('admin', ${hash}, true)
                  ON CONFLICT (username) DO UPDATE SET password_hash = EXCLUDED.password_hash RETURNING id`
      : await sql`INSERT INTO users (username, password_hash, is_admin) VALUES ('admin', ${hash}, true)
                  ON CONFLICT (username) DO NOTHING RETURNING id`;
    return rows.length && generated ? generated : null;
  } finally {
    await sql.end();
  }
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
