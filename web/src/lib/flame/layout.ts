/**
 * Frame identity on the drawn graph. Minesweeper marks are keyed by (level, start, duration) exactly as
 * the original computes them (frontend-and-agent.md A.3.10): the synthetic "All" root at level 0,
 * children in the tree's order, `start` = the parent's start plus the values of earlier siblings.
 * The zoomed frame goes into the URL as its path of labels (ours), which survives a refetch.
 */
import type { FlameNode } from "../wire";
import { frameLabel } from "./format";

export interface FrameCoords {
  level: number;
  start: number;
  duration: number;
}

export const coordsKey = (c: FrameCoords) => `${c.level}:${c.start}:${c.duration}`;

/** Coordinates of every node of the tree. */
export function frameCoords(root: FlameNode): Map<FlameNode, FrameCoords> {
  const out = new Map<FlameNode, FrameCoords>();
  const stack: [FlameNode, number, number][] = [[root, 0, 0]];
  while (stack.length) {
    const [node, level, start] = stack.pop()!;
    out.set(node, { level, start, duration: node.value });
    let offset = start;
    for (const child of node.children) {
      stack.push([child, level + 1, offset]);
      offset += child.value;
    }
  }
  return out;
}

/** Nodes drawn as mines: a marked frame and all its descendants. */
export function minedNodes(root: FlameNode, marks: ReadonlySet<string>): Set<FlameNode> {
  const mined = new Set<FlameNode>();
  if (!marks.size) return mined;
  const coords = frameCoords(root);
  const stack: [FlameNode, boolean][] = [[root, false]];
  while (stack.length) {
    const [node, inside] = stack.pop()!;
    const isMine = inside || marks.has(coordsKey(coords.get(node)!));
    if (isMine) mined.add(node);
    for (const child of node.children) stack.push([child, isMine]);
  }
  return mined;
}

/** The frame at `path` (labels from the process down), or null when the tree has no such frame. */
export function findByPath(root: FlameNode, path: readonly string[]): FlameNode | null {
  let node = root;
  for (const label of path) {
    const next = node.children.find((c) => frameLabel(c, -1) === label);
    if (!next) return null;
    node = next;
  }
  return node;
}

/** Back/forward through zoomed frames (Ctrl+[ / Ctrl+], A.3.3); entries are label paths. */
export class ZoomHistory {
  private back: string[][] = [];
  private forward: string[][] = [];

  constructor(private current: string[] = []) {}

  /** A new zoom: the current frame goes on the back stack and the forward stack is dropped. */
  push(path: string[]): void {
    if (same(path, this.current)) return;
    this.back.push(this.current);
    this.forward = [];
    this.current = path;
  }

  goBack(): string[] | null {
    const previous = this.back.pop();
    if (!previous) return null;
    this.forward.push(this.current);
    this.current = previous;
    return previous;
  }

  goForward(): string[] | null {
    const next = this.forward.pop();
    if (!next) return null;
    this.back.push(this.current);
    this.current = next;
    return next;
  }

  get canGoBack() {
    return this.back.length > 0;
  }

  get canGoForward() {
    return this.forward.length > 0;
  }
}

const same = (a: readonly string[], b: readonly string[]) =>
  a.length === b.length && a.every((x, i) => x === b[i]);
