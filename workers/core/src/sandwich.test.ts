import { describe, expect, it } from "vitest";
import { functionKey } from "./flamegraph-diff";
import { calleesGraph, callersGraph, sandwich, type SandwichRow } from "./sandwich";
import { goldenProfile, treeOf } from "./test-trees";
import type { FlameGraphFrame } from "./wire/flamegraph";

/** A tree back to sorted `a;b n` lines of self samples, to compare trees as data. */
function stacksOf(root: FlameGraphFrame): string[] {
  const out: string[] = [];
  const todo: [FlameGraphFrame, string[]][] = [[root, []]];
  while (todo.length) {
    const [node, path] = todo.pop()!;
    const self = node.value - node.children.reduce((s, c) => s + c.value, 0);
    if (self > 0) out.push(`${path.join(";")} ${self}`);
    for (const c of node.children) todo.push([c, [...path, functionKey(c)]]);
  }
  return out.sort();
}

const rows = (list: SandwichRow[]) => list.map((r) => `${r.key} ${r.total}/${r.self}`);

describe("a hand-built tree with recursion", () => {
  // f recurses directly (f;f) and through g (f;g;f); every sample must count once.
  const tree = treeOf(`
    app;main;f;g;f;h 3
    app;main;f 1
    app;other;f;f 2
    app;main;g 4
  `);
  const s = sandwich(tree, "f")!;

  it("counts each sample once in the totals", () => {
    expect([s.total, s.self]).toEqual([6, 3]);
  });

  it("merges the callers of the top-most occurrences, inverted down to the process", () => {
    expect(rows(s.callerRows)).toEqual(["main 4/1", "other 2/2"]);
    expect(s.callers.value).toBe(6);
    expect(stacksOf(s.callers)).toEqual(["main;app 4", "other;app 2"]);
  });

  it("merges the callees, recursion below the top-most occurrence included", () => {
    expect(rows(s.calleeRows)).toEqual(["g 3/0", "f 2/2"]);
    expect(s.callees.value).toBe(6);
    expect(stacksOf(s.callees)).toEqual([" 1", "f 2", "g;f;h 3"]);
  });

  it("is null for a function that is not in the tree, and the graphs agree with sandwich()", () => {
    expect(sandwich(tree, "nope")).toBeNull();
    expect(callersGraph(tree, "nope")).toBeNull();
    expect(calleesGraph(tree, "f")).toEqual(s.callees);
    expect(callersGraph(tree, "f")).toEqual(s.callers);
  });

  it("does not take a process for a function", () => {
    expect(sandwich(tree, "app")).toBeNull();
  });
});

describe("the golden flamegraph (test_stackfile)", () => {
  const { tree, stacks } = goldenProfile();

  /** The same numbers straight from the collapsed lines: first occurrence below the process per stack. */
  function expected(key: string) {
    let total = 0;
    let self = 0;
    const callers = new Map<string, [number, number]>();
    const callees = new Map<string, [number, number]>();
    const add = (m: Map<string, [number, number]>, k: string, t: number, s: number) => {
      const v = m.get(k) ?? [0, 0];
      m.set(k, [v[0] + t, v[1] + s]);
    };
    for (const { frames, count } of stacks) {
      const i = frames.indexOf(key, 1);
      if (i < 0) continue;
      const leaf = frames[frames.length - 1] === key ? count : 0;
      total += count;
      self += leaf;
      add(callers, frames[i - 1], count, leaf);
      if (i + 1 < frames.length) add(callees, frames[i + 1], count, i + 2 === frames.length ? count : 0);
    }
    const list = (m: Map<string, [number, number]>) => [...m].map(([k, [t, s]]) => `${k} ${t}/${s}`).sort();
    return { total, self, callers: list(callers), callees: list(callees) };
  }

  const keys = new Set(stacks.flatMap((s) => s.frames.slice(1)));

  it("matches the collapsed stacks for every one of its functions", () => {
    expect(keys.size).toBeGreaterThan(300);
    for (const key of keys) {
      const s = sandwich(tree, key)!;
      expect({ key, ...expected(key) }).toEqual({
        key,
        total: s.total,
        self: s.self,
        callers: rows(s.callerRows).sort(),
        callees: rows(s.calleeRows).sort(),
      });
      expect([s.callers.value, s.callees.value]).toEqual([s.total, s.total]);
    }
  });

  it("handles the recursive botocore copy: copy.copy recurses through __copy__", () => {
    const copy = "copy.copy (/usr/local/lib/python3.10/copy.py:66 [standard-library==3.10.13])_[p]";
    const s = sandwich(tree, copy)!;
    // One stack of 2 samples with copy.copy four times on it.
    expect([s.total, s.self]).toEqual([2, 0]);
    expect(rows(s.callerRows)).toEqual([
      "botocore.args.ClientArgsCreator.get_client_args (/usr/local/lib/python3.10/site-packages/botocore/args.py:68 [botocore==1.20.24])_[p] 2/0",
    ]);
    expect(
      stacksOf(s.callees)[0]
        .split(";")
        .filter((f) => f.startsWith("copy.copy")),
    ).toHaveLength(3);
    expect(s.calleeRows.map((r) => r.name)).toEqual([
      "botocore.hooks.EventAliaser.__copy__ (/usr/local/lib/python3.10/site-packages/botocore/hooks.py:429 [botocore==1.20.24])",
    ]);
  });
});
