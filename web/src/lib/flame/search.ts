/**
 * Flamegraph search (frontend-and-agent.md A.3.2): a case-insensitive regex on frame names, or
 * `type:javainl|javac1|javac0` on specialType. "Matched" counts top-most matches only (nested matches are
 * not counted twice); "Own" sums the self time of every match. Both are relative to the zoomed frame.
 */
import type { FlameNode } from "../wire";

export type FrameMatcher = (node: FlameNode) => boolean;

const TYPE_QUERIES: Record<string, string> = {
  "type:javainl": "Java (inl)",
  "type:javac1": "Java (C1)",
  "type:javac0": "Java (interpreted)",
};

/** A matcher for `query`, null for an empty query, or "bad-regex" when it does not compile. */
export function compileSearch(query: string): FrameMatcher | "bad-regex" | null {
  const term = query.trim();
  if (!term) return null;
  const specialType = TYPE_QUERIES[term.toLowerCase()];
  if (specialType) return (node) => node.specialType === specialType;
  try {
    const re = new RegExp(term, "i");
    return (node) => re.test(node.name);
  } catch {
    return "bad-regex";
  }
}

/** Samples of `node` not in any child. */
export const selfValue = (node: FlameNode) =>
  node.value - (node.children ?? []).reduce((sum, child) => sum + child.value, 0);

export interface SearchStats {
  /** Samples under top-most matching frames. */
  matched: number;
  /** Self samples of all matching frames. */
  own: number;
  /** Samples of the frame the stats are relative to. */
  total: number;
}

export function searchStats(scope: FlameNode, match: FrameMatcher): SearchStats {
  let matched = 0;
  let own = 0;
  const stack: [FlameNode, boolean][] = [[scope, false]];
  while (stack.length) {
    const [node, insideMatch] = stack.pop()!;
    const isMatch = match(node);
    if (isMatch) {
      own += selfValue(node);
      if (!insideMatch) matched += node.value;
    }
    for (const child of node.children ?? []) stack.push([child, insideMatch || isMatch]);
  }
  return { matched, own, total: scope.value };
}
