/** Whole-tree facts the page shows next to the flamegraph. */
import type { FlameNode } from "../wire";

/** Languages that occur below the process level, for the legend. */
export function languagesIn(root: FlameNode): Set<string> {
  const found = new Set<string>();
  const stack = [...(root.children ?? [])];
  while (stack.length) {
    const node = stack.pop()!;
    if (node.language) found.add(node.language);
    if (node.children) stack.push(...node.children);
  }
  return found;
}
