import { expect, test } from "vitest";
import { coordsKey, findByPath, frameCoords, minedNodes, ZoomHistory } from "./layout";
import { treeOf } from "./test-trees";

const tree = treeOf(`
  app;a;x 2
  app;b 3
  tool;c 5
`);

test("coordinates: level from the root, start = parent start + earlier siblings' values (A.3.10)", () => {
  const coords = frameCoords(tree);
  const [app, tool] = tree.children;
  const [a, b] = app.children;
  expect(coords.get(tree)).toEqual({ level: 0, start: 0, duration: 10 });
  expect(coords.get(tool)).toEqual({ level: 1, start: 5, duration: 5 });
  expect(coords.get(b)).toEqual({ level: 2, start: 2, duration: 3 });
  expect(coords.get(a.children[0])).toEqual({ level: 3, start: 0, duration: 2 });
});

test("a marked frame mines its whole subtree", () => {
  const mined = minedNodes(tree, new Set([coordsKey({ level: 2, start: 0, duration: 2 })]));
  expect([...mined].map((n) => n.name).sort()).toEqual(["a", "x"]);
  expect(minedNodes(tree, new Set()).size).toBe(0);
});

test("findByPath follows labels from the process down", () => {
  expect(findByPath(tree, ["app", "a", "x"])?.name).toBe("x");
  expect(findByPath(tree, [])).toBe(tree);
  expect(findByPath(tree, ["app", "nope"])).toBeNull();
});

test("zoom history: back, forward, and a new zoom drops the forward stack", () => {
  const h = new ZoomHistory();
  h.push(["app"]);
  h.push(["app", "a"]);
  expect(h.goBack()).toEqual(["app"]);
  expect(h.goBack()).toEqual([]);
  expect(h.goBack()).toBeNull();
  expect(h.goForward()).toEqual(["app"]);
  h.push(["tool"]);
  expect(h.canGoForward).toBe(false);
  expect(h.goBack()).toEqual(["app"]);
});
