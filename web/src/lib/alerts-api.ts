/**
 * The regression alerts' and deployment markers' api calls and shapes (workers/api/README.md, "Regression
 * alerts"), kept apart from api-client.ts, whose conventions they share.
 */
import type { Thresholds } from "../../../workers/core/src/regression";
import { comparePermalink } from "../../../workers/core/src/regression-webhook";
import { request } from "./api-client";
import type { TimeRange } from "./time-range";
import type { AlertJson as Alert, AlertState, DeploymentJson as Deployment } from "../../../workers/core/src/wire/alerts";

/** The api's answers: the api Worker's records with ISO strings for times (one definition, in core). */
export type { AlertJson as Alert, AlertState, DeploymentJson as Deployment } from "../../../workers/core/src/wire/alerts";

/** A service's (or the defaults') thresholds, as the cron applies them, and its webhook. */
export type AlertSettings = Thresholds & { webhookUrl: string | null };

export interface AlertSettingsAnswer {
  serviceName: string | null;
  /** The service has settings of its own (else it follows the defaults). */
  own: boolean;
  settings: AlertSettings;
  defaults: AlertSettings;
}

const ALERTS = "/api/alerts";
const SETTINGS = "/api/alerts/settings";
const DEPLOYMENTS = "/api/v1/deployments";

export const fetchAlerts = async (q: { service: string | null; state: AlertState | null }, signal?: AbortSignal) =>
  (await request<Alert[]>("GET", ALERTS, { params: { serviceName: q.service, state: q.state }, signal })) ?? [];

export const acknowledgeAlert = async (id: number) => (await request<Alert>("POST", `${ALERTS}/${id}/acknowledge`))!;

export const fetchAlertSettings = async (service: string | null, signal?: AbortSignal) =>
  (await request<AlertSettingsAnswer>("GET", SETTINGS, { params: { serviceName: service }, signal }))!;

/** The settings in force; `webhookSecret` only when the webhook got a new one (shown once). Admins only. */
export const saveAlertSettings = async (service: string | null, settings: AlertSettings) =>
  (await request<AlertSettings & { webhookSecret?: string }>("PUT", SETTINGS, {
    params: { serviceName: service },
    body: settings,
  }))!;

/** A new signing secret for the webhook of the service (or the defaults'), shown once. Admins only. */
export const rotateWebhookSecret = async (service: string | null) =>
  (await request<{ webhookSecret: string }>("POST", `${SETTINGS}/rotate-secret`, { params: { serviceName: service } }))!
    .webhookSecret;

export const resetAlertSettings = (service: string) =>
  request<null>("DELETE", SETTINGS, { params: { serviceName: service } });

/** A service's deployments in the range, oldest first; [] when the api has none (or no such route). */
export const fetchDeployments = async (service: string, range: TimeRange, signal?: AbortSignal) =>
  (await request<Deployment[]>("GET", DEPLOYMENTS, {
    params: { serviceName: service, startTime: range.start.toISOString(), endTime: range.end.toISOString() },
    signal,
  })) ?? [];

/** The compare page for an alert: the 7-day baseline against its hour, in the differential view. */
export const alertCompareHref = (a: Alert) =>
  comparePermalink("", a.serviceName, a.functionName, {
    baselineStart: new Date(a.baselineStart),
    start: new Date(a.windowStart),
    end: new Date(a.windowEnd),
  });

/** A share (0..1) as a percentage with one decimal. */
export const formatShare = (share: number) => `${(share * 100).toFixed(1)}%`;
