// Function-level regression alerts: the list and acknowledging, the thresholds and webhook per service,
// and running the hourly evaluation on demand (admins). The Cron Trigger runs the same evaluateAlerts.
import { Hono, type Context } from "hono";
import { parseDateTime } from "../../../core/src/date-time";
import { THRESHOLD_LIMITS } from "../../../core/src/regression";
import { isValidWebhookUrl } from "../../../core/src/regression-webhook";
import type { AlertJson } from "../../../core/src/wire/alerts";
import { isoTime } from "../../../core/src/wire/iso-time";
import { fail } from "../../../shared/src/errors";
import { withPostgres } from "../../../shared/src/postgres";
import { readJson } from "../body";
import type { ApiEnv } from "../env";
import { evaluateAlerts } from "../evaluate-alerts";
import { intParam, serviceIdOf } from "../params";
import { withClickHouse } from "../store/clickhouse";
import {
  BUILT_IN_SETTINGS,
  deleteSettings,
  effectiveSettings,
  saveSettings,
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

/** Saves a service's own settings, or the defaults when `serviceName` is absent. */
alertsRoute.put("/api/alerts/settings", async (c) => {
  const serviceId = await optionalService(c);
  const settings = validSettings(await readJson(c));
  await withPostgres(() => saveSettings(c.var.db, serviceId, settings));
  const effective = await withPostgres(() =>
    serviceId === null ? Promise.resolve(settings) : effectiveSettings(c.var.db, serviceId),
  );
  return c.json(effective);
});

/** Drops a service's own settings: it follows the defaults again. */
alertsRoute.delete("/api/alerts/settings", async (c) => {
  const serviceId = await optionalService(c);
  if (serviceId === null) fail(400, "Missing query parameter 'serviceName'");
  if (!(await withPostgres(() => deleteSettings(c.var.db, serviceId)))) fail(404, "The service has no settings of its own");
  return c.body(null, 204);
});

/** Runs the hourly evaluation now, for the hour before `at` (default: now); admins only. */
alertsRoute.post("/api/alerts/evaluate", async (c) => {
  if (!c.var.user.isAdmin) fail(403, "Only administrators may run the evaluation");
  const body = c.req.header("content-type") ? await readJson(c) : {};
  const at = body.at === undefined ? new Date() : parseDateTime(body.at);
  if (!at) fail(400, "'at' must be an ISO-8601 date-time or unix seconds");
  const run = await withClickHouse(c.env, (clickhouse) =>
    evaluateAlerts({ db: c.var.db, clickhouse, fetch: (r) => fetch(r), uiUrl: uiUrl(c) }, at),
  );
  return c.json({
    ...run,
    window: { start: isoTime(run.window.start), end: isoTime(run.window.end), baselineStart: isoTime(run.window.baselineStart) },
  });
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
