/**
 * The table view (frontend-and-agent.md A.3.4), computed from the flamegraph tree: one row per function
 * (name + runtime suffix) with its total and own samples, and the split view's merged "Calls" and
 * "Called by" graphs of one function.
 */
import { functionKey } from "../../../../workers/core/src/flamegraph-diff";
import type { FlameNode } from "../wire";
import { runtimeOf } from "./filters";
import { selfValue, type FrameMatcher } from "./search";

export interface FunctionRow {
  /** Name + suffix: the row's identity, and what the function CPU route takes as `functionName`. */
  key: string;
  name: string;
  suffix: string;
  runtime: string;
  specialType: string | null;
  /** Samples of stacks containing the function, each stack counted once however deep it recurses. */
  total: number;
  /** Samples where the function is the leaf. */
  self: number;
  /** Distinct call paths (tree nodes) that reach the function. */
  occurrences: number;
}

/** Rows the original leaves out: placeholders and truncation markers (A.3.4, A.3.11). */
const EXCLUDED = new Set(["[unknown]", "-Truncated-"]);

/** Name + suffix (workers/core/src/flamegraph-diff.ts: the same key the diff and the sandwich use). */
export { functionKey };

/**
 * One row per function below the process level. `match` (the page search) keeps only matching functions.
 */
export function functionTable(root: FlameNode, match: FrameMatcher | null = null): FunctionRow[] {
  const rows = new Map<string, FunctionRow>();
  // [node, keys of the functions already on this stack]
  const stack: [FlameNode, ReadonlySet<string>][] = [];
  for (const process of root.children) for (const child of process.children) stack.push([child, new Set()]);
  while (stack.length) {
    const [node, onStack] = stack.pop()!;
    const key = functionKey(node);
    let nextOnStack = onStack;
    if (!EXCLUDED.has(node.name) && (!match || match(node))) {
      let row = rows.get(key);
      if (!row) {
        row = {
          key,
          name: node.name,
          suffix: node.suffix ?? "",
          runtime: runtimeOf(node),
          specialType: node.specialType ?? null,
          total: 0,
          self: 0,
          occurrences: 0,
        };
        rows.set(key, row);
      }
      if (!onStack.has(key)) {
        row.total += node.value;
        nextOnStack = new Set(onStack).add(key);
      }
      row.self += selfValue(node);
      row.occurrences++;
    }
    for (const child of node.children) stack.push([child, nextOnStack]);
  }
  return [...rows.values()];
}

/** "Calls" and "Called by" of the split view: the sandwich's callees and callers (workers/core/src/sandwich.ts). */
export {
  calleesGraph as callsGraph,
  callersGraph as calledByGraph,
} from "../../../../workers/core/src/sandwich";

/**
 * The "core" part of a function name, shown bold inside the full name (A.3.4): the class.method of a
 * Java frame, the function of a Python `fn (file.py)` frame, the last element of a Go path.
 */
export function coreName(name: string, runtime: string): [before: string, core: string, after: string] {
  const pattern =
    runtime === "Java"
      ? /[^/]+\.[^(]+/
      : runtime === "Python"
        ? /([^.]+) \(/
        : runtime === "Go"
          ? /.*\.([^.]+)/
          : null;
  const m = pattern?.exec(name);
  if (!m) return ["", name, ""];
  const core = m[1] ?? m[0];
  const at = m.index + m[0].indexOf(core);
  return [name.slice(0, at), core, name.slice(at + core.length)];
}

export type SortKey = "name" | "runtime" | "total" | "self" | "occurrences";

export function sortRows(rows: FunctionRow[], key: SortKey, desc: boolean): FunctionRow[] {
  const dir = desc ? -1 : 1;
  const cmp =
    key === "name" || key === "runtime"
      ? (a: FunctionRow, b: FunctionRow) => a[key].localeCompare(b[key])
      : (a: FunctionRow, b: FunctionRow) => a[key] - b[key];
  return [...rows].sort((a, b) => dir * cmp(a, b) || b.total - a.total || a.key.localeCompare(b.key));
}
