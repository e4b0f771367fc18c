// Function-level regression alerts: the list and acknowledging (every signed-in user), the thresholds and
// webhook per service (read by everyone, changed by admins: they point the studio at a URL and hold its
// signing secret), and running the evaluation on demand (admins). The Cron Trigger runs catchUpAlerts too.
import { Hono, type Context } from "hono";
import { parseDateTime } from "../../../core/src/date-time";
import { HOUR_MS, MAX_RANGE_HOURS, rangeWindows, THRESHOLD_LIMITS } from "../../../core/src/regression";
import { isValidWebhookUrl } from "../../../core/src/regression-webhook";
import { generateWebhookSecret } from "../../../core/src/webhook-signature";
import type { AlertJson } from "../../../core/src/wire/alerts";
import { isoTime } from "../../../core/src/wire/iso-time";
import { fail } from "../../../shared/src/errors";
import { withPostgres } from "../../../shared/src/postgres";
import { readJson } from "../body";
import type { ApiEnv } from "../env";
import { catchUpAlerts, evaluateHours, type AlertDeps, type EvaluationRun } from "../evaluate-alerts";
import { requireAdmin } from "../middleware/require-admin";
import { intParam, serviceIdOf } from "../params";
import { sessionSecret } from "../session";
import { withClickHouse } from "../store/clickhouse";
import {
  BUILT_IN_SETTINGS,
  deleteSettings,
  effectiveSettings,
  rotateSecret,
  saveSettings,
  sealWebhookSecret,
  storedSettings,
  type AlertSettings,
} from "../store/alert-settings";
import { acknowledgeAlert, findAlert, listAlerts, type AlertRow, type AlertState } from "../store/alerts";

const STATES: readonly AlertState[] = ["open", "acknowledged"];

export const alertsRoute = new Hono<ApiEnv>();

alertsRoute.get("/api/alerts", async (c) => {
  const serviceName = c.req.query("serviceName");
  const serviceId = serviceName ? await serviceIdOf(c.var.db, serviceName.replace(/^_+/, "")) : undefined;
  const state = c.req.query("state") || undefined;
  if (state !== undefined && !STATES.includes(state as AlertState)) fail(400, "'state' must be open or acknowledged");
  const limit = intParam(c, "limit", 100, 500);
  const before = c.req.query("before") ? intParam(c, "before", 1, Number.MAX_SAFE_INTEGER) : undefined;
  const rows = await withPostgres(() =>
    listAlerts(c.var.db, { serviceId, state: state as AlertState | undefined, limit, before }),
  );
  return c.json(rows.map(alertJson));
});

alertsRoute.post("/api/alerts/:id{[0-9]+}/acknowledge", async (c) => {
  const id = Number(c.req.param("id"));
  const found = await withPostgres(() => acknowledgeAlert(c.var.db, id, c.var.user.username));
  if (!found) fail(404, `No alert ${id}`);
  return c.json(alertJson((await withPostgres(() => findAlert(c.var.db, id)))!));
});

/** The settings that apply to `serviceName` (or the defaults without it), and whether they are its own. */
alertsRoute.get("/api/alerts/settings", async (c) => {
  const serviceId = await optionalService(c);
  const db = c.var.db;
  const [own, defaults] = await withPostgres(() =>
    Promise.all([serviceId === null ? null : storedSettings(db, serviceId), storedSettings(db, null)]),
  );
  return c.json({
    serviceName: serviceId === null ? null : c.req.query("serviceName"),
    own: own !== null,
    settings: own ?? defaults ?? BUILT_IN_SETTINGS,
    defaults: defaults ?? BUILT_IN_SETTINGS,
  });
});

/**
 * Saves a service's own settings, or the defaults when `serviceName` is absent. A new webhook URL gets a
 * new signing secret, answered once as `webhookSecret`.
 */
alertsRoute.put("/api/alerts/settings", requireAdmin(), async (c) => {
  const serviceId = await optionalService(c);
  const settings = validSettings(await readJson(c));
  const secret = generateWebhookSecret();
  const sealed = await sealWebhookSecret(secret, sessionSecret(c));
  const fresh = await withPostgres(() => saveSettings(c.var.db, serviceId, settings, sealed));
  const effective = await withPostgres(() =>
    serviceId === null ? Promise.resolve(settings) : effectiveSettings(c.var.db, serviceId),
  );
  return c.json(fresh ? { ...effective, webhookSecret: secret } : effective);
});

/** A new signing secret for the webhook of `serviceName` (or the defaults'), answered once. */
alertsRoute.post("/api/alerts/settings/rotate-secret", requireAdmin(), async (c) => {
  const serviceId = await optionalService(c);
  const secret = generateWebhookSecret();
  const sealed = await sealWebhookSecret(secret, sessionSecret(c));
  if (!(await withPostgres(() => rotateSecret(c.var.db, serviceId, sealed))))
    fail(404, serviceId === null ? "The defaults have no webhook" : "The service has no webhook of its own");
  return c.json({ webhookSecret: secret });
});

/** Drops a service's own settings: it follows the defaults again. */
alertsRoute.delete("/api/alerts/settings", requireAdmin(), async (c) => {
  const serviceId = await optionalService(c);
  if (serviceId === null) fail(400, "Missing query parameter 'serviceName'");
  if (!(await withPostgres(() => deleteSettings(c.var.db, serviceId)))) fail(404, "The service has no settings of its own");
  return c.body(null, 204);
});

/**
 * Runs the evaluation now (admins): with `from` and `to`, every complete hour overlapping them (at most
 * 7 days); without, what the cron would (the hours missed since its last run, or none).
 */
alertsRoute.post("/api/alerts/evaluate", requireAdmin(), async (c) => {
  const body = c.req.header("content-type") ? await readJson(c) : {};
  const now = new Date();
  const range = body.from === undefined && body.to === undefined ? null : validRange(body.from, body.to);
  const run = await withClickHouse(c.env, (clickhouse) => {
    const deps: AlertDeps = {
      db: c.var.db,
      clickhouse,
      fetch: (r) => fetch(r),
      uiUrl: uiUrl(c),
      sessionSecret: sessionSecret(c),
    };
    return range ? evaluateHours(deps, rangeWindows(range.from, range.to, now), now) : catchUpAlerts(deps, now);
  });
  return c.json(runJson(run));
});

function validRange(fromValue: unknown, toValue: unknown): { from: Date; to: Date } {
  const from = typeof fromValue === "string" ? parseDateTime(fromValue) : null;
  const to = typeof toValue === "string" ? parseDateTime(toValue) : null;
  if (!from || !to) fail(400, "'from' and 'to' must both be ISO-8601 date-times");
  if (to <= from) fail(400, "'to' must be after 'from'");
  if (to.getTime() - from.getTime() > MAX_RANGE_HOURS * HOUR_MS) fail(400, "'from' and 'to' may be at most 7 days apart");
  return { from, to };
}

const runJson = (run: EvaluationRun) => ({
  ...run,
  hours: run.hours.map(({ window, ...hour }) => ({ start: isoTime(window.start), end: isoTime(window.end), ...hour })),
  retried: run.retried.map(({ window, ...retry }) => ({ start: isoTime(window.start), end: isoTime(window.end), ...retry })),
});

/** The UI's origin for permalinks: UI_URL, else the origin the request came to (the UI proxies /api). */
const uiUrl = (c: Context<ApiEnv>) => c.env.UI_URL || new URL(c.req.url).origin;

async function optionalService(c: Context<ApiEnv>): Promise<number | null> {
  const name = c.req.query("serviceName")?.replace(/^_+/, "");
  return name ? serviceIdOf(c.var.db, name) : null;
}

function validSettings(body: Record<string, unknown>): AlertSettings {
  if (typeof body.enabled !== "boolean") fail(400, "'enabled' must be true or false");
  const numbers = Object.fromEntries(
    Object.entries(THRESHOLD_LIMITS).map(([name, [min, max]]) => {
      const value = body[name];
      const integer = name === "minSamples" || name === "topFunctions";
      if (typeof value !== "number" || !Number.isFinite(value) || value < min || value > max || (integer && !Number.isInteger(value)))
        fail(400, `'${name}' must be ${integer ? "an integer" : "a number"} from ${min} to ${max}`);
      return [name, value];
    }),
  ) as Omit<AlertSettings, "enabled" | "webhookUrl">;
  const webhookUrl = body.webhookUrl === undefined || body.webhookUrl === null || body.webhookUrl === "" ? null : body.webhookUrl;
  if (webhookUrl !== null && (typeof webhookUrl !== "string" || webhookUrl.length > 2000 || !isValidWebhookUrl(webhookUrl)))
    fail(400, "'webhookUrl' must be an https URL (http only to localhost)");
  return { enabled: body.enabled, ...numbers, webhookUrl };
}

const iso = (d: Date | null) => (d ? isoTime(d) : null);

const alertJson = (a: AlertRow): AlertJson => ({
  ...a,
  windowStart: isoTime(a.windowStart),
  windowEnd: isoTime(a.windowEnd),
  baselineStart: isoTime(a.baselineStart),
  acknowledgedAt: iso(a.acknowledgedAt),
  notifiedAt: iso(a.notifiedAt),
  createdAt: iso(a.createdAt),
  deployment: a.deployment && { ...a.deployment, time: isoTime(a.deployment.time) },
});
