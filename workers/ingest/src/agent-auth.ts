// Which service an agent request is for, and whether its key may write there (backend-api.md §3.2.2).
// Agents send GPROFILER-API-KEY / GPROFILER-SERVICE-NAME headers and also `key`/`service` query params.
import type { Context } from "hono";
import { sanitizeServiceName } from "../../core/src/service-name";
import { fail } from "../../shared/src/errors";
import { withPostgres, type Database } from "../../shared/src/postgres";
import { findAgentToken, type AgentToken } from "./store/tokens";

export interface AgentCredentials {
  key: string;
  serviceName: string;
}

export function agentCredentials(c: Context): Partial<AgentCredentials> {
  return {
    key: c.req.header("gprofiler-api-key") || c.req.query("key") || undefined,
    serviceName: c.req.header("gprofiler-service-name") || c.req.query("service") || undefined,
  };
}

/** The token and sanitized service name of an upload; 400 with the original's messages otherwise. */
export async function authenticateAgent(db: Database, c: Context): Promise<{ token: AgentToken; serviceName: string }> {
  const { key, serviceName } = agentCredentials(c);
  if (!key) fail(400, "Missing GPROFILER-API-KEY header");
  const token = await withPostgres(() => findAgentToken(db, key));
  if (!token) fail(400, "Invalid API key");
  const name = sanitizeServiceName(serviceName ?? "");
  if (!name) fail(400, "Invalid GPROFILER-SERVICE-NAME header");
  return { token, serviceName: name };
}
