/**
 * The tree handed to the renderer: an iterative copy (stacks can be 100k frames deep, beyond
 * structuredClone's recursion) cut at the original UI's depth limit (frontend-and-agent.md A.3.3).
 */
import type { FlameNode } from "../wire";

export const MAX_DEPTH = 800;
export const DEPTH_LIMIT_NAME = `depth limit reached (${MAX_DEPTH})`;
/** specialType of the frame that stands in for everything below MAX_DEPTH; drawn in error red. */
export const DEPTH_LIMIT_TYPE = "limit";

/** A childless copy with every field but the api's response-level ones (diff trees carry extra fields). */
function copyOf(node: FlameNode): FlameNode {
  const {
    children: _c,
    percentiles: _p,
    exec_time: _e,
    olap_time: _o,
    ...rest
  } = node as FlameNode & Record<string, unknown>;
  return { ...rest, children: [] } as FlameNode;
}

export function prepareTree(root: FlameNode, maxDepth = MAX_DEPTH): FlameNode {
  const top = copyOf(root);
  const stack: [source: FlameNode, copy: FlameNode, depth: number][] = [[root, top, 0]];
  while (stack.length) {
    const [source, copy, depth] = stack.pop()!;
    const children = source.children ?? [];
    if (!children.length) continue;
    if (depth >= maxDepth) {
      const value = children.reduce((sum, child) => sum + child.value, 0);
      copy.children = [{ name: DEPTH_LIMIT_NAME, value, children: [], specialType: DEPTH_LIMIT_TYPE }];
      continue;
    }
    copy.children = children.map(copyOf);
    children.forEach((child, i) => stack.push([child, copy.children![i], depth + 1]));
  }
  return top;
}
