import { expect, test } from "vitest";
import type { FlameNode } from "../wire";
import { expandable, PREFETCH, SubtreeCache } from "./subtrees";

const frame = (name: string, value: number, children: FlameNode[] = [], hash = name): FlameNode => ({
  name,
  value,
  hash,
  children,
});
const more = (value: number, rolledUp: number): FlameNode => ({ name: "…", value, children: [], rolledUp });

// a (rolled-up frames two levels down), b (nothing rolled up), c (rolled up below it), d (no hash).
const tree = frame("root", 100, [
  frame("a", 50, [frame("a1", 30, [frame("a2", 20, [more(5, 3)])]), frame("a3", 10)]),
  frame("b", 25, [frame("b1", 25)]),
  frame("c", 15, [frame("c1", 10), more(5, 9)]),
  { name: "d", value: 10, children: [frame("d1", 9, [more(1, 1)])] },
]);

test("expandable: the widest frames with rolled-up frames below, with their lineage from the process", () => {
  const names = (found: [FlameNode, FlameNode[]][]) =>
    found.map(([f, lineage]) => `${f.name}:${lineage.map((l) => l.name).join(">")}`);
  expect(names(expandable(tree, [], 10))).toEqual(["a:a", "a1:a>a1", "a2:a>a1>a2", "c:c", "d1:d>d1"]);
  expect(names(expandable(tree, [], 2))).toEqual(["a:a", "a1:a>a1"]);
  // Under a zoomed frame, the frame itself included.
  const a = tree.children[0];
  expect(names(expandable(a, [a], 10))).toEqual(["a:a", "a1:a>a1", "a2:a>a1>a2"]);
});

test("SubtreeCache: one fetch per frame, prefetched in turn, at hand once arrived, failures tried again", async () => {
  const asked: string[] = [];
  let fail = true;
  const cache = new SubtreeCache(async (node, lineage) => {
    asked.push(`${node.hash}@${lineage.length}`);
    if (node.hash === "c" && fail) throw new Error("down");
    return [frame(`${node.hash}-child`, 1)];
  });
  const a = tree.children[0];
  const pending = cache.get(a, [a]);
  expect(cache.peek(a)).toBeUndefined(); // not arrived yet
  const first = await pending;
  expect(cache.peek(a)).toBe(first);
  expect(await cache.get(a, [a])).toBe(first);
  expect(asked).toEqual(["a@1"]);

  cache.prefetch(tree, []);
  // The PREFETCH widest, in turn; a (already there) is not fetched again.
  expect(PREFETCH).toBe(4);
  await expect.poll(() => asked).toEqual(["a@1", "a1@2", "a2@3", "c@1"]);
  // c failed: it is fetched again when asked.
  fail = false;
  await new Promise((r) => setTimeout(r, 0));
  expect(cache.peek(tree.children[2])).toBeUndefined(); // a failure is nothing to draw
  expect((await cache.get(tree.children[2], [tree.children[2]]))?.[0].name).toBe("c-child");
});
