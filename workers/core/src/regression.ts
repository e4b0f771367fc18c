// Function-level regression alerts: a function's share of a service's samples in one complete hour
// against the 7 days before it. Self share = samples where the function is the leaf; total share = samples
// with the function anywhere on the stack (direct recursion counted once). Pure: the caller passes `now`,
// the sample counts read from the hourly rollup and the thresholds.

export const HOUR_MS = 3_600_000;
export const BASELINE_HOURS = 7 * 24;
/** A deployment is cited when it happened at most this long before the end of the alert's hour. */
export const DEPLOYMENT_LOOKBACK_HOURS = 24;
/** No second alert for a function while one is open, or within this time of the last one. */
export const REPEAT_COOLDOWN_HOURS = 24;
/** At most this many alerts per service and hour, the largest rises first (a flood helps nobody). */
export const MAX_ALERTS_PER_RUN = 10;

export interface Thresholds {
  enabled: boolean;
  /** Smallest rise of the self share (0..1) that alerts. */
  minSelfDelta: number;
  /** Smallest rise of the total share (0..1) that alerts. */
  minTotalDelta: number;
  /** The share after must also be at least this multiple of the share before. */
  minRatio: number;
  /** Fewer samples than this in the hour or in the baseline: not evaluated. */
  minSamples: number;
  /** How many functions, by total share in the hour, are compared. */
  topFunctions: number;
}

export const DEFAULT_THRESHOLDS: Thresholds = {
  enabled: true,
  minSelfDelta: 0.02,
  minTotalDelta: 0.05,
  minRatio: 1.5,
  minSamples: 1000,
  topFunctions: 200,
};

/** Allowed ranges of each threshold, for validating input. */
export const THRESHOLD_LIMITS = {
  minSelfDelta: [0.001, 1],
  minTotalDelta: [0.001, 1],
  minRatio: [1, 1000],
  minSamples: [1, 1_000_000_000],
  topFunctions: [1, 5000],
} as const satisfies Record<Exclude<keyof Thresholds, "enabled">, readonly [number, number]>;

export interface Window {
  /** The hour evaluated: [start, end). */
  start: Date;
  end: Date;
  /** The baseline: [baselineStart, start). */
  baselineStart: Date;
}

/** The hour starting at `startMs` (a whole hour) and the 7 days before it. */
export function hourWindow(startMs: number): Window {
  return {
    start: new Date(startMs),
    end: new Date(startMs + HOUR_MS),
    baselineStart: new Date(startMs - BASELINE_HOURS * HOUR_MS),
  };
}

const floorHour = (ms: number) => Math.floor(ms / HOUR_MS) * HOUR_MS;

/** The last complete hour before `now` and the 7 days before it. */
export function evaluationWindow(now: Date): Window {
  return hourWindow(floorHour(now.getTime()) - HOUR_MS);
}

/** The cron evaluates no hour older than this, however long it did not run. */
export const MAX_CATCH_UP_HOURS = 48;
/** The longest range POST /api/alerts/evaluate takes. */
export const MAX_RANGE_HOURS = 7 * 24;

/**
 * The hours a cron run evaluates, oldest first: every complete hour after `lastEnd` (the end of the last
 * hour evaluated), at most MAX_CATCH_UP_HOURS back from now; only the last complete hour when nothing was
 * evaluated yet (a first run does not dig up old regressions).
 */
export function catchUpWindows(lastEnd: Date | null, now: Date): Window[] {
  const end = floorHour(now.getTime());
  const from = lastEnd === null ? end - HOUR_MS : Math.max(floorHour(lastEnd.getTime()), end - MAX_CATCH_UP_HOURS * HOUR_MS);
  return windowsBetween(from, end);
}

/** The complete hours (ended by `now`) overlapping [from, to), oldest first. */
export function rangeWindows(from: Date, to: Date, now: Date): Window[] {
  const end = Math.min(Math.ceil(to.getTime() / HOUR_MS) * HOUR_MS, floorHour(now.getTime()));
  return windowsBetween(floorHour(from.getTime()), end);
}

function windowsBetween(fromMs: number, endMs: number): Window[] {
  const windows: Window[] = [];
  for (let start = fromMs; start + HOUR_MS <= endMs; start += HOUR_MS) windows.push(hourWindow(start));
  return windows;
}

/** Samples of one function in the baseline (before) and the hour (after). */
export interface FunctionSamples {
  name: string;
  selfBefore: number;
  selfAfter: number;
  totalBefore: number;
  totalAfter: number;
}

export interface ServiceSamples {
  /** All samples of the service in the baseline and in the hour. */
  before: number;
  after: number;
  functions: readonly FunctionSamples[];
}

/** Shares (0..1) of one function before and after. */
export interface Regression {
  functionName: string;
  selfBefore: number;
  selfAfter: number;
  totalBefore: number;
  totalAfter: number;
}

/**
 * The functions whose self or total share rose by at least the threshold, both in points and as a ratio,
 * largest rise first. Nothing when either window has fewer samples than `minSamples`: a new service
 * or an idle hour is not a regression.
 */
export function detectRegressions(samples: ServiceSamples, t: Thresholds): Regression[] {
  if (!t.enabled || samples.before < t.minSamples || samples.after < t.minSamples) return [];
  const rises = (before: number, after: number, minDelta: number) =>
    after - before >= minDelta && after >= before * t.minRatio;
  return samples.functions
    .map((f) => ({
      functionName: f.name,
      selfBefore: f.selfBefore / samples.before,
      selfAfter: f.selfAfter / samples.after,
      totalBefore: f.totalBefore / samples.before,
      totalAfter: f.totalAfter / samples.after,
    }))
    .filter(
      (r) =>
        rises(r.selfBefore, r.selfAfter, t.minSelfDelta) || rises(r.totalBefore, r.totalAfter, t.minTotalDelta),
    )
    .sort((a, b) => rise(b) - rise(a) || a.functionName.localeCompare(b.functionName));
}

const rise = (r: Regression) => Math.max(r.selfAfter - r.selfBefore, r.totalAfter - r.totalBefore);

export interface PastAlert {
  functionName: string;
  state: "open" | "acknowledged";
  windowStart: Date;
}

/**
 * Drops regressions already alerted: an open alert for the function, or any alert for it within the
 * cooldown (the new level stays in the hour for a while before the baseline absorbs it). Then keeps the
 * largest MAX_ALERTS_PER_RUN.
 */
export function newRegressions(regressions: readonly Regression[], past: readonly PastAlert[], window: Window) {
  const cooldownStart = window.start.getTime() - REPEAT_COOLDOWN_HOURS * HOUR_MS;
  const alerted = new Set(
    past
      .filter((a) => a.state === "open" || a.windowStart.getTime() > cooldownStart)
      .map((a) => a.functionName),
  );
  return regressions.filter((r) => !alerted.has(r.functionName)).slice(0, MAX_ALERTS_PER_RUN);
}

export interface DeploymentTime {
  id: number;
  time: Date;
}

/** The latest deployment in the DEPLOYMENT_LOOKBACK_HOURS before the hour's end: what the alert followed. */
export function citedDeployment<T extends DeploymentTime>(deployments: readonly T[], window: Window): T | null {
  const from = window.end.getTime() - DEPLOYMENT_LOOKBACK_HOURS * HOUR_MS;
  let cited: T | null = null;
  for (const d of deployments) {
    const at = d.time.getTime();
    if (at >= from && at < window.end.getTime() && (!cited || at > cited.time.getTime())) cited = d;
  }
  return cited;
}
