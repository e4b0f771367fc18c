// What an alert sends to the configured webhook, and which webhook URLs are accepted. Pure.
import type { Regression, Window } from "./regression";

/** https anywhere; plain http only to this machine (a local receiver while developing). */
export function isValidWebhookUrl(raw: string): boolean {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    return false;
  }
  if (url.username || url.password) return false;
  if (url.protocol === "https:") return url.hostname !== "";
  return url.protocol === "http:" && ["localhost", "127.0.0.1", "[::1]"].includes(url.hostname);
}

/**
 * The compare page with the baseline as the base window and the alert's hour as the compared one, in the
 * differential view (its default), the function selected (web/src/lib/compare-query.ts).
 */
export function comparePermalink(uiUrl: string, service: string, functionName: string, window: Window): string {
  const params = new URLSearchParams({
    service,
    startTime: window.baselineStart.toISOString(),
    endTime: window.start.toISOString(),
    cStartTime: window.start.toISOString(),
    cEndTime: window.end.toISOString(),
    fn: functionName,
  });
  return `${uiUrl.replace(/\/+$/, "")}/compare?${params}`;
}

export interface CitedDeployment {
  id: number;
  version: string;
  time: Date;
  source: string;
  description: string | null;
  commit: string | null;
}

export interface AlertPayloadInput {
  id: number;
  service: string;
  regression: Regression;
  window: Window;
  deployment: CitedDeployment | null;
  permalink: string;
}

const percent = (share: number) => `${(share * 100).toFixed(1)}%`;

/** The JSON body posted to the webhook; `text` makes it readable in chat tools that show only that. */
export function alertPayload(a: AlertPayloadInput) {
  const r = a.regression;
  const after = a.deployment ? ` after deployment ${a.deployment.version}` : "";
  return {
    text:
      `Performance Studio: ${r.functionName} in ${a.service} rose${after}: ` +
      `self ${percent(r.selfBefore)} → ${percent(r.selfAfter)}, total ${percent(r.totalBefore)} → ${percent(r.totalAfter)} ` +
      `(${a.window.start.toISOString()} .. ${a.window.end.toISOString()} vs the 7 days before). ${a.permalink}`,
    alertId: a.id,
    service: a.service,
    function: r.functionName,
    self: { before: r.selfBefore, after: r.selfAfter },
    total: { before: r.totalBefore, after: r.totalAfter },
    window: { start: a.window.start.toISOString(), end: a.window.end.toISOString() },
    baseline: { start: a.window.baselineStart.toISOString(), end: a.window.start.toISOString() },
    deployment: a.deployment && {
      id: a.deployment.id,
      version: a.deployment.version,
      time: a.deployment.time.toISOString(),
      source: a.deployment.source,
      description: a.deployment.description,
      commit: a.deployment.commit,
    },
    permalink: a.permalink,
  };
}
