// Who an agent request is from and which service it writes to (backend-api.md §3.2.2). Uploads carry
// GPROFILER-API-KEY / GPROFILER-SERVICE-NAME headers, with the same values in the `key`/`service` query
// params (B.2); log batches carry only X-Token (B.3).
import type { Context } from "hono";
import { sanitizeServiceName } from "../../core/src/service-name";
import { fail } from "../../shared/src/errors";
import { withPostgres, type Database } from "../../shared/src/postgres";
import { findAgentToken, type AgentToken } from "./store/tokens";

export interface AgentCredentials {
  key?: string;
  serviceName?: string;
}

export function agentCredentials(c: Context): AgentCredentials {
  return {
    key: c.req.header("gprofiler-api-key") || c.req.query("key") || undefined,
    serviceName: c.req.header("gprofiler-service-name") || c.req.query("service") || undefined,
  };
}

export const lookUpToken = (db: Database, key: string) => withPostgres(() => findAgentToken(db, key));

/** The sanitized service name an upload may write to: 400 with the original's messages, 403 out of scope. */
export async function authenticateUpload(db: Database, c: Context): Promise<string> {
  const { key, serviceName } = agentCredentials(c);
  if (!key) fail(400, "Missing GPROFILER-API-KEY header");
  const token = await lookUpToken(db, key);
  if (!token) fail(400, "Invalid API key");
  const name = sanitizeServiceName(serviceName ?? "");
  if (!name) fail(400, "Invalid GPROFILER-SERVICE-NAME header");
  checkScope(token, name);
  return name;
}

/** A key scoped to one service writes nothing elsewhere; unscoped keys write anywhere (§10.5). */
export function checkScope(token: AgentToken, serviceName: string): void {
  if (token.serviceName !== null && token.serviceName !== serviceName) {
    fail(403, `This API key may not write to service ${serviceName}`);
  }
}

/** The public address of the agent: only what Cloudflare's edge sets; X-Forwarded-For is the client's say (§10.9). */
export function clientIp(c: Context): string {
  const ip = c.req.header("cf-connecting-ip")?.trim() ?? "";
  return /^[0-9A-Fa-f:.]{2,45}$/.test(ip) ? ip : "";
}
