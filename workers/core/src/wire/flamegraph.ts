// The flamegraph JSON of GET /api/v1/flamegraph (spec §4.6, db/graph.go). Keys are built in the order
// Go writes them; optional keys are left out when empty (Go `omitempty`).

export interface FlameGraphFrame {
  /** The frame name minus its language suffix unless the language is C++, Node or Go (§4.6). */
  name: string;
  /** The truncated language suffix such as `_[j]`; omitted when empty. */
  suffix?: string;
  /** The frame's samples after glitch clamping (prepareFrames). */
  value: number;
  /** Sorted by name; never null. */
  children: FlameGraphFrame[];
  /** With enrichment=lang only: identFrameLangAndSpecialType, `Go?` resolved (§4.7). */
  language?: string;
  /** With enrichment=lang only: e.g. `Java (inl)`, `Appid`. */
  specialType?: string;
  /** GET /api/flamegraph/tree only: the frame's CallStackHash (decimal), the `root` of its subtree. */
  hash?: string;
  /** GET /api/flamegraph/tree only: a remainder frame standing for this many pruned frames. */
  rolledUp?: number;
}

export interface FlameGraphResponse {
  name: "root";
  /** The sum of the root frames' values. */
  value: number;
  children: FlameGraphFrame[];
  /** Seconds from the request start to just before encoding (handlers.GetFlamegraph). */
  exec_time: number;
  /** Seconds from the request start to the end of the queries and prepareFrames. */
  olap_time: number;
  /** "1".."100" → the truncated percentile of all frame values (§4.6); {} without frames. */
  percentiles: Record<string, string>;
  /** GET /api/flamegraph/tree with `search` only: the matches' share of the view. */
  search?: SearchSummary;
}

/** A search over the whole view, rolled-up frames included (GET /api/flamegraph/tree `search`). */
export interface SearchSummary {
  /** Samples under the top-most matching frames of the view. */
  matched: number;
  /** Self samples of every matching frame of the view. */
  own: number;
  /** Matching frames in the whole graph. */
  matches: number;
  /** false when there were more matches than the answer holds: the figures count the widest only. */
  complete: boolean;
}

/**
 * JSON.stringify of the response without recursion: stacks can be 100k frames deep (§7.20), far
 * beyond the engine's recursion limit.
 */
export function stringifyFlameGraph(response: FlameGraphResponse): string {
  const out: string[] = [`{"name":"root","value":${JSON.stringify(response.value)},"children":[`];
  const tail =
    `],"exec_time":${JSON.stringify(response.exec_time)},"olap_time":${JSON.stringify(response.olap_time)}` +
    `,"percentiles":${JSON.stringify(response.percentiles)}` +
    (response.search ? `,"search":${JSON.stringify(response.search)}}` : "}");
  // Frames still to write, or literal text (separators and closing parts) to emit in turn.
  const todo: (FlameGraphFrame | string)[] = [tail];
  pushChildren(todo, response.children);
  for (let item = todo.pop(); item !== undefined; item = todo.pop()) {
    if (typeof item === "string") {
      out.push(item);
      continue;
    }
    const suffix = item.suffix === undefined ? "" : `,"suffix":${JSON.stringify(item.suffix)}`;
    out.push(
      `{"name":${JSON.stringify(item.name)}${suffix},"value":${JSON.stringify(item.value)},"children":[`,
    );
    let close = "]";
    if (item.language !== undefined) close += `,"language":${JSON.stringify(item.language)}`;
    if (item.specialType !== undefined) close += `,"specialType":${JSON.stringify(item.specialType)}`;
    if (item.hash !== undefined) close += `,"hash":${JSON.stringify(item.hash)}`;
    if (item.rolledUp !== undefined) close += `,"rolledUp":${JSON.stringify(item.rolledUp)}`;
    todo.push(close + "}");
    pushChildren(todo, item.children);
  }
  return out.join("");
}

function pushChildren(todo: (FlameGraphFrame | string)[], children: FlameGraphFrame[]): void {
  for (let i = children.length - 1; i >= 0; i--) {
    todo.push(children[i]);
    if (i > 0) todo.push(",");
  }
}
