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

export const formatCount = (n: number) => n.toLocaleString("en-US");
