// GET /api/v{1,2}/health_check: the agent calls it once at start and exits unless it is ok (backend-api.md
// §3.1, B.2); /health_check/webapp answers without touching a store.
import { Hono } from "hono";
import { fail } from "../../../shared/src/errors";
import type { DatabaseVariables } from "../../../shared/src/postgres";
import { agentCredentials, lookUpToken } from "../agent-auth";
import type { Env } from "../env";

export const health = new Hono<{ Bindings: Env; Variables: DatabaseVariables }>();

health.get("/api/:version{v[12]}/health_check/webapp", (c) => c.json({ message: "ok" }));

health.get("/api/:version{v[12]}/health_check", async (c) => {
  const { key, serviceName } = agentCredentials(c);
  // Like the original, the key is only checked when both are sent (§3.1).
  if (key && serviceName && !(await lookUpToken(c.var.db, key))) fail(400, "Invalid API key");
  return c.json({ message: "ok" });
});
