/** Numbers of the metrics panel, the service view and the compare header (frontend-and-agent.md A.3.5, A.3.9, A.4). */
import type { CpuTrend, InstanceTypeCount } from "./wire";

const isNum = (v: unknown): v is number => typeof v === "number" && Number.isFinite(v);

export const formatPct = (v: number | null | undefined, digits = 1) =>
  isNum(v) ? `${v.toFixed(digits)}%` : "N/A";

/** "A% avg - M% max", or N/A. */
export function formatUtilization(avg: number | null | undefined, max: number | null | undefined): string {
  if (!isNum(avg) && !isNum(max)) return "N/A";
  return `${formatPct(avg)} avg - ${formatPct(max)} max`;
}

export interface Trend {
  /** Percentage points: current average minus the comparison window's. */
  delta: number;
  current: number;
  previous: number;
}

/** CPU or memory trend vs. the same window a week earlier (A.3.9); null when either side is missing. */
export function trendOf(trend: CpuTrend | null, kind: "cpu" | "memory"): Trend | null {
  if (!trend) return null;
  const current = kind === "cpu" ? trend.avg_cpu : trend.avg_memory;
  const previous = kind === "cpu" ? trend.compared_avg_cpu : trend.compared_avg_memory;
  if (!isNum(current) || !isNum(previous)) return null;
  return { delta: current - previous, current, previous };
}

export function trendText(trend: Trend | null, what: string): string {
  if (!trend) return "";
  const dir = trend.delta >= 0 ? "higher" : "lower";
  return `${what} consumption is ${dir} than last week's average by ${Math.abs(trend.delta).toFixed(1)}% (last week ${trend.previous.toFixed(1)}%, now ${trend.current.toFixed(1)}%)`;
}

/** Nodes/cores averages: one decimal, N/A when ≤ 0 or missing (A.5). */
export const formatAverage = (v: number | null | undefined) =>
  isNum(v) && v > 0 ? (Math.round(v * 10) / 10).toString() : "N/A";

export interface InstanceShare {
  name: string;
  count: number;
  percent: number;
}

/** Instance types by share, biggest first; the panel shows the first plus "(+N)". */
export function instanceShares(types: InstanceTypeCount[]): InstanceShare[] {
  const total = types.reduce((sum, t) => sum + (Number(t.instance_count) || 0), 0);
  return types
    .map((t) => ({
      name: t.instance_type || "unknown",
      count: Number(t.instance_count) || 0,
      percent: total ? (100 * (Number(t.instance_count) || 0)) / total : 0,
    }))
    .sort((a, b) => b.count - a.count);
}

export function instanceSummary(types: InstanceTypeCount[]): string {
  const shares = instanceShares(types);
  if (!shares.length) return "N/A";
  return shares.length > 1 ? `${shares[0].name} (+${shares.length - 1})` : shares[0].name;
}

/** ±% relative change for the compare table; null when the base is 0 or missing. */
export function relativeChange(
  base: number | null | undefined,
  compared: number | null | undefined,
): number | null {
  if (!isNum(base) || !isNum(compared) || base === 0) return null;
  return (100 * (compared - base)) / base;
}

export const formatChange = (change: number | null) =>
  change === null ? "—" : `${change >= 0 ? "+" : "−"}${Math.abs(change).toFixed(1)}%`;
