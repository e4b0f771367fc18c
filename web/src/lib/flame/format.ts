/** Labels and numbers shown on and around the flamegraph. */
import type { FlameNode } from "../wire";

/**
 * The api's root is shown as "All" like the original (A.3.3); other frames, and the function at the root
 * of a "calls" / "called by" graph, as name + runtime suffix.
 */
export const frameLabel = (node: FlameNode, depth: number) =>
  depth === 0 && node.name === "root"
    ? "All"
    : node.rolledUp !== undefined
      ? `… ${formatCount(node.rolledUp)} more`
      : node.name + (node.suffix ?? "");

export function formatPercent(part: number, whole: number): string {
  if (!whole) return "0%";
  const pct = (100 * part) / whole;
  if (pct === 0) return "0%";
  if (pct < 0.01) return "<0.01%";
  return `${pct.toFixed(pct >= 1 ? 1 : 2)}%`;
}

const THOUSANDS = /\B(?=(\d{3})+(?!\d))/g;

/**
 * 1234567.5 → "1,234,567.5", as `toLocaleString("en-US")` writes it (at most 3 decimals) but without
 * Intl: its first use sets ICU up (~30 ms on the first paint) and each call costs ~30 µs, and a
 * flamegraph formats a count for each of its thousands of rolled-up frames.
 */
export function formatCount(n: number): string {
  if (!Number.isFinite(n)) return n.toLocaleString("en-US");
  const [whole, decimals] = String(Math.abs(Math.round(n * 1000) / 1000)).split(".");
  return `${n < 0 ? "-" : ""}${whole.replace(THOUSANDS, ",")}${decimals ? `.${decimals}` : ""}`;
}
