/**
 * The profiles page's filter pipeline on the flamegraph tree (frontend-and-agent.md A.3.3, "Filter pipeline
 * order"): runtime → weight → process names. Each step returns a new tree; the input is never mutated.
 */
import { LANGUAGES, type FlameNode, type FlamegraphResponse, type Language, type SearchSummary } from "../wire";
import type { ProcessFilter, WeightFilter } from "../profiles-query";
import { selfValue } from "./search";

/** The runtime of a frame; frames without one count as Other (flamedb leaves none unset with enrichment). */
export const runtimeOf = (node: FlameNode) => node.language ?? "Other";

interface Building {
  node: FlameNode;
  self: number;
  byKey: Map<string, Building>;
}

const keyOf = (node: FlameNode) => `${node.name}\u0000${node.suffix ?? ""}`;

function building(source: FlameNode): Building {
  const node: FlameNode = { ...source, value: 0, children: [] };
  return { node, self: 0, byKey: new Map() };
}

function childOf(parent: Building, source: FlameNode): Building {
  const key = keyOf(source);
  let child = parent.byKey.get(key);
  if (!child) {
    child = building(source);
    parent.byKey.set(key, child);
  }
  return child;
}

/** Values from self times, bottom-up; children sorted by name like the api's, empty subtrees dropped. */
function finish(root: Building): FlameNode {
  const order: Building[] = [];
  const stack = [root];
  while (stack.length) {
    const b = stack.pop()!;
    order.push(b);
    stack.push(...b.byKey.values());
  }
  for (let i = order.length - 1; i >= 0; i--) {
    const b = order[i];
    const children = [...b.byKey.values()].map((c) => c.node).filter((c) => c.value > 0);
    children.sort((x, y) => (x.name < y.name ? -1 : x.name > y.name ? 1 : 0));
    b.node.children = children;
    b.node.value = b.self + children.reduce((sum, c) => sum + c.value, 0);
  }
  return root.node;
}

/**
 * Keeps the frames of the given runtimes. Think of every stack: its non-matching frames are removed and
 * the sample stays with what is left; a stack left with no matching frame is dropped. With `mixed` on,
 * only the frames above the first match are removed, so a matching frame keeps its whole subtree. The
 * process (level 1) frames always stay; equal siblings that meet after splicing are merged.
 */
export function filterRuntimes(root: FlameNode, runtimes: ReadonlySet<string>, mixed: boolean): FlameNode {
  const top = building(root);
  const stack: Splicing[] = [];
  for (const process of root.children) {
    const p = childOf(top, process);
    for (const child of process.children) stack.push([child, p, true, false]);
  }
  splice(stack, runtimes, mixed);
  return finish(top);
}

/** [source, nearest kept frame, it is a process, inside a match (mixed)] */
type Splicing = [FlameNode, Building, boolean, boolean];

function splice(stack: Splicing[], runtimes: ReadonlySet<string>, mixed: boolean) {
  while (stack.length) {
    const [source, target, targetIsProcess, inside] = stack.pop()!;
    const matches = runtimes.has(runtimeOf(source));
    // A pruned graph's remainder ("… N more") stands for frames of any runtime, not yet fetched: it
    // stays, so a zoom can fetch them and filter them then.
    const keep = matches || (mixed && inside) || source.rolledUp !== undefined;
    let next = target;
    let nextIsProcess = targetIsProcess;
    if (keep) {
      next = childOf(target, source);
      next.self += selfValue(source);
      nextIsProcess = false;
    } else if (!targetIsProcess) {
      // Spliced out: its own samples stay with the nearest kept frame of the stack.
      target.self += selfValue(source);
    }
    for (const child of source.children)
      stack.push([child, next, nextIsProcess, inside || (mixed && matches)]);
  }
}

/**
 * The subtree of a frame of the filtered tree, fetched on zoom (a pruned graph's "… N more"), through the
 * filters the whole tree went through: `lineage` is the frame's path as drawn, from its process (level 1)
 * down to the frame, and `whole` the unfiltered tree the weight threshold comes from. The process filter
 * has already picked the frame's process. The frame itself stays as drawn; only its children are new.
 */
export function filterSubtree(
  subtree: FlameNode,
  lineage: readonly FlameNode[],
  whole: { value: number; percentiles?: Record<string, string> },
  options: PipelineOptions,
): FlameNode {
  const frame = lineage[lineage.length - 1];
  let tree: FlameNode = { ...frame, value: subtree.value, children: subtree.children };
  if (options.runtimes) {
    const runtimes = new Set(options.runtimes);
    const top = building(tree);
    const isProcess = lineage.length === 1;
    // Below a kept frame that matched (and is no process), mixed stacks keep everything.
    const inside = options.mixedStacks && lineage.slice(1).some((f) => runtimes.has(runtimeOf(f)));
    if (!isProcess) top.self += selfValue(tree);
    splice(
      tree.children.map((child): Splicing => [child, top, isProcess, inside]),
      runtimes,
      options.mixedStacks,
    );
    tree = finish(top);
  }
  const min = weightThreshold(options.weight, whole.value, whole.percentiles);
  return min === null ? tree : pruneBelow(tree, min);
}

/** Frames thinner than `min` samples are cut; their samples stay in their parent's value (A.3.1). */
export function pruneBelow(root: FlameNode, min: number): FlameNode {
  const top: FlameNode = { ...root, children: [] };
  const stack: [FlameNode, FlameNode][] = [[root, top]];
  while (stack.length) {
    const [source, copy] = stack.pop()!;
    for (const child of source.children) {
      if (child.value < min) continue;
      const c = { ...child, children: [] };
      copy.children.push(c);
      stack.push([child, c]);
    }
  }
  return top;
}

/** The sample threshold a weight filter means for this tree, or null for "all". */
export function weightThreshold(
  weight: WeightFilter,
  total: number,
  percentiles: Record<string, string> | undefined,
): number | null {
  if (weight.kind === "threshold") return (weight.percent / 100) * total;
  if (weight.kind === "percentile") {
    // Top N% keeps frames at or above the (100-N)th percentile of frame values (A.3.1).
    const value = Number(percentiles?.[String(100 - weight.top)]);
    return Number.isFinite(value) ? value : null;
  }
  return null;
}

/** How many frames a threshold keeps, for the weight menu; truncation leaves (`_[t]`) are not counted. */
export function countFramesAtLeast(root: FlameNode, min: number): number {
  let count = 0;
  const stack = [...root.children];
  while (stack.length) {
    const node = stack.pop()!;
    if (node.value < min) continue;
    if (!(node.children.length === 0 && (node.suffix === "_[t]" || node.name.endsWith("_[t]")))) count++;
    stack.push(...node.children);
  }
  return count;
}

/** Keeps (include) or hides the named processes; the root's value is recomputed. */
export function filterProcesses(root: FlameNode, filter: ProcessFilter): FlameNode {
  const names = new Set(filter.names);
  const children = root.children.filter((p) => names.has(p.name) === filter.include);
  return { ...root, children, value: children.reduce((sum, c) => sum + c.value, 0) };
}

export interface PipelineOptions {
  runtimes: readonly string[] | null;
  mixedStacks: boolean;
  weight: WeightFilter;
  processes: ProcessFilter | null;
}

/** Runtime → weight → processes, as the original orders them. */
export function applyFilters(
  root: FlameNode,
  percentiles: Record<string, string> | undefined,
  options: PipelineOptions,
): FlameNode {
  let tree = root;
  if (options.runtimes) tree = filterRuntimes(tree, new Set(options.runtimes), options.mixedStacks);
  const min = weightThreshold(options.weight, root.value, percentiles);
  if (min !== null) tree = pruneBelow(tree, min);
  if (options.processes) tree = filterProcesses(tree, options.processes);
  return tree;
}

/** Level-1 frames (processes) with their samples, biggest first. */
export function processesOf(root: FlameNode): { name: string; value: number }[] {
  return root.children.map((c) => ({ name: c.name, value: c.value })).sort((a, b) => b.value - a.value);
}

/** Whether the process `name` is shown under `filter`. */
export const processShown = (filter: ProcessFilter | null, name: string) =>
  !filter || filter.names.includes(name) === filter.include;

/** The shorter of "these are shown" and "these are hidden", as the original writes `p`/`pm` (A.8). */
export function processFilterFor(all: string[], selected: string[]): ProcessFilter | null {
  if (selected.length === all.length) return null;
  const hidden = all.filter((n) => !selected.includes(n));
  return selected.length <= hidden.length
    ? { include: true, names: selected }
    : { include: false, names: hidden };
}

/**
 * A click on a runtime in the legend (A.3.3): with all shown, show only that one; on the only one shown,
 * show all again; otherwise toggle it. null means all.
 */
export function toggleRuntime(current: readonly Language[] | null, runtime: Language): Language[] | null {
  if (!current) return [runtime];
  const next = current.includes(runtime) ? current.filter((r) => r !== runtime) : [...current, runtime];
  return next.length === 0 || next.length === LANGUAGES.length
    ? null
    : LANGUAGES.filter((l) => next.includes(l));
}

/** A tree the chart draws in, with the api's search figures when they hold for it. */
export type FetchedTree = FlameNode & { search?: SearchSummary };

/**
 * An answer of GET /api/flamegraph/tree (the whole graph: `lineage` empty; else a frame's subtree)
 * through the page's filters. The api's search figures count the unfiltered graph, so they are kept
 * only when no filter changes what is drawn.
 */
export function filterAnswer(
  answer: FlamegraphResponse,
  lineage: readonly FlameNode[],
  whole: { value: number; percentiles?: Record<string, string> },
  options: PipelineOptions,
): FetchedTree {
  const { search, ...graph } = answer;
  const tree =
    lineage.length === 0
      ? applyFilters(graph, answer.percentiles, options)
      : filterSubtree(graph, lineage, whole, options);
  const unfiltered = !options.runtimes && options.weight.kind === "all" && !options.processes;
  return unfiltered && search ? { ...tree, search } : tree;
}
