/**
 * The administrators' pages: the studio's status (GET /api/admin/status, the checks `npm run doctor`
 * prints too) and a service's downsampling threshold (GET/PUT /api/admin/services/:name/settings).
 */
import { ApiError, responseMessage } from "./api-client";

export type Level = "ok" | "warn" | "fail";

export interface StatusCheck {
  id: string;
  label: string;
  level: Level;
  detail: string;
  fix?: string;
}

export interface StudioStatus {
  checkedAt: string;
  level: Level;
  checks: StatusCheck[];
}

export interface ServiceSettings {
  name: string;
  /** Fraction of uploads dropped before storage: 0 keeps all, 1 drops all. */
  sampleThreshold: number;
}

export const ADMIN_API = {
  status: "/api/admin/status",
  serviceSettings: (name: string) => `/api/admin/services/${encodeURIComponent(name)}/settings`,
} as const;

export const LEVEL_LABELS: Record<Level, string> = { ok: "OK", warn: "Warning", fail: "Failing" };

/** Failing checks first, then warnings, each group in the api's order. */
export function sortChecks(checks: readonly StatusCheck[]): StatusCheck[] {
  const rank = { fail: 0, warn: 1, ok: 2 } as const;
  return checks.map((c, i) => [c, i] as const).sort(([a, i], [b, j]) => rank[a.level] - rank[b.level] || i - j).map(([c]) => c);
}

/** The threshold as the percentage shown (0.25 → 25), at most two decimals. */
export const toPercent = (threshold: number) => Math.round(threshold * 10_000) / 100;

/** A typed percentage back to the threshold, or null when it is not a number from 0 to 100. */
export function fromPercent(text: string): number | null {
  const trimmed = text.trim();
  if (!/^\d+(\.\d+)?$/.test(trimmed)) return null;
  const value = Number(trimmed);
  return value <= 100 ? Math.round(value * 100) / 10_000 : null;
}

/** What the threshold does, in words. */
export function describeThreshold(threshold: number): string {
  if (threshold <= 0) return "Every upload is kept.";
  if (threshold >= 1) return "Every upload is dropped: nothing new is stored or indexed.";
  return `About ${toPercent(threshold)}% of uploads are dropped before storage; ${toPercent(1 - threshold)}% are kept.`;
}

async function call<T>(path: string, init?: RequestInit): Promise<T> {
  const res = await fetch(path, { credentials: "same-origin", ...init });
  if (!res.ok) throw new ApiError(res.status, await responseMessage(res));
  return (await res.json()) as T;
}

export const saveServiceSettings = (name: string, sampleThreshold: number) =>
  call<ServiceSettings>(ADMIN_API.serviceSettings(name), {
    method: "PUT",
    headers: { "Content-Type": "application/json" },
    body: JSON.stringify({ sampleThreshold }),
  });
