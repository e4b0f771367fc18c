// The hourly regression-alert run (the Cron Trigger, and POST /api/alerts/evaluate): per service with
// samples in the hour, its functions' shares in the last complete hour against the 7 days before
// (core/src/regression.ts), new alerts recorded with the deployment they followed, then every alert not
// yet delivered posted to its service's webhook. A failing service or webhook is logged and recorded, and
// the run goes on with the others.
import {
  citedDeployment,
  DEPLOYMENT_LOOKBACK_HOURS,
  detectRegressions,
  evaluationWindow,
  HOUR_MS,
  newRegressions,
  REPEAT_COOLDOWN_HOURS,
  type Window,
} from "../../core/src/regression";
import { alertPayload, comparePermalink } from "../../core/src/regression-webhook";
import type { ClickHouseClient } from "../../shared/src/clickhouse";
import type { Database } from "../../shared/src/postgres";
import { deliver, type Fetch } from "./alert-webhook";
import { BUILT_IN_SETTINGS, allSettings, type AlertSettings } from "./store/alert-settings";
import { pastAlerts, recordAlerts, recordDelivery, undeliveredAlerts, type AlertRow } from "./store/alerts";
import { listDeployments } from "./store/deployments";
import { regressionSamples, servicesWithSamples } from "./store/regression-samples";
import { visibleServices } from "./store/services";

/** Undelivered alerts older than this are no longer posted. */
const DELIVERY_GIVE_UP_HOURS = 24;

export interface AlertDeps {
  db: Database;
  clickhouse: ClickHouseClient;
  fetch: Fetch;
  /** The UI's origin, for the permalinks in webhook posts. */
  uiUrl: string;
}

export interface EvaluationRun {
  window: Window;
  services: number;
  alerts: number;
  failedServices: string[];
  delivered: number;
  deliveryFailures: number;
}

export async function evaluateAlerts(deps: AlertDeps, now: Date): Promise<EvaluationRun> {
  const window = evaluationWindow(now);
  const settings = await allSettings(deps.db);
  const settingsOf = (serviceId: number) => settings.get(serviceId) ?? settings.get(null) ?? BUILT_IN_SETTINGS;
  const services = await visibleServices(deps.db, await servicesWithSamples(deps.clickhouse, window));
  let created = 0;
  const failedServices: string[] = [];
  for (const service of services) {
    try {
      created += await evaluateService(deps, service.id, settingsOf(service.id), window);
    } catch (e) {
      console.error(`regression alerts: ${service.name} not evaluated`, e);
      failedServices.push(service.name);
    }
  }
  const deliveries = await deliverPending(deps, now, (id) => settingsOf(id).webhookUrl);
  return { window, services: services.length, alerts: created, failedServices, ...deliveries };
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
async function deliverPending(deps: AlertDeps, now: Date, webhookOf: (serviceId: number) => string | null) {
  const since = new Date(now.getTime() - DELIVERY_GIVE_UP_HOURS * HOUR_MS);
  const pending = (await undeliveredAlerts(deps.db, since)).filter((a) => webhookOf(a.serviceId));
  const outcomes = await Promise.all(
    pending.map(async (alert) => {
      const delivery = await deliver(deps.fetch, webhookOf(alert.serviceId)!, payloadOf(alert, deps.uiUrl));
      if (delivery.error) console.error(`regression alerts: webhook for alert ${alert.id} failed: ${delivery.error}`);
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
