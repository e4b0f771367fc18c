// The hourly regression-alert run (the Cron Trigger, and POST /api/alerts/evaluate): per hour, per
// service with samples in it, its functions' shares in the hour against the 7 days before
// (core/src/regression.ts), new alerts recorded with the deployment they followed; then every alert not
// yet delivered posted, signed, to its service's webhook. The cron evaluates every hour it missed since
// the last one it evaluated (at most 48), oldest first, recording its progress after each hour; an hour
// evaluated twice records nothing new (the alerts' unique key). A failing service is logged and recorded
// (alert_retries), the run goes on with the others, and the next cron runs evaluate that service's hour
// again (MAX_ATTEMPTS at most); a failing webhook is retried by the next runs too (its alert stays
// undelivered). A failing hour (ClickHouse down) ends the run, and the next run starts again from it.
import {
  catchUpWindows,
  citedDeployment,
  DEPLOYMENT_LOOKBACK_HOURS,
  detectRegressions,
  HOUR_MS,
  hourWindow,
  MAX_CATCH_UP_HOURS,
  newRegressions,
  REPEAT_COOLDOWN_HOURS,
  type Window,
} from "../../core/src/regression";
import { alertPayload, comparePermalink } from "../../core/src/regression-webhook";
import type { ClickHouseClient } from "../../shared/src/clickhouse";
import type { Database } from "../../shared/src/postgres";
import { deliver, type Fetch } from "./alert-webhook";
import {
  clearFailedHours,
  failedHours,
  lastEvaluatedHourEnd,
  recordEvaluatedHour,
  recordFailedHour,
} from "./store/alert-evaluation";
import {
  BUILT_IN_SETTINGS,
  allSettings,
  unsealWebhookSecret,
  type AlertSettings,
  type DeliverySettings,
} from "./store/alert-settings";
import { pastAlerts, recordAlerts, recordDelivery, undeliveredAlerts, type AlertRow } from "./store/alerts";
import { listDeployments } from "./store/deployments";
import { regressionSamples, servicesWithSamples } from "./store/regression-samples";
import { visibleServices } from "./store/services";

/** Undelivered alerts older than this are no longer posted. */
const DELIVERY_GIVE_UP_HOURS = 24;
/** A service's failed hour is evaluated this many times at most (the first time and the cron's retries). */
export const MAX_ATTEMPTS = 6;

export interface AlertDeps {
  db: Database;
  clickhouse: ClickHouseClient;
  fetch: Fetch;
  /** The UI's origin, for the permalinks in webhook posts. */
  uiUrl: string;
  /** SESSION_SECRET, which seals the webhooks' signing secrets. */
  sessionSecret: string;
}

export interface HourRun {
  window: Window;
  services: number;
  alerts: number;
  failedServices: string[];
}

/** A service's hour that had failed, evaluated again. */
export interface RetryRun {
  service: string;
  window: Window;
  ok: boolean;
  alerts: number;
}

export interface EvaluationRun {
  hours: HourRun[];
  retried: RetryRun[];
  alerts: number;
  delivered: number;
  deliveryFailures: number;
}

/**
 * The cron: the service hours of the last 48 that failed, then every complete hour since the last one
 * evaluated (core catchUpWindows).
 */
export async function catchUpAlerts(deps: AlertDeps, now: Date): Promise<EvaluationRun> {
  const windows = catchUpWindows(await lastEvaluatedHourEnd(deps.db), now);
  return evaluateHours(deps, windows, now, {
    evaluated: (window) => recordEvaluatedHour(deps.db, window.end),
    retryFailed: true,
  });
}

/**
 * Evaluates the hours in order (`evaluated` after each), with `retryFailed` the failed service hours
 * before them, then posts what is undelivered.
 */
export async function evaluateHours(
  deps: AlertDeps,
  windows: readonly Window[],
  now: Date,
  {
    evaluated = async () => {},
    retryFailed = false,
  }: { evaluated?: (window: Window) => Promise<void>; retryFailed?: boolean } = {},
): Promise<EvaluationRun> {
  const settings = await allSettings(deps.db);
  const settingsOf = (serviceId: number): DeliverySettings =>
    settings.get(serviceId) ?? settings.get(null) ?? { ...BUILT_IN_SETTINGS, webhookSecret: null };
  // Retried first: an hour failing in this run is not tried twice in it.
  const retried = retryFailed ? await retryFailedHours(deps, now, settingsOf) : [];
  const hours: HourRun[] = [];
  for (const window of windows) {
    hours.push(await evaluateHour(deps, window, settingsOf));
    await evaluated(window);
  }
  const deliveries = await deliverPending(deps, now, settingsOf);
  const alerts = [...hours, ...retried].reduce((n, run) => n + run.alerts, 0);
  return { hours, retried, alerts, ...deliveries };
}

async function evaluateHour(
  deps: AlertDeps,
  window: Window,
  settingsOf: (serviceId: number) => AlertSettings,
): Promise<HourRun> {
  const services = await visibleServices(deps.db, await servicesWithSamples(deps.clickhouse, window));
  let alerts = 0;
  const failedServices: string[] = [];
  const done: number[] = [];
  for (const service of services) {
    try {
      alerts += await evaluateService(deps, service.id, settingsOf(service.id), window);
      done.push(service.id);
    } catch (e) {
      failedServices.push(service.name);
      await serviceFailed(deps, service, window, e);
    }
  }
  // An hour that had failed for a service and now went through (an admin's re-run) is done with.
  await clearFailedHours(deps.db, window.start, done);
  return { window, services: services.length, alerts, failedServices };
}

/** Every service hour that failed in the last 48 hours and was tried fewer than MAX_ATTEMPTS times. */
async function retryFailedHours(
  deps: AlertDeps,
  now: Date,
  settingsOf: (serviceId: number) => AlertSettings,
): Promise<RetryRun[]> {
  const due = await failedHours(
    deps.db,
    new Date(now.getTime() - MAX_CATCH_UP_HOURS * HOUR_MS),
    MAX_ATTEMPTS,
  );
  const names = new Map(
    (await visibleServices(deps.db, [...new Set(due.map((d) => d.serviceId))])).map((s) => [s.id, s.name]),
  );
  const runs: RetryRun[] = [];
  for (const { serviceId, hourStart } of due) {
    const name = names.get(serviceId);
    if (name === undefined) continue; // hidden since, or merged into a cluster: not evaluated any more
    const window = hourWindow(hourStart.getTime());
    try {
      const alerts = await evaluateService(deps, serviceId, settingsOf(serviceId), window);
      await clearFailedHours(deps.db, window.start, [serviceId]);
      runs.push({ service: name, window, ok: true, alerts });
    } catch (e) {
      await serviceFailed(deps, { id: serviceId, name }, window, e);
      runs.push({ service: name, window, ok: false, alerts: 0 });
    }
  }
  return runs;
}

/** An error's message with its causes' ("ClickHouse unavailable: connect ECONNREFUSED …"). */
const reason = (e: unknown): string =>
  e instanceof Error ? [e.message, reason(e.cause)].filter(Boolean).join(": ") : e ? String(e) : "";

/** Logs a service's failed hour and records it to be evaluated again. */
async function serviceFailed(
  deps: AlertDeps,
  service: { id: number; name: string },
  window: Window,
  e: unknown,
) {
  console.error(`regression alerts: ${service.name} not evaluated for ${window.start.toISOString()}`, e);
  await recordFailedHour(deps.db, service.id, window.start, reason(e)).catch((recording: unknown) =>
    console.error("regression alerts: the failure could not be recorded", recording),
  );
}

async function evaluateService(deps: AlertDeps, serviceId: number, settings: AlertSettings, window: Window) {
  if (!settings.enabled) return 0;
  const samples = await regressionSamples(deps.clickhouse, serviceId, window, settings.topFunctions);
  const regressions = detectRegressions(samples, settings);
  if (!regressions.length) return 0;
  const since = new Date(window.start.getTime() - REPEAT_COOLDOWN_HOURS * HOUR_MS);
  const fresh = newRegressions(regressions, await pastAlerts(deps.db, serviceId, since), window);
  if (!fresh.length) return 0;
  const lookback = new Date(window.end.getTime() - DEPLOYMENT_LOOKBACK_HOURS * HOUR_MS);
  const deployment = citedDeployment(await listDeployments(deps.db, serviceId, lookback, window.end), window);
  return (await recordAlerts(deps.db, serviceId, window, fresh, deployment?.id ?? null)).length;
}

/** Posts every recent undelivered alert whose service has a webhook, all at once. */
async function deliverPending(
  deps: AlertDeps,
  now: Date,
  settingsOf: (serviceId: number) => DeliverySettings,
) {
  const since = new Date(now.getTime() - DELIVERY_GIVE_UP_HOURS * HOUR_MS);
  const pending = (await undeliveredAlerts(deps.db, since)).filter((a) => settingsOf(a.serviceId).webhookUrl);
  const outcomes = await Promise.all(
    pending.map(async (alert) => {
      const { webhookUrl, webhookSecret } = settingsOf(alert.serviceId);
      const secret = webhookSecret && (await unsealWebhookSecret(webhookSecret, deps.sessionSecret));
      const delivery = secret
        ? await deliver(deps.fetch, webhookUrl!, payloadOf(alert, deps.uiUrl), {
            secret,
            deliveryId: alert.deliveryId,
          })
        : {
            attempts: 0,
            error:
              "the webhook's signing secret is missing or unreadable (SESSION_SECRET changed?): rotate it",
          };
      if (delivery.error)
        console.error(`regression alerts: webhook for alert ${alert.id} failed: ${delivery.error}`);
      await recordDelivery(deps.db, alert.id, delivery.attempts, delivery.error);
      return delivery.error === null;
    }),
  );
  const delivered = outcomes.filter(Boolean).length;
  return { delivered, deliveryFailures: outcomes.length - delivered };
}

function payloadOf(alert: AlertRow, uiUrl: string) {
  const window = { start: alert.windowStart, end: alert.windowEnd, baselineStart: alert.baselineStart };
  return alertPayload({
    id: alert.id,
    service: alert.serviceName,
    regression: alert,
    window,
    deployment: alert.deployment,
    permalink: comparePermalink(uiUrl, alert.serviceName, alert.functionName, window),
  });
}
