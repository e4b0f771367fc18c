/**
 * The differential flamegraph's colours and the compare table (ours; the original compares in a table
 * only, A.4). The merged tree itself comes from the api (GET /api/flamegraph/diff), built by
 * workers/core/src/flamegraph-diff.ts: every frame has its raw samples on both sides and its shares of
 * the base profile, the compared side scaled by the chosen normaliser.
 */
import type { DiffFrame } from "../../../../workers/core/src/flamegraph-diff";
import type { FunctionRow } from "./table";

export type DiffNode = DiffFrame;

/** Change of the frame's share of its profile, in percentage points (positive: grew). */
export const deltaPoints = (node: DiffNode) => 100 * (node.comparedShare - node.baseShare);

/** The largest absolute change below the root, for scaling colours; at least 0.1 pp. */
export function maxDelta(root: DiffNode): number {
  let max = 0.1;
  const stack = [...root.children];
  while (stack.length) {
    const node = stack.pop()!;
    max = Math.max(max, Math.abs(deltaPoints(node)));
    stack.push(...node.children);
  }
  return max;
}

/**
 * Red for growth, blue for shrinkage, near-white for no change; intensity by |delta| / max, with a square
 * root so small but real changes are still visible.
 */
export function diffColor(delta: number, max: number): string {
  const t = Math.sqrt(Math.min(1, Math.abs(delta) / max));
  const [r, g, b] = delta >= 0 ? [229, 57, 53] : [30, 110, 220];
  const mix = (c: number) => Math.round(242 + (c - 242) * t);
  return `rgb(${mix(r)}, ${mix(g)}, ${mix(b)})`;
}

export interface CompareRow {
  key: string;
  name: string;
  runtime: string;
  specialType: string | null;
  base: FunctionRow | null;
  compared: FunctionRow | null;
  /** Total share change in percentage points. */
  totalDelta: number;
  selfDelta: number;
}

/** The compare table: functions of both profiles joined by name + suffix (A.4). */
export function compareRows(
  base: FunctionRow[],
  baseTotal: number,
  compared: FunctionRow[],
  comparedTotal: number,
): CompareRow[] {
  const share = (n: number | undefined, total: number) => (total ? (100 * (n ?? 0)) / total : 0);
  const byKey = new Map<string, CompareRow>();
  const row = (r: FunctionRow): CompareRow => {
    let out = byKey.get(r.key);
    if (!out) {
      out = {
        key: r.key,
        name: r.name,
        runtime: r.runtime,
        specialType: r.specialType,
        base: null,
        compared: null,
        totalDelta: 0,
        selfDelta: 0,
      };
      byKey.set(r.key, out);
    }
    return out;
  };
  for (const r of base) row(r).base = r;
  for (const r of compared) row(r).compared = r;
  for (const r of byKey.values()) {
    r.totalDelta = share(r.compared?.total, comparedTotal) - share(r.base?.total, baseTotal);
    r.selfDelta = share(r.compared?.self, comparedTotal) - share(r.base?.self, baseTotal);
  }
  return [...byKey.values()];
}

/** Sort for the compare table: by name, by a side's total, or by the change (desc: biggest growth first). */
export function sortCompareRows(
  rows: CompareRow[],
  key: "name" | "base" | "compared" | "delta",
  desc: boolean,
): CompareRow[] {
  const value = (r: CompareRow) =>
    key === "base" ? (r.base?.total ?? 0) : key === "compared" ? (r.compared?.total ?? 0) : r.totalDelta;
  const dir = desc ? -1 : 1;
  return [...rows].sort((a, b) =>
    key === "name"
      ? dir * a.name.localeCompare(b.name)
      : dir * (value(a) - value(b)) || a.key.localeCompare(b.key),
  );
}
