// POST /api/v1/logs: the agent's log batches (glogger, frontend-and-agent.md B.3; backend-api.md §3.3),
// answered 201 {"status":"ok"} like the original. Unlike the original (§10.2), the X-Token key is
// checked (401, which glogger reports as "check gprofiler token") and its service scope applies, and the
// lines go to ClickHouse (flamedb.agent_logs, 14 days) where the api Worker reads them back.
import { Hono } from "hono";
import { sanitizeServiceName } from "../../../core/src/service-name";
import { agentLogRows, oldestSerialStamp, parseLogBatch } from "../../../core/src/wire/agent-logs";
import { openClickHouse } from "../../../shared/src/clickhouse";
import { fail } from "../../../shared/src/errors";
import type { DatabaseVariables } from "../../../shared/src/postgres";
import { checkScope, lookUpToken } from "../agent-auth";
import { bodyLimits, checkContentLength, readJsonBody } from "../body";
import type { Env } from "../env";
import { insertAgentLogs, storedUpToSerial } from "../store/agent-logs";

export const logs = new Hono<{ Bindings: Env; Variables: DatabaseVariables }>();

/** glogger sends when its 4 MB buffer is 80 % full (B.3); a batch is parsed whole, so it is capped lower. */
const MAX_BATCH_BYTES = 16 * 1024 * 1024;

logs.post("/api/v1/logs", async (c) => {
  const limits = bodyLimits(c.env);
  checkContentLength(c.req.raw, limits);
  const key = c.req.header("x-token");
  if (!key) fail(401, "Missing X-Token header");
  const token = await lookUpToken(c.var.db, key);
  if (!token) fail(401, "Invalid X-Token");
  const body = await readJsonBody(c.req.raw, { ...limits, maxDecompressed: Math.min(limits.maxDecompressed, MAX_BATCH_BYTES) });
  const batch = parseLogBatch(body);
  if (!batch.ok) fail(400, batch.message);
  const serviceName = sanitizeServiceName(batch.value.serviceName);
  if (!serviceName) fail(400, "Invalid service_name in the log batch metadata");
  checkScope(token, serviceName);

  const now = new Date();
  const clickhouse = openClickHouse(c.env);
  try {
    const since = oldestSerialStamp(batch.value, now);
    const stored = since && (await storedUpToSerial(clickhouse, { serviceName, runId: batch.value.runId, since }));
    const rows = agentLogRows(batch.value, { serviceName, now, storedUpToSerial: stored ?? null, redact: key });
    await insertAgentLogs(clickhouse, rows, batch.value.batchId);
  } finally {
    c.executionCtx.waitUntil(clickhouse.close());
  }
  return c.json({ status: "ok" }, 201);
});
