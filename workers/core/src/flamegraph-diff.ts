// The differential flamegraph of two profiles (ours, issue 9; the original compared in a table only,
// frontend-and-agent.md A.4). Both trees are merged by call path; every frame keeps its raw samples on
// each side and its shares of the base's total, the compared side first scaled into the base's units
// (normalise.ts). Width is the mean of the two shares, so frames that vanished or appeared stay visible.
// Function-level changes (added, removed, growers and shrinkers by total and self) come from the merged
// tree, each stack counted once per function however deep it recurses.
import type { FlameGraphFrame } from "./wire/flamegraph";

export interface DiffFrame {
  name: string;
  suffix?: string;
  language?: string;
  specialType?: string;
  /** Width: (baseShare + comparedShare) / 2 × DIFF_SCALE. */
  value: number;
  /** Raw samples on each side. */
  base: number;
  compared: number;
  /** Shares of the base's total, the compared side scaled: 0.25 is a quarter of the base profile. */
  baseShare: number;
  comparedShare: number;
  children: DiffFrame[];
}

/** Widths are shares scaled up so the renderer's arithmetic stays exact enough. */
export const DIFF_SCALE = 1_000_000;

/** Name + runtime suffix: a function's identity across both profiles (the table's key, A.3.4). */
export const functionKey = (frame: { name: string; suffix?: string }) => frame.name + (frame.suffix ?? "");

/** A function's identity as the function tables show it: its key, name, and suffix and language if any. */
export const functionOf = (frame: { name: string; suffix?: string; language?: string }) => ({
  key: functionKey(frame),
  name: frame.name,
  ...(frame.suffix !== undefined && { suffix: frame.suffix }),
  ...(frame.language !== undefined && { language: frame.language }),
});

/** Frames of each side that share one path, and the merged frame they make. */
interface Merge {
  bases: FlameGraphFrame[];
  compareds: FlameGraphFrame[];
  out: DiffFrame;
}

const byName = (x: DiffFrame, y: DiffFrame) => (x.name < y.name ? -1 : x.name > y.name ? 1 : 0);

/**
 * Merges the two trees by path. `factor` scales the compared side into base units (1: raw counts).
 * A subtree present on one side only is copied without lookups (most of a big graph); children of
 * paths on both sides are matched by name + suffix. Iterative: stacks can be thousands of frames deep
 * (indexer-flamedb.md §7.20).
 */
export function diffFlamegraphs(base: FlameGraphFrame, compared: FlameGraphFrame, factor: number): DiffFrame {
  // An empty base leaves only the compared side to measure against.
  const unit = base.value || compared.value * factor || 1;
  const counted = (out: DiffFrame, b: number, c: number) => {
    out.base = b;
    out.compared = c;
    out.baseShare = b / unit;
    out.comparedShare = (c * factor) / unit;
    out.value = ((out.baseShare + out.comparedShare) / 2) * DIFF_SCALE;
    return out;
  };
  const frame = (source: FlameGraphFrame, b: number, c: number): DiffFrame => {
    const out: DiffFrame = {
      name: source.name,
      value: 0,
      base: 0,
      compared: 0,
      baseShare: 0,
      comparedShare: 0,
      children: [],
    };
    if (source.suffix !== undefined) out.suffix = source.suffix;
    if (source.language !== undefined) out.language = source.language;
    if (source.specialType !== undefined) out.specialType = source.specialType;
    return counted(out, b, c);
  };
  const root = frame({ name: "root", value: 0, children: [] }, base.value, compared.value);
  const todo: Merge[] = [{ bases: [base], compareds: [compared], out: root }];
  while (todo.length) {
    const { bases, compareds, out } = todo.pop()!;
    if (bases.length + compareds.length === 1) {
      const inBase = bases.length === 1;
      for (const child of (inBase ? bases[0] : compareds[0]).children) {
        const f = inBase ? frame(child, child.value, 0) : frame(child, 0, child.value);
        out.children.push(f);
        todo.push(
          inBase ? { bases: [child], compareds: [], out: f } : { bases: [], compareds: [child], out: f },
        );
      }
      continue;
    }
    const byKey = new Map<string, Merge>();
    const add = (child: FlameGraphFrame, side: "bases" | "compareds") => {
      const key = functionKey(child);
      let m = byKey.get(key);
      if (!m) {
        m = { bases: [], compareds: [], out: frame(child, 0, 0) };
        byKey.set(key, m);
        out.children.push(m.out);
      }
      m[side].push(child);
    };
    for (const source of bases) for (const child of source.children) add(child, "bases");
    for (const source of compareds) for (const child of source.children) add(child, "compareds");
    for (const m of byKey.values()) {
      const sum = (frames: FlameGraphFrame[]) => frames.reduce((total, f) => total + f.value, 0);
      counted(m.out, sum(m.bases), sum(m.compareds));
      todo.push(m);
    }
    out.children.sort(byName);
  }
  return root;
}

/** One side of the merged tree as a plain flamegraph (raw samples), frames absent on that side dropped. */
export function sideOf(diff: DiffFrame, side: "base" | "compared"): FlameGraphFrame {
  const project = (f: DiffFrame): FlameGraphFrame => {
    const {
      value: _,
      base: __,
      compared: ___,
      baseShare: ____,
      comparedShare: _____,
      children: ______,
      ...rest
    } = f;
    return { ...rest, value: f[side], children: [] };
  };
  const root = project(diff);
  const todo: [DiffFrame, FlameGraphFrame][] = [[diff, root]];
  while (todo.length) {
    const [from, to] = todo.pop()!;
    for (const c of from.children) {
      if (c[side] <= 0) continue;
      const child = project(c);
      to.children.push(child);
      todo.push([c, child]);
    }
  }
  return root;
}

export interface FunctionSide {
  /** Samples of stacks containing the function, each stack once however deep it recurses. */
  total: number;
  /** Samples where the function is the leaf. */
  self: number;
}

export interface FunctionChange {
  key: string;
  name: string;
  suffix?: string;
  language?: string;
  /** Raw samples on each side. */
  base: FunctionSide;
  compared: FunctionSide;
  /** Change of the share of the base's total, in percentage points (compared side scaled). */
  totalDelta: number;
  selfDelta: number;
}

export interface FunctionChanges {
  /** Functions only in the compared profile, largest first; `addedCount` is how many there are in all. */
  added: FunctionChange[];
  addedCount: number;
  /** Functions only in the base profile, largest first. */
  removed: FunctionChange[];
  removedCount: number;
  /** Largest increases (growers) and decreases (shrinkers) of the total and self shares. */
  growers: { total: FunctionChange[]; self: FunctionChange[] };
  shrinkers: { total: FunctionChange[]; self: FunctionChange[] };
}

/** Placeholders and truncation markers are not functions (the table leaves them out too, A.3.4, A.3.11). */
const NOT_FUNCTIONS = new Set(["[unknown]", "-Truncated-"]);

/** Every function below the process level (depth ≥ 2) with its totals and self samples on each side. */
export function functionSides(diff: DiffFrame, factor: number): FunctionChange[] {
  const unit = diff.base || diff.compared * factor || 1;
  const rows = new Map<string, FunctionChange>();
  // Depth-first with exit marks (null): `onPath` counts each function on the current path, so a stack is
  // added to a function's total at its top-most occurrence only, without copying a set per frame.
  const onPath = new Map<string, number>();
  const todo: (DiffFrame | null)[] = [];
  const path: string[] = [];
  for (const process of diff.children) todo.push(...process.children);
  while (todo.length) {
    const frame = todo.pop()!;
    if (frame === null) {
      const key = path.pop()!;
      onPath.set(key, onPath.get(key)! - 1);
      continue;
    }
    const key = functionKey(frame);
    if (!NOT_FUNCTIONS.has(frame.name)) {
      let row = rows.get(key);
      if (!row) {
        row = {
          ...functionOf(frame),
          base: { total: 0, self: 0 },
          compared: { total: 0, self: 0 },
          totalDelta: 0,
          selfDelta: 0,
        };
        rows.set(key, row);
      }
      if (!onPath.get(key)) {
        row.base.total += frame.base;
        row.compared.total += frame.compared;
      }
      let baseChildren = 0;
      let comparedChildren = 0;
      for (const c of frame.children) {
        baseChildren += c.base;
        comparedChildren += c.compared;
      }
      row.base.self += frame.base - baseChildren;
      row.compared.self += frame.compared - comparedChildren;
    }
    onPath.set(key, (onPath.get(key) ?? 0) + 1);
    path.push(key);
    todo.push(null, ...frame.children);
  }
  const points = (b: number, c: number) => (100 * (c * factor - b)) / unit;
  for (const row of rows.values()) {
    row.totalDelta = points(row.base.total, row.compared.total);
    row.selfDelta = points(row.base.self, row.compared.self);
  }
  return [...rows.values()];
}

/** The lists of issue 9: added and removed functions, top growers and shrinkers; `limit` rows each. */
export function functionChanges(diff: DiffFrame, factor: number, limit = 50): FunctionChanges {
  const rows = functionSides(diff, factor);
  const byKey = (a: FunctionChange, b: FunctionChange) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0);
  const added = rows
    .filter((r) => r.base.total === 0 && r.compared.total > 0)
    .sort((a, b) => b.compared.total - a.compared.total || byKey(a, b));
  const removed = rows
    .filter((r) => r.compared.total === 0 && r.base.total > 0)
    .sort((a, b) => b.base.total - a.base.total || byKey(a, b));
  const top = (field: "totalDelta" | "selfDelta", sign: 1 | -1) =>
    rows
      .filter((r) => sign * r[field] > 0)
      .sort((a, b) => sign * (b[field] - a[field]) || byKey(a, b))
      .slice(0, limit);
  return {
    added: added.slice(0, limit),
    addedCount: added.length,
    removed: removed.slice(0, limit),
    removedCount: removed.length,
    growers: { total: top("totalDelta", 1), self: top("selfDelta", 1) },
    shrinkers: { total: top("totalDelta", -1), self: top("selfDelta", -1) },
  };
}
