// Deployment markers: GET for the charts' annotations, POST for deploy pipelines. Authenticated as every
// UI route (session, Basic, personal token), and POST also with an agent key scoped to the service
// (`Authorization: Bearer <agent key>`): CI pipelines hold those, and a scoped key can already write that
// service's profiles. Unscoped agent keys are refused: every agent has one (the installation page's), and a
// marker on any service is more than an agent needs.
import { Hono, type MiddlewareHandler } from "hono";
import { hashToken } from "../../../core/src/api-token";
import { isPersonalToken, parseAuthorization } from "../../../core/src/credentials";
import { parseDateTime } from "../../../core/src/date-time";
import { MAX_VERSION_LENGTH } from "../../../core/src/deploy-version";
import type { DeploymentJson } from "../../../core/src/wire/alerts";
import { isoTime } from "../../../core/src/wire/iso-time";
import { fail } from "../../../shared/src/errors";
import { withPostgres } from "../../../shared/src/postgres";
import { readJson } from "../body";
import type { ApiEnv } from "../env";
import { authenticate } from "../middleware/authenticate";
import { dateParam, serviceIdOf, serviceNameParam } from "../params";
import { agentKeyScope } from "../store/agent-keys";
import { addDeployment, listDeployments, type Deployment } from "../store/deployments";

export const DEPLOYMENTS_PATH = "/api/v1/deployments";
const MAX_DESCRIPTION = 2000;
/** A deployment may be posted up to this long after it happened, or a few minutes ahead (clock skew). */
const MAX_AGE_MS = 30 * 24 * 3_600_000;
const MAX_AHEAD_MS = 5 * 60_000;

export const deploymentsRoute = new Hono<ApiEnv & { Variables: { agentKeyHash?: string } }>();

/** An agent key (a Bearer token that is not a personal token) on POST; everything else as the UI routes. */
function userOrAgentKey(): MiddlewareHandler<ApiEnv & { Variables: { agentKeyHash?: string } }> {
  const asUser = authenticate({ publicPaths: [] });
  return async (c, next) => {
    const credentials = parseAuthorization(c.req.header("authorization"));
    if (c.req.method === "POST" && credentials?.scheme === "bearer" && !isPersonalToken(credentials.token)) {
      c.set("agentKeyHash", await hashToken(credentials.token));
      return next();
    }
    return asUser(c, next);
  };
}

deploymentsRoute.use(DEPLOYMENTS_PATH, userOrAgentKey());

deploymentsRoute.get(DEPLOYMENTS_PATH, async (c) => {
  const serviceId = await serviceIdOf(c.var.db, serviceNameParam(c));
  const startTime = dateParam(c, "startTime");
  const endTime = dateParam(c, "endTime");
  if (endTime <= startTime) fail(400, "'endTime' must be after 'startTime'");
  const rows = await withPostgres(() => listDeployments(c.var.db, serviceId, startTime, endTime));
  return c.json(rows.map(deploymentJson));
});

deploymentsRoute.post(DEPLOYMENTS_PATH, async (c) => {
  const body = await readJson(c);
  const serviceName = text(body, "serviceName", 255, true)!.replace(/^_+/, "");
  const version = text(body, "version", MAX_VERSION_LENGTH, true)!;
  const description = text(body, "description", MAX_DESCRIPTION, false);
  const commit = text(body, "commit", MAX_VERSION_LENGTH, false);
  const now = Date.now();
  let time = new Date(now);
  if (body.time !== undefined) {
    const parsed = parseDateTime(body.time);
    if (!parsed) fail(400, "'time' must be an ISO-8601 date-time or unix seconds");
    if (parsed.getTime() > now + MAX_AHEAD_MS || parsed.getTime() < now - MAX_AGE_MS)
      fail(400, "'time' must be within the last 30 days");
    time = parsed;
  }
  const serviceId = await serviceIdOf(c.var.db, serviceName);
  const keyHash = c.var.agentKeyHash;
  if (keyHash !== undefined) {
    const scope = await withPostgres(() => agentKeyScope(c.var.db, keyHash));
    if (scope === undefined) fail(401, "Invalid API key");
    if (scope !== serviceId) fail(403, `Only an agent key scoped to service ${serviceName} may post its deployments`);
  }
  const id = await withPostgres(() => addDeployment(c.var.db, { serviceId, version, time, description, commit }));
  return c.json(deploymentJson({ id, serviceName, version, time, source: "api", description, commit }), 201);
});

function text(body: Record<string, unknown>, name: string, maxLength: number, required: boolean): string | null {
  const value = body[name];
  if (value === undefined || value === null) {
    if (required) fail(400, `'${name}' is required`);
    return null;
  }
  if (typeof value !== "string" || !value.trim()) fail(400, `'${name}' must be a non-empty string`);
  if (value.length > maxLength) fail(400, `'${name}' is longer than ${maxLength} characters`);
  return value.trim();
}

const deploymentJson = (d: Deployment): DeploymentJson => ({ ...d, time: isoTime(d.time) });
