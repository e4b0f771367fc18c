import { expect, test } from "vitest";
import golden from "../../../../../shared/testdata/golden/test_stackfile.flamegraph.lang.json";
import type { FlameNode } from "../wire";
import { DEPTH_LIMIT_NAME, prepareTree } from "./prepare";

function chain(depth: number): FlameNode {
  let node: FlameNode = { name: `f${depth}`, value: 3, children: [] };
  for (let i = depth - 1; i >= 0; i--) node = { name: `f${i}`, value: 3, children: [node] };
  return node;
}

test("copies the tree without the api-only fields", () => {
  const { percentiles: _, exec_time: __, olap_time: ___, ...frames } = golden as Record<string, unknown>;
  expect(prepareTree(golden as FlameNode)).toEqual(frames);
});

test("cuts stacks below the depth limit into one red stand-in frame", () => {
  let node = prepareTree(chain(10), 4);
  for (let depth = 0; depth < 4; depth++) node = node.children[0];
  expect(node.name).toBe("f4");
  expect(node.children).toEqual([{ name: DEPTH_LIMIT_NAME, value: 3, children: [], specialType: "limit" }]);
});

test("handles stacks far deeper than the call stack", () => {
  expect(() => prepareTree(chain(100_000))).not.toThrow();
});
