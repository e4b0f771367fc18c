import { expect, test } from "vitest";
import golden from "../../../../../shared/testdata/golden/test_stackfile.flamegraph.lang.json";
import type { FlameNode } from "../wire";
import { compileSearch } from "./search";
import { calledByGraph, callsGraph, coreName, functionTable, sortRows } from "./table";
import { stacksOf, treeOf } from "./test-trees";

const tree = treeOf(`
  app;main_[p];f_[p];f_[p];g 4
  app;main_[p];g 1
  app;other_[p];f_[p] 2
  app;[unknown];h 3
  tool;-Truncated- 1
`);

const row = (key: string) => functionTable(tree).find((r) => r.key === key);

test("total counts each stack once even through recursion; self is leaf time; occurrences are call paths", () => {
  expect(row("f_[p]")).toMatchObject({
    name: "f",
    suffix: "_[p]",
    runtime: "Python",
    total: 6,
    self: 2,
    occurrences: 3,
  });
  expect(row("g")).toMatchObject({ total: 5, self: 5, occurrences: 2, runtime: "Other" });
  expect(row("main_[p]")).toMatchObject({ total: 5, self: 0 });
});

test("process names, [unknown] and -Truncated- are not rows", () => {
  const keys = functionTable(tree)
    .map((r) => r.key)
    .sort();
  expect(keys).toEqual(["f_[p]", "g", "h", "main_[p]", "other_[p]"]);
});

test("a search keeps only matching functions", () => {
  const match = compileSearch("^f$");
  if (typeof match !== "function") throw new Error("matcher");
  expect(functionTable(tree, match).map((r) => r.key)).toEqual(["f_[p]"]);
});

test("on the golden flamegraph the self times of all rows plus excluded frames add up to the root", () => {
  const root = golden as FlameNode;
  const rows = functionTable(root);
  const selfSum = rows.reduce((s, r) => s + r.self, 0);
  expect(selfSum).toBeLessThanOrEqual(root.value);
  expect(selfSum).toBeGreaterThan(root.value * 0.5);
  for (const r of rows) expect(r.total).toBeGreaterThanOrEqual(r.self);
});

test("calls: the callees of every top-most occurrence, merged", () => {
  const calls = callsGraph(tree, "f_[p]")!;
  expect(calls.value).toBe(6);
  // The root is f itself: 2 samples of its own, 4 through its recursive call into g.
  expect(stacksOf(calls)).toEqual(["f_[p];g 4"]);
});

test("called by: the caller chains inverted and merged, down to the process", () => {
  const callers = calledByGraph(tree, "g")!;
  expect(callers.value).toBe(5);
  expect(stacksOf(callers)).toEqual(["f_[p];f_[p];main_[p];app 4", "main_[p];app 1"]);
  expect(calledByGraph(tree, "nope")).toBeNull();
});

test("core names as the original highlights them", () => {
  expect(coreName("org/apache/Foo.bar(I)V", "Java")).toEqual(["org/apache/", "Foo.bar", "(I)V"]);
  expect(coreName("handle (/app/server.py)", "Python")).toEqual(["", "handle", " (/app/server.py)"]);
  expect(coreName("net/http.(*conn).serve", "Go")).toEqual(["net/http.(*conn).", "serve", ""]);
  expect(coreName("do_syscall_64", "Kernel")).toEqual(["", "do_syscall_64", ""]);
});

test("rows sort by any column, ties by total", () => {
  const rows = functionTable(tree);
  expect(sortRows(rows, "total", true).map((r) => r.key)).toEqual([
    "f_[p]",
    "g",
    "main_[p]",
    "h",
    "other_[p]",
  ]);
  expect(sortRows(rows, "self", false)[0].key).toBe("main_[p]");
  expect(sortRows(rows, "name", false).map((r) => r.name)).toEqual(["f", "g", "h", "main", "other"]);
});
