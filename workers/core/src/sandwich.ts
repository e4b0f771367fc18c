// The sandwich view of one function (ours, issue 9; speedscope's "sandwich"): its callers above and its
// callees below, merged over every place it appears in the flamegraph, with a table of its direct callers
// and callees. Every sample is counted once: each stack is taken at its top-most occurrence of the
// function, so recursion below it belongs to its callees (speedscope's getProfileForCalleesOf and
// getInvertedProfileForCallersOf do the same). The table view's split "Calls" / "Called by" graphs are
// these same graphs (web/src/lib/flame/table.ts).
import { functionKey, functionOf } from "./flamegraph-diff";
import type { FlameGraphFrame } from "./wire/flamegraph";

export interface SandwichRow {
  key: string;
  name: string;
  suffix?: string;
  language?: string;
  /**
   * A caller: the function's samples when called from it. A callee: its samples when called by the
   * function. Each sample once.
   */
  total: number;
  /** A caller: the function's own samples in those calls. A callee: the callee's own samples there. */
  self: number;
}

export interface Sandwich {
  key: string;
  /** Samples of stacks containing the function, each once; and where it is the leaf. */
  total: number;
  self: number;
  /** Root: the function; children: its direct callers; down to the processes (an inverted graph). */
  callers: FlameGraphFrame;
  /** Root: the function; children: its callees, merged over all its top-most occurrences. */
  callees: FlameGraphFrame;
  /** Direct callers and callees, largest total first. */
  callerRows: SandwichRow[];
  calleeRows: SandwichRow[];
}

interface Occurrence {
  node: FlameGraphFrame;
  /** Its callers from the process down. */
  path: FlameGraphFrame[];
}

interface Visit {
  node: FlameGraphFrame;
  parent: Visit | null;
}

/**
 * Every top-most occurrence of the function below the process level, with its callers. Parent links
 * instead of path copies: stacks can be hundreds deep.
 */
function occurrences(root: FlameGraphFrame, key: string): Occurrence[] {
  const found: Occurrence[] = [];
  const todo: Visit[] = root.children.map((node) => ({ node, parent: null }));
  while (todo.length) {
    const visit = todo.pop()!;
    if (visit.parent && functionKey(visit.node) === key) {
      const path: FlameGraphFrame[] = [];
      for (let v: Visit | null = visit.parent; v; v = v.parent) path.push(v.node);
      found.push({ node: visit.node, path: path.reverse() });
      continue;
    }
    for (const node of visit.node.children) todo.push({ node, parent: visit });
  }
  return found;
}

interface Building {
  node: FlameGraphFrame;
  byKey: Map<string, Building>;
}

/** A copy without value and children (fields set one by one: the rest-spread form is slower on big graphs). */
function bare(source: FlameGraphFrame): FlameGraphFrame {
  const node: FlameGraphFrame = { name: source.name, value: 0, children: [] };
  if (source.suffix !== undefined) node.suffix = source.suffix;
  if (source.language !== undefined) node.language = source.language;
  if (source.specialType !== undefined) node.specialType = source.specialType;
  return node;
}

function child(parent: Building, source: FlameGraphFrame, value: number): Building {
  const key = functionKey(source);
  let b = parent.byKey.get(key);
  if (!b) {
    b = { node: bare(source), byKey: new Map() };
    parent.byKey.set(key, b);
    parent.node.children.push(b.node);
  }
  b.node.value += value;
  return b;
}

function sortTree(root: FlameGraphFrame): FlameGraphFrame {
  const todo = [root];
  while (todo.length) {
    const node = todo.pop()!;
    node.children.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
    todo.push(...node.children);
  }
  return root;
}

const selfOf = (node: FlameGraphFrame) => node.value - node.children.reduce((s, c) => s + c.value, 0);

function calleesOf(found: Occurrence[]): FlameGraphFrame {
  const top: Building = { node: bare(found[0].node), byKey: new Map() };
  const todo: [FlameGraphFrame, Building][] = [];
  for (const { node } of found) {
    top.node.value += node.value;
    for (const c of node.children) todo.push([c, top]);
  }
  while (todo.length) {
    const [source, parent] = todo.pop()!;
    const b = child(parent, source, source.value);
    for (const c of source.children) todo.push([c, b]);
  }
  return sortTree(top.node);
}

function callersOf(found: Occurrence[]): FlameGraphFrame {
  const top: Building = { node: bare(found[0].node), byKey: new Map() };
  for (const { node, path } of found) {
    top.node.value += node.value;
    let parent = top;
    for (let i = path.length - 1; i >= 0; i--) parent = child(parent, path[i], node.value);
  }
  return sortTree(top.node);
}

/** The function's callees merged over its occurrences ("Calls"); null when it is not in the tree. */
export function calleesGraph(root: FlameGraphFrame, key: string): FlameGraphFrame | null {
  const found = occurrences(root, key);
  return found.length ? calleesOf(found) : null;
}

/** Its callers merged and inverted ("Called by"); null when it is not in the tree. */
export function callersGraph(root: FlameGraphFrame, key: string): FlameGraphFrame | null {
  const found = occurrences(root, key);
  return found.length ? callersOf(found) : null;
}

/** The function's own samples at every depth inside `node`'s subtree (node included). */
function selfWithin(node: FlameGraphFrame, key: string): number {
  let self = 0;
  const todo = [node];
  while (todo.length) {
    const n = todo.pop()!;
    if (functionKey(n) === key) self += selfOf(n);
    todo.push(...n.children);
  }
  return self;
}

function addRow(rows: Map<string, SandwichRow>, frame: FlameGraphFrame, total: number, self: number) {
  const key = functionKey(frame);
  let row = rows.get(key);
  if (!row) {
    row = {
      ...functionOf(frame),
      total: 0,
      self: 0,
    };
    rows.set(key, row);
  }
  row.total += total;
  row.self += self;
}

const largestFirst = (rows: Map<string, SandwichRow>) =>
  [...rows.values()].sort((a, b) => b.total - a.total || (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));

/** The sandwich of the function `key` (name + suffix); null when it is not in the tree. */
export function sandwich(root: FlameGraphFrame, key: string): Sandwich | null {
  const found = occurrences(root, key);
  if (!found.length) return null;
  const callerRows = new Map<string, SandwichRow>();
  const calleeRows = new Map<string, SandwichRow>();
  let total = 0;
  let self = 0;
  for (const { node, path } of found) {
    const own = selfWithin(node, key);
    total += node.value;
    self += own;
    addRow(callerRows, path[path.length - 1], node.value, own);
    for (const c of node.children) addRow(calleeRows, c, c.value, selfOf(c));
  }
  return {
    key,
    total,
    self,
    callers: callersOf(found),
    callees: calleesOf(found),
    callerRows: largestFirst(callerRows),
    calleeRows: largestFirst(calleeRows),
  };
}
