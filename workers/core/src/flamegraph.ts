// The flamegraph of flamedb-rest (spec §4.6, db/graph.go): merges the per-range query results into
// one graph, keeps the top stacks_num frames, and renders the tree JSON or the collapsed text.
// Where Go depends on map order or unstable sorts (§7.13), ties break deterministically: samples
// descending, then hash ascending as unsigned 64-bit; siblings by name, then raw name, then hash.
// Trees are walked with explicit stacks, since stacks can be 100k frames deep (§7.20).
import { selfStacks } from "./export-stacks";
import { identifyFrameLanguage, truncatedNameAndSuffix, type Language, type SpecialType } from "./lang";
import { percentiles } from "./percentiles";
import type { FlameGraphFrame, FlameGraphResponse } from "./wire/flamegraph";

/** A row of the flamegraph SQL: `SELECT CallStackHash, any(CallStackName), any(CallStackParent), sum(NumSamples)`. */
export interface FrameAggregate {
  /** CallStackHash as a decimal string. */
  hash: string;
  name: string;
  /** CallStackParent as a decimal string, "0" for a root. */
  parent: string;
  samples: number;
}

export interface FlameGraphOptions {
  /** The query LIMIT and the frame limit (stacks_num). */
  stacksNum: number;
  /** enrichment=lang */
  lang: boolean;
}

interface GraphFrame {
  hash: string;
  parent: string;
  name: string;
  samples: number;
  children: GraphFrame[];
  language: Language | "";
  specialType: SpecialType;
}

export interface PreparedGraph {
  /** Root frames within the limit, in processing order. */
  roots: readonly GraphFrame[];
  lang: boolean;
  percentiles: Record<string, string>;
}

/**
 * GetTopFrames after its queries: each result set (one per table and time range, §4.5) is cut and
 * merged (scanFrames/updateFrames), then prepareFrames links the top stacksNum frames.
 */
export function prepareGraph(
  resultSets: readonly (readonly FrameAggregate[])[],
  options: FlameGraphOptions,
): PreparedGraph {
  const frames = new Map<string, GraphFrame>();
  for (const rows of resultSets) mergeResultSet(frames, rows, options.stacksNum);
  return linkFrames(frames, options);
}

/**
 * prepareGraph for frames already cut per result set and summed by hash, as the api's flamegraph query
 * does inside ClickHouse (one row per hash, so the Worker receives and parses each frame once).
 */
export function prepareMergedGraph(
  frames: readonly FrameAggregate[],
  options: FlameGraphOptions,
): PreparedGraph {
  return linkFrames(new Map(frames.map((frame) => [frame.hash, graphFrame(frame)])), options);
}

// Field by field: spreading 10,000s of parsed JSON rows is much slower.
const graphFrame = (row: FrameAggregate): GraphFrame => ({
  hash: row.hash,
  parent: row.parent,
  name: row.name,
  samples: row.samples,
  children: [],
  language: "",
  specialType: "",
});

/** prepareFrames: links the top stacksNum frames, identifies languages, computes the percentiles. */
function linkFrames(frames: Map<string, GraphFrame>, options: FlameGraphOptions): PreparedGraph {
  const ranked = [...frames.values()].sort((a, b) => b.samples - a.samples || compareUint64(a.hash, b.hash));
  const roots: GraphFrame[] = [];
  for (const frame of ranked.slice(0, Math.max(0, options.stacksNum))) {
    if (frame.parent === "0") {
      roots.push(frame);
      continue;
    }
    // A parent beyond the limit still adopts the child, leaving an unreachable subtree (as in Go);
    // a frame whose parent is missing altogether is dropped.
    const parent = frames.get(frame.parent);
    if (parent === undefined) continue;
    parent.children.push(frame);
    // "glitch": a child above its parent's current value is clamped to it
    if (frame.samples > parent.samples) frame.samples = parent.samples;
  }
  if (options.lang) {
    for (const frame of frames.values()) Object.assign(frame, identifyFrameLanguage(frame.name));
  }
  const values = [...frames.values()].map((frame) => frame.samples);
  return { roots, lang: options.lang, percentiles: percentiles(values) };
}

/**
 * The per-query cut: when LIMIT truncated the result (rows >= stacksNum), frames at or below the
 * smallest value are dropped, removing the whole tie group at the cut. The rest add up by hash;
 * name and parent come from the last result set.
 */
function mergeResultSet(
  frames: Map<string, GraphFrame>,
  rows: readonly FrameAggregate[],
  stacksNum: number,
): void {
  const scanned = new Map<string, GraphFrame>();
  let minValue = 0;
  for (const row of rows) {
    if (minValue === 0 || row.samples < minValue) minValue = row.samples;
    const seen = scanned.get(row.hash);
    if (seen !== undefined) seen.samples += row.samples;
    else scanned.set(row.hash, graphFrame(row));
  }
  if (rows.length < stacksNum) minValue = 0;
  for (const frame of scanned.values()) {
    if (frame.samples <= minValue) continue;
    frame.samples += frames.get(frame.hash)?.samples ?? 0;
    frames.set(frame.hash, frame);
  }
}

interface PendingFrame {
  frame: GraphFrame;
  language: Language | "";
  name: string;
  suffix: string;
  siblings: FlameGraphFrame[];
}

/** BuildFlameGraph: the response with timings measured by the caller. */
export function flameGraphResponse(
  graph: PreparedGraph,
  timing: { execTime: number; olapTime: number },
): FlameGraphResponse {
  const children: FlameGraphFrame[] = [];
  // Roots sort by raw name, descendants by display name (db/graph.go).
  const roots = [...graph.roots].sort((a, b) => compareUtf8(a.name, b.name) || compareUint64(a.hash, b.hash));
  const todo = display(roots, graph.lang ? "" : undefined, children).reverse();
  for (let next = todo.pop(); next !== undefined; next = todo.pop()) {
    const { frame, language, name, suffix, siblings } = next;
    const node: FlameGraphFrame = {
      name,
      ...(suffix && { suffix }),
      value: frame.samples,
      children: [],
      ...(language && { language }),
      ...(frame.specialType && { specialType: frame.specialType }),
    };
    siblings.push(node);
    const sorted = display(frame.children, graph.lang ? language : undefined, node.children).sort(
      (a, b) =>
        compareUtf8(a.name, b.name) ||
        compareUtf8(a.frame.name, b.frame.name) ||
        compareUint64(a.frame.hash, b.frame.hash),
    );
    for (let i = sorted.length - 1; i >= 0; i--) todo.push(sorted[i]);
  }
  return {
    name: "root",
    value: graph.roots.reduce((sum, root) => sum + root.samples, 0),
    children,
    exec_time: timing.execTime,
    olap_time: timing.olapTime,
    percentiles: graph.percentiles,
  };
}

/**
 * Display names of frames under a parent whose resolved language is parentLanguage (undefined
 * without lang enrichment). `Go?` becomes Go under a Go parent and Other elsewhere, roots included.
 */
function display(
  frames: readonly GraphFrame[],
  parentLanguage: Language | "" | undefined,
  siblings: FlameGraphFrame[],
): PendingFrame[] {
  return frames.map((frame) => {
    let language: Language | "" = parentLanguage === undefined ? "" : frame.language;
    if (language === "Go?") language = parentLanguage === "Go" ? "Go" : "Other";
    return { frame, language, ...truncatedNameAndSuffix(frame.name, language), siblings };
  });
}

/**
 * BuildCollapsedFile: `<raw names joined by ;> <self samples>` for every frame whose children do not
 * cover its value, children before parents. The response body is each line followed by `\n`.
 */
export function* collapsedLines(graph: PreparedGraph): Generator<string> {
  for (const [frames, self] of selfStacks(graph.roots)) yield `${frames.join(";")} ${self}`;
}

/** Orders canonical decimal strings of unsigned 64-bit integers numerically. */
export function compareUint64(a: string, b: string): number {
  return a.length - b.length || (a < b ? -1 : a > b ? 1 : 0);
}

/** Go's bytewise string order, which is code point order, unlike JavaScript's UTF-16 order. */
export function compareUtf8(a: string, b: string): number {
  const length = Math.min(a.length, b.length);
  for (let i = 0; i < length; i++) {
    const x = a.charCodeAt(i);
    const y = b.charCodeAt(i);
    if (x !== y) return codePointRank(x) - codePointRank(y);
  }
  return a.length - b.length;
}

/** Moves surrogates (astral code points) after U+E000..U+FFFF, keeping every other order. */
function codePointRank(codeUnit: number): number {
  if (codeUnit < 0xd800) return codeUnit;
  return codeUnit >= 0xe000 ? codeUnit - 0x800 : codeUnit + 0x2000;
}
