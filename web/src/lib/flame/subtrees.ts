/**
 * Subtrees of a pruned flamegraph (GET /api/flamegraph/tree `root`), fetched once per frame and kept for
 * as long as the chart is drawn. After a draw the chart prefetches, one at a time, the subtrees of the
 * widest frames that have rolled-up frames below them ("… N more"): those are the frames a user zooms
 * into, and a zoom into one is then drawn without waiting for the api (issue 9's "interactive").
 */
import type { FlameNode } from "../wire";

/** The frame's children from its fetched subtree; `lineage` is its path from the process (level 1). */
export type FetchSubtree = (frame: FlameNode, lineage: readonly FlameNode[]) => Promise<FlameNode[] | null>;

/** Frames whose subtrees are prefetched after each draw. */
export const PREFETCH = 4;

export class SubtreeCache {
  private readonly answers = new Map<string, Promise<FlameNode[] | null>>();
  /** The answers that have arrived, for `peek`. */
  private readonly arrived = new Map<string, FlameNode[]>();
  private queue: [FlameNode, FlameNode[]][] = [];
  private running = false;

  constructor(private readonly fetch: FetchSubtree) {}

  /** The subtree's children, from the cache or fetched now; a failed fetch is tried again next time. */
  get(frame: FlameNode, lineage: readonly FlameNode[]): Promise<FlameNode[] | null> {
    const hash = frame.hash!;
    let answer = this.answers.get(hash);
    if (!answer) {
      answer = this.fetch(frame, lineage);
      this.answers.set(hash, answer);
      answer.then(
        (children) => children && this.arrived.set(hash, children),
        () => this.answers.delete(hash),
      );
    }
    return answer;
  }

  /** The subtree's children if its answer has arrived (a prefetch), without waiting. */
  peek(frame: FlameNode): FlameNode[] | undefined {
    return this.arrived.get(frame.hash!);
  }

  /** Replaces the prefetch queue with the widest frames under `top` worth expanding; fetches in turn. */
  prefetch(top: FlameNode, lineage: readonly FlameNode[]): void {
    this.queue = expandable(top, lineage, PREFETCH).filter(([frame]) => !this.answers.has(frame.hash!));
    if (!this.running) void this.drain();
  }

  /** Stops prefetching (the chart is gone). */
  stop(): void {
    this.queue = [];
  }

  private async drain() {
    this.running = true;
    try {
      for (let next = this.queue.shift(); next; next = this.queue.shift())
        await this.get(...next).catch(() => null);
    } finally {
      this.running = false;
    }
  }
}

/** Does the frame have rolled-up frames ("… N more") below it? */
export function hasRolledUp(node: FlameNode): boolean {
  const todo = [...node.children];
  for (let next = todo.pop(); next; next = todo.pop()) {
    if (next.rolledUp !== undefined) return true;
    for (const child of next.children) todo.push(child);
  }
  return false;
}

/**
 * The `count` widest frames at or below `top` (itself included unless it is the root, `lineage` empty)
 * that have a hash and rolled-up frames below them, widest first, each with its lineage.
 */
export function expandable(
  top: FlameNode,
  lineage: readonly FlameNode[],
  count: number,
): [FlameNode, FlameNode[]][] {
  const found: [FlameNode, FlameNode[]][] = [];
  // A frame with nothing rolled up below it has no such descendant either: the walk stops there.
  const todo: [FlameNode, FlameNode[]][] = [[top, [...lineage]]];
  for (let next = todo.pop(); next; next = todo.pop()) {
    const [frame, path] = next;
    if (frame.rolledUp !== undefined || !hasRolledUp(frame)) continue;
    if (path.length > 0 && frame.hash) found.push(next);
    for (const child of frame.children) todo.push([child, [...path, child]]);
  }
  return found.sort((a, b) => b[0].value - a[0].value).slice(0, count);
}
