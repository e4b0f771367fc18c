// The pruned flamegraph of GET /api/flamegraph/tree (issue 9): a graph of a million distinct stacks is
// far more than a browser can draw, and most of its frames would be narrower than a pixel anyway. The
// api sends the widest frames (best-first from the view's root, so every kept frame's ancestors are kept)
// and rolls each frame's dropped children up into one remainder frame, so widths still add up. Zooming
// fetches the zoomed frame's subtree, pruned the same way relative to that frame.
import type { FrameAggregate } from "./flamegraph";
import type { FlameGraphFrame } from "./wire/flamegraph";

export interface PruneOptions {
  /** At most this many frames besides the root and the remainders. */
  maxNodes: number;
  /** Frames below this value are rolled up (a fraction of the root's value times its samples). */
  minValue: number;
  /** Hashes of frames kept whatever their width and number (search matches and their ancestors). */
  keep?: ReadonlySet<string>;
}

/** The label of a remainder frame; its `rolledUp` says how many sibling frames it stands for. */
export const REMAINDER_NAME = "…";

/** Frames under one parent that were never read (too narrow): their number and summed value. */
export interface RolledUp {
  value: number;
  count: number;
}

/**
 * A copy of `root` with at most `maxNodes` frames below it, the widest first (ties: the one found
 * first), none narrower than `minValue`. Every frame that lost children gets one last child
 * `{name: "…", value: <their sum>, rolledUp: <their number>}` (remainders already in `root` join it), so
 * a frame's children still sum to what they did. Sibling order is kept. No recursion: stacks can be
 * 100k frames deep (§7.20).
 */
export function pruneFlameGraph<T extends FlameGraphFrame>(root: T, options: PruneOptions): T {
  const copies = new Map<FlameGraphFrame, FlameGraphFrame>();
  const copyOf = (frame: FlameGraphFrame): FlameGraphFrame => ({ ...frame, children: [] });
  const top = copyOf(root) as T;
  copies.set(root, top);
  const heap = new FrameHeap();
  for (const child of root.children) if (child.rolledUp === undefined) heap.push(child);
  let kept = 0;
  for (let next = heap.pop(); next !== undefined && kept < options.maxNodes; next = heap.pop()) {
    if (next.value < options.minValue) break;
    copies.set(next, copyOf(next));
    kept++;
    for (const child of next.children) if (child.rolledUp === undefined) heap.push(child);
  }
  if (options.keep?.size) {
    // The kept frames' ancestors are kept too, so each has its parent's copy to hang from.
    const todo: FlameGraphFrame[] = [...root.children];
    for (let frame = todo.pop(); frame !== undefined; frame = todo.pop()) {
      if (frame.hash === undefined || !options.keep.has(frame.hash)) continue;
      if (!copies.has(frame)) copies.set(frame, copyOf(frame));
      todo.push(...frame.children);
    }
  }
  // Children in their original order, the dropped ones summed into a remainder. Walked from the
  // original frames: a copy's parent is the copy of the frame that listed it.
  for (const [frame, copy] of copies) {
    let value = 0;
    let rolledUp = 0;
    for (const child of frame.children) {
      const childCopy = copies.get(child);
      if (childCopy) {
        copy.children.push(childCopy);
      } else {
        value += child.value;
        rolledUp += child.rolledUp ?? 1;
      }
    }
    if (rolledUp > 0) copy.children.push({ name: REMAINDER_NAME, value, children: [], rolledUp });
  }
  return top;
}

/**
 * A search's figures relative to `view` (every frame below it, remainders standing for the rest):
 * the samples under the top-most matching frames, and the self samples of every matching one.
 */
export function searchSummary(view: FlameGraphFrame, matches: ReadonlySet<string>) {
  let matched = 0;
  let own = 0;
  const todo: [FlameGraphFrame, boolean][] = view.children.map((child) => [child, false]);
  for (let next = todo.pop(); next !== undefined; next = todo.pop()) {
    const [frame, inside] = next;
    const isMatch = frame.hash !== undefined && matches.has(frame.hash);
    if (isMatch) {
      if (!inside) matched += frame.value;
      own += frame.value - frame.children.reduce((sum, child) => sum + child.value, 0);
    }
    for (const child of frame.children) todo.push([child, inside || isMatch]);
  }
  return { matched, own };
}

/** The frame with this CallStackHash (the flamegraph's `hash`), depth-first; null when absent. */
export function findFrame<T extends FlameGraphFrame>(root: T, hash: string): T | null {
  const todo: FlameGraphFrame[] = [root];
  for (let frame = todo.pop(); frame !== undefined; frame = todo.pop()) {
    if (frame.hash === hash) return frame as T;
    for (let i = frame.children.length - 1; i >= 0; i--) todo.push(frame.children[i]);
  }
  return null;
}

/**
 * Adds the frames a query left out as remainders: `rolledUp` by parent hash ("0" for the roots, whose
 * sum also goes into the root's value). Changes `root` in place.
 */
export function attachRemainders(root: FlameGraphFrame, rolledUp: ReadonlyMap<string, RolledUp>): void {
  const remainder = ({ value, count }: RolledUp): FlameGraphFrame => ({
    name: REMAINDER_NAME,
    value,
    children: [],
    rolledUp: count,
  });
  const atRoot = rolledUp.get("0");
  const todo = [...root.children];
  for (let frame = todo.pop(); frame !== undefined; frame = todo.pop()) {
    for (const child of frame.children) todo.push(child);
    const rest = frame.hash === undefined ? undefined : rolledUp.get(frame.hash);
    if (rest) frame.children.push(remainder(rest));
  }
  if (atRoot) {
    root.children.push(remainder(atRoot));
    root.value += atRoot.value;
  }
}

/** A frame a search found (a match or an ancestor of one), with all its children summed. */
export interface FoundFrame extends FrameAggregate {
  below: RolledUp;
}

/**
 * The wide frames with the ones a search found added: those are no longer rolled up (out of their
 * parents' remainders; their own remainder is what was not found of their children). `keep`: the
 * matches and every ancestor of theirs, for pruneFlameGraph. `rolledUp` is changed in place.
 */
export function addFound(
  frames: readonly FrameAggregate[],
  rolledUp: Map<string, RolledUp>,
  found: readonly FoundFrame[],
  matches: readonly string[],
): { frames: FrameAggregate[]; rolledUp: Map<string, RolledUp>; keep: Set<string> } {
  for (const frame of found) rolledUp.set(frame.hash, { ...frame.below });
  for (const frame of found) {
    const parent = rolledUp.get(frame.parent);
    if (parent) rolledUp.set(frame.parent, { value: parent.value - frame.samples, count: parent.count - 1 });
  }
  for (const [hash, { count }] of rolledUp) if (count <= 0) rolledUp.delete(hash);
  const all = [...frames, ...found];
  const parentOf = new Map(all.map((f) => [f.hash, f.parent]));
  const keep = new Set<string>();
  for (const match of matches)
    for (let hash: string | undefined = match; hash && hash !== "0" && !keep.has(hash); hash = parentOf.get(hash))
      keep.add(hash);
  return { frames: all, rolledUp, keep };
}

/** A max-heap of frames by value; equal values come out in the order they went in. */
class FrameHeap {
  private items: { frame: FlameGraphFrame; seq: number }[] = [];
  private seq = 0;

  push(frame: FlameGraphFrame): void {
    const items = this.items;
    items.push({ frame, seq: this.seq++ });
    for (let i = items.length - 1; i > 0;) {
      const parent = (i - 1) >> 1;
      if (!this.before(i, parent)) break;
      [items[i], items[parent]] = [items[parent], items[i]];
      i = parent;
    }
  }

  pop(): FlameGraphFrame | undefined {
    const items = this.items;
    const top = items[0];
    const last = items.pop();
    if (items.length > 0 && last !== undefined) {
      items[0] = last;
      for (let i = 0; ;) {
        const l = 2 * i + 1;
        const r = l + 1;
        let best = i;
        if (l < items.length && this.before(l, best)) best = l;
        if (r < items.length && this.before(r, best)) best = r;
        if (best === i) break;
        [items[i], items[best]] = [items[best], items[i]];
        i = best;
      }
    }
    return top?.frame;
  }

  private before(a: number, b: number): boolean {
    const x = this.items[a];
    const y = this.items[b];
    return x.frame.value > y.frame.value || (x.frame.value === y.frame.value && x.seq < y.seq);
  }
}
