import { describe, expect, test } from "vitest";
import golden from "../../../../../shared/testdata/golden/test_stackfile.flamegraph.lang.json";
import type { FlameNode } from "../wire";
import { compileSearch, searchStats, selfValue } from "./search";

const tree: FlameNode = {
  name: "root",
  value: 10,
  children: [
    {
      name: "app",
      value: 8,
      children: [
        { name: "Foo.bar", value: 5, children: [{ name: "foo.inner", value: 2, children: [] }] },
        { name: "baz", value: 1, children: [], specialType: "Java (inl)" },
      ],
    },
    { name: "other", value: 2, children: [] },
  ],
};

describe("compileSearch", () => {
  test("is a case-insensitive regex on the frame name", () => {
    const match = compileSearch("^foo");
    expect(typeof match).toBe("function");
    if (typeof match !== "function") return;
    expect(match({ name: "Foo.bar", value: 1, children: [] })).toBe(true);
    expect(match({ name: "x.foo", value: 1, children: [] })).toBe(false);
  });

  test("empty is no search, a broken regex is reported", () => {
    expect(compileSearch("  ")).toBeNull();
    expect(compileSearch("(")).toBe("bad-regex");
  });

  test("type: queries match the Java special types", () => {
    const match = compileSearch("type:javainl");
    if (typeof match !== "function") throw new Error("expected a matcher");
    expect(match({ name: "baz", value: 1, children: [], specialType: "Java (inl)" })).toBe(true);
    expect(match({ name: "javainl", value: 1, children: [] })).toBe(false);
  });
});

describe("searchStats", () => {
  test("counts nested matches once for Matched, every match's self time for Own", () => {
    const match = compileSearch("foo");
    if (typeof match !== "function") throw new Error("expected a matcher");
    expect(searchStats(tree, match)).toEqual({ matched: 5, own: 3 + 2, total: 10 });
  });

  test("is relative to the zoomed frame", () => {
    const match = compileSearch("baz");
    if (typeof match !== "function") throw new Error("expected a matcher");
    expect(searchStats(tree.children[0], match)).toEqual({ matched: 1, own: 1, total: 8 });
  });

  test("on the golden flamegraph, own time of all frames adds up to the root", () => {
    const all = compileSearch(".*");
    if (typeof all !== "function") throw new Error("expected a matcher");
    const root = golden as FlameNode;
    expect(searchStats(root, all)).toEqual({ matched: root.value, own: root.value, total: root.value });
    expect(selfValue(root)).toBe(0);
  });
});
