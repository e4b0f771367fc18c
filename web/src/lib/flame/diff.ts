/**
 * The differential flamegraph of the compare page (ours; the original compares in a table only, A.4).
 * Both trees are merged by call path. Each profile is normalised to its own total, so a window with twice
 * the samples does not look like everything grew: a frame's share of its profile is what is compared.
 * Width is the mean of the two shares, so frames that vanished or appeared stay visible; colour is the
 * change of the frame's total share, red for growth and blue for shrinkage.
 */
import type { FlameNode } from "../wire";
import { functionKey, type FunctionRow } from "./table";

export interface DiffNode extends FlameNode {
  children: DiffNode[];
  /** Samples in the base and the compared profile. */
  base: number;
  compared: number;
  /** Shares of each profile's total, 0..1. */
  baseShare: number;
  comparedShare: number;
}

/** Widths are shares scaled to integers so the renderer's arithmetic stays exact enough. */
export const DIFF_SCALE = 1_000_000;

interface Building {
  node: DiffNode;
  byKey: Map<string, Building>;
}

export function diffTrees(base: FlameNode, compared: FlameNode): DiffNode {
  const B = base.value || 1;
  const C = compared.value || 1;
  const top: Building = {
    node: {
      name: "root",
      value: 0,
      children: [],
      base: base.value,
      compared: compared.value,
      baseShare: 0,
      comparedShare: 0,
    },
    byKey: new Map(),
  };
  const stack: [FlameNode, Building, "base" | "compared"][] = [];
  for (const c of base.children) stack.push([c, top, "base"]);
  for (const c of compared.children) stack.push([c, top, "compared"]);
  while (stack.length) {
    const [source, parent, side] = stack.pop()!;
    const key = functionKey(source);
    let b = parent.byKey.get(key);
    if (!b) {
      const { children: _, value: __, ...rest } = source;
      b = {
        node: { ...rest, value: 0, children: [], base: 0, compared: 0, baseShare: 0, comparedShare: 0 },
        byKey: new Map(),
      };
      parent.byKey.set(key, b);
      parent.node.children.push(b.node);
    }
    b.node[side] += source.value;
    for (const c of source.children) stack.push([c, b, side]);
  }
  // Shares and widths, then children sorted by name like the api's trees.
  const walk = [top.node];
  while (walk.length) {
    const node = walk.pop()!;
    node.baseShare = node.base / B;
    node.comparedShare = node.compared / C;
    node.value = ((node.baseShare + node.comparedShare) / 2) * DIFF_SCALE;
    node.children.sort((x, y) => (x.name < y.name ? -1 : x.name > y.name ? 1 : 0));
    walk.push(...node.children);
  }
  return top.node;
}

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
