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

interface Building {
  frame: DiffFrame;
  byKey: Map<string, Building>;
}

const newFrame = (source: FlameGraphFrame): DiffFrame => {
  const frame: DiffFrame = {
    name: source.name,
    value: 0,
    base: 0,
    compared: 0,
    baseShare: 0,
    comparedShare: 0,
    children: [],
  };
  if (source.suffix !== undefined) frame.suffix = source.suffix;
  if (source.language !== undefined) frame.language = source.language;
  if (source.specialType !== undefined) frame.specialType = source.specialType;
  return frame;
};

/**
 * Merges the two trees by path. `factor` scales the compared side into base units (1: raw counts).
 * Iterative throughout: stacks can be thousands of frames deep (indexer-flamedb.md §7.20).
 */
export function diffFlamegraphs(base: FlameGraphFrame, compared: FlameGraphFrame, factor: number): DiffFrame {
  const top: Building = { frame: newFrame({ name: "root", value: 0, children: [] }), byKey: new Map() };
  top.frame.base = base.value;
  top.frame.compared = compared.value;
  const todo: [FlameGraphFrame, Building, "base" | "compared"][] = [];
  for (const c of base.children) todo.push([c, top, "base"]);
  for (const c of compared.children) todo.push([c, top, "compared"]);
  while (todo.length) {
    const [source, parent, side] = todo.pop()!;
    const key = functionKey(source);
    let b = parent.byKey.get(key);
    if (!b) {
      b = { frame: newFrame(source), byKey: new Map() };
      parent.byKey.set(key, b);
      parent.frame.children.push(b.frame);
    }
    b.frame[side] += source.value;
    for (const c of source.children) todo.push([c, b, side]);
  }
  // An empty base leaves only the compared side to measure against.
  const unit = base.value || compared.value * factor || 1;
  const walk = [top.frame];
  while (walk.length) {
    const frame = walk.pop()!;
    frame.baseShare = frame.base / unit;
    frame.comparedShare = (frame.compared * factor) / unit;
    frame.value = ((frame.baseShare + frame.comparedShare) / 2) * DIFF_SCALE;
    frame.children.sort((x, y) => (x.name < y.name ? -1 : x.name > y.name ? 1 : 0));
    walk.push(...frame.children);
  }
  return top.frame;
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
  const todo: [DiffFrame, ReadonlySet<string>][] = [];
  for (const process of diff.children) for (const c of process.children) todo.push([c, new Set()]);
  while (todo.length) {
    const [frame, onStack] = todo.pop()!;
    const key = functionKey(frame);
    let next = onStack;
    if (!NOT_FUNCTIONS.has(frame.name)) {
      let row = rows.get(key);
      if (!row) {
        row = {
          key,
          name: frame.name,
          ...(frame.suffix !== undefined && { suffix: frame.suffix }),
          ...(frame.language !== undefined && { language: frame.language }),
          base: { total: 0, self: 0 },
          compared: { total: 0, self: 0 },
          totalDelta: 0,
          selfDelta: 0,
        };
        rows.set(key, row);
      }
      if (!onStack.has(key)) {
        row.base.total += frame.base;
        row.compared.total += frame.compared;
        next = new Set(onStack).add(key);
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
    for (const c of frame.children) todo.push([c, next]);
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
