/**
 * The table view's trend column: each function's share of the samples against the previous window of
 * the same length (the window just before), so a function that takes more of the CPU than it did shows
 * ▲, less ▼. Shares, not samples: a busier window should not make every row go up.
 */
import type { FlameNode } from "../wire";
import { functionTable } from "./table";

export type Trend = { kind: "new" } | { kind: "same" } | { kind: "up" | "down"; change: number };

/** Changes of a share smaller than this (relative) show as unchanged. */
const SAME = 0.02;

/** Function key → its share of all samples in `tree`. */
export function functionShares(tree: FlameNode): Map<string, number> {
  const shares = new Map<string, number>();
  if (tree.value <= 0) return shares;
  for (const row of functionTable(tree)) shares.set(row.key, row.total / tree.value);
  return shares;
}

/** The trend of a function with `total` of `all` samples now, given the previous window's shares. */
export function trendOf(
  key: string,
  total: number,
  all: number,
  previous: ReadonlyMap<string, number>,
): Trend {
  const before = previous.get(key);
  if (before === undefined || before === 0) return { kind: "new" };
  const change = (all > 0 ? total / all : 0) / before - 1;
  if (Math.abs(change) < SAME) return { kind: "same" };
  return { kind: change > 0 ? "up" : "down", change };
}

/** `▲ 35%`, `▼ 20%`, `new`, `≈`. */
export function trendLabel(trend: Trend): string {
  if (trend.kind === "new") return "new";
  if (trend.kind === "same") return "≈";
  const pct = Math.abs(trend.change) * 100;
  return `${trend.kind === "up" ? "▲" : "▼"} ${pct >= 1000 ? `${Math.round(pct / 100) / 10}k` : Math.round(pct)}%`;
}

/** The window of the same length just before `range`. */
export const previousRange = (range: { start: Date; end: Date }) => ({
  start: new Date(2 * range.start.getTime() - range.end.getTime()),
  end: range.start,
});
