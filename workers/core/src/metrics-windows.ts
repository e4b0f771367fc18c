// Time buckets and windows of the metrics routes (backend-api.md §4.6, indexer-flamedb.md §4.8).
// The original pasted `requested_interval` into `INTERVAL '…'` (§7.1); here it is parsed into a count
// and a unit from a whitelist, and the SQL uses toInterval<Unit>({n:UInt32}).
import { getInterval } from "./time-ranges";

export type IntervalUnit = "second" | "minute" | "hour" | "day";
export interface Interval {
  count: number;
  unit: IntervalUnit;
}

const UNIT_SECONDS: Record<IntervalUnit, number> = { second: 1, minute: 60, hour: 3600, day: 86400 };
/** At most this many buckets per chart: a 1-second interval over a month is refused, not computed. */
export const MAX_BUCKETS = 5000;

/** "15 minute", "1 hours", "30 seconds", "2 day" (ClickHouse or Postgres wording); null otherwise. */
export function parseInterval(text: string): Interval | null {
  const m = /^\s*(\d{1,6})\s*(second|minute|hour|day)s?\s*$/i.exec(text);
  if (!m || Number(m[1]) < 1) return null;
  return { count: Number(m[1]), unit: m[2].toLowerCase() as IntervalUnit };
}

export const intervalSeconds = (i: Interval) => i.count * UNIT_SECONDS[i.unit];

/** The requested interval, or getInterval's choice for the span (§4.8) when none is given. */
export function chartInterval(
  requested: string | undefined,
  start: Date,
  end: Date,
): Interval | { error: string } {
  const interval = requested ? parseInterval(requested) : parseInterval(getInterval(start, end));
  if (!interval)
    return { error: "'requested_interval' must look like '15 minute' (second, minute, hour or day)" };
  const buckets = (end.getTime() - start.getTime()) / 1000 / intervalSeconds(interval);
  if (buckets > MAX_BUCKETS)
    return { error: `'requested_interval' is too small: more than ${MAX_BUCKETS} buckets` };
  return interval;
}

/**
 * The window cpu_trend compares with: the same window one week earlier, or ⌈days/7⌉ weeks earlier for
 * windows of a week or more, one week more when whole weeks plus some hours (metrics_routes.py).
 */
export function comparedWindow(start: Date, end: Date): { start: Date; end: Date } {
  const spanSeconds = (end.getTime() - start.getTime()) / 1000;
  const days = Math.floor(spanSeconds / 86400);
  const hours = (spanSeconds - days * 86400) / 3600;
  let weeks = 1;
  if (days >= 7) {
    weeks = Math.ceil(days / 7);
    if (days % 7 === 0 && hours > 0) weeks += 1;
  }
  const shift = weeks * 7 * 86_400_000;
  return { start: new Date(start.getTime() - shift), end: new Date(end.getTime() - shift) };
}

/** The Postgres bucket widths /api/metrics/graph/nodes_and_cores accepts (§4.6). */
const NODES_CORES_INTERVALS = [
  "15 seconds",
  "30 seconds",
  "1 minutes",
  "5 minutes",
  "15 minutes",
  "1 hours",
  "2 hours",
  "6 hours",
  "24 hours",
];

/**
 * The requested Postgres interval when whitelisted and not finer than MAX_BUCKETS buckets over the
 * window, else the original's choice by span.
 */
export function nodesCoresInterval(requested: string | undefined, start: Date, end: Date): string {
  const seconds = (end.getTime() - start.getTime()) / 1000;
  if (requested && NODES_CORES_INTERVALS.includes(requested)) {
    if (seconds / intervalSeconds(parseInterval(requested)!) <= MAX_BUCKETS) return requested;
  }
  const hours = seconds / 3600;
  if (hours <= 0.5) return "15 seconds";
  if (hours <= 1) return "30 seconds";
  if (hours <= 24) return "15 minutes";
  if (hours <= 24 * 7) return "2 hours";
  if (hours <= 24 * 14) return "6 hours";
  return "24 hours";
}
