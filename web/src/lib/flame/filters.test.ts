import { expect, test } from "vitest";
import golden from "../../../../../shared/testdata/golden/test_stackfile.flamegraph.lang.json";
import type { FlameNode } from "../wire";
import {
  applyFilters,
  processFilterFor,
  processShown,
  toggleRuntime,
  countFramesAtLeast,
  filterProcesses,
  filterRuntimes,
  filterAnswer,
  filterSubtree,
  processesOf,
  pruneBelow,
  weightThreshold,
} from "./filters";
import { stacksOf, treeOf } from "./test-trees";

const tree = treeOf(`
  app;main_[p];native;read_[k] 4
  app;main_[p];work_[p] 3
  app;native;work_[p];native2 2
  app;native 1
  kworker;sched_[k] 5
`);

test("runtime filter, mixed stacks off: non-matching frames are spliced out and equal siblings merge", () => {
  const python = filterRuntimes(tree, new Set(["Python"]), false);
  expect(stacksOf(python)).toEqual(["app;main_[p] 4", "app;main_[p];work_[p] 3", "app;work_[p] 2"]);
  expect(python.value).toBe(9);
  // kworker had no Python frame: the process is gone.
  expect(python.children.map((c) => c.name)).toEqual(["app"]);
});

test("runtime filter, mixed stacks on: a matching frame keeps its whole subtree", () => {
  const python = filterRuntimes(tree, new Set(["Python"]), true);
  expect(stacksOf(python)).toEqual([
    "app;main_[p];native;read_[k] 4",
    "app;main_[p];work_[p] 3",
    "app;work_[p];native2 2",
  ]);
});

test("runtime filter with every runtime keeps the tree", () => {
  const all = filterRuntimes(tree, new Set(["Python", "Kernel", "Other"]), false);
  expect(stacksOf(all)).toEqual(stacksOf(tree));
  expect(all.value).toBe(tree.value);
});

test("runtime filter on the golden flamegraph: Kernel-only samples are the stacks with a kernel frame", () => {
  const root = golden as FlameNode;
  const kernel = filterRuntimes(root, new Set(["Kernel"]), true);
  expect(kernel.value).toBeGreaterThan(0);
  expect(kernel.value).toBeLessThan(root.value);
  for (const process of kernel.children)
    for (const frame of process.children) expect(frame.language).toBe("Kernel");
});

test("weight: percentile thresholds come from the response, custom ones from the total", () => {
  const percentiles = { "50": "2", "75": "5", "95": "9", "99": "12" };
  expect(weightThreshold({ kind: "percentile", top: 25 }, 100, percentiles)).toBe(5);
  expect(weightThreshold({ kind: "percentile", top: 1 }, 100, percentiles)).toBe(12);
  expect(weightThreshold({ kind: "percentile", top: 5 }, 100, undefined)).toBeNull();
  expect(weightThreshold({ kind: "threshold", percent: 2.5 }, 200, percentiles)).toBe(5);
  expect(weightThreshold({ kind: "all" }, 100, percentiles)).toBeNull();
});

test("pruneBelow cuts thin frames, keeps the parents' values; countFramesAtLeast counts what stays", () => {
  const pruned = pruneBelow(tree, 4);
  expect(stacksOf(pruned)).toEqual([
    "app 3",
    "app;main_[p] 3",
    "app;main_[p];native;read_[k] 4",
    "kworker;sched_[k] 5",
  ]);
  expect(pruned.value).toBe(15);
  expect(countFramesAtLeast(tree, 4)).toBe(6);
  const truncated = treeOf("p;a;x_[t] 5\np;b 1");
  expect(countFramesAtLeast(truncated, 1)).toBe(3);
});

test("process filter includes or excludes level-1 frames and recomputes the root", () => {
  expect(filterProcesses(tree, { include: true, names: ["kworker"] }).value).toBe(5);
  expect(filterProcesses(tree, { include: false, names: ["kworker"] }).value).toBe(10);
  expect(processesOf(tree)).toEqual([
    { name: "app", value: 10 },
    { name: "kworker", value: 5 },
  ]);
});

test("applyFilters runs runtime → weight → processes and leaves the input alone", () => {
  const before = JSON.stringify(tree);
  const out = applyFilters(tree, undefined, {
    runtimes: ["Python"],
    mixedStacks: false,
    weight: { kind: "threshold", percent: 20 },
    processes: { include: true, names: ["app"] },
  });
  expect(stacksOf(out)).toEqual(["app 2", "app;main_[p] 4", "app;main_[p];work_[p] 3"]);
  expect(JSON.stringify(tree)).toBe(before);
});

test("a subtree fetched on zoom goes through the filters the whole tree went through", () => {
  const child = (node: FlameNode, name: string) => node.children.find((c) => c.name === name)!;
  const deeper = treeOf(`
    app;main_[p];native;read_[k] 4
    app;main_[p];native;helper_[p];x 6
    app;main_[p];work_[p] 3
    app;main_[p] 2
    app;native;work_[p];native2 2
    app;native 1
    kworker;sched_[k] 5
  `);
  for (const mixedStacks of [false, true]) {
    for (const runtimes of [["Python"], ["Kernel"], ["Python", "Other"]]) {
      const options = { runtimes, mixedStacks, weight: { kind: "all" as const }, processes: null };
      const filtered = applyFilters(deeper, undefined, options);
      const app = child(filtered, "app");
      // Zoomed into a process, and into a frame below it: the same children as filtering everything.
      const fromProcess = filterSubtree(child(deeper, "app"), [app], deeper, options);
      expect(stacksOf(fromProcess)).toEqual(stacksOf(app));
      const main = app.children.find((c) => c.name === "main");
      if (!main) continue;
      const fromMain = filterSubtree(child(child(deeper, "app"), "main"), [app, main], deeper, options);
      expect(stacksOf(fromMain), JSON.stringify(options)).toEqual(stacksOf(main));
      expect(fromMain.value).toBe(main.value);
    }
  }
  // A remainder of a pruned graph stays whatever the filter: it is what a zoom fetches.
  const pruned = treeOf("app;main_[p];x_[k] 5\napp;main_[p] 2");
  const main = child(child(pruned, "app"), "main");
  main.children.push({ name: "…", value: 3, children: [], rolledUp: 7 });
  main.value += 3;
  const kept = child(child(filterRuntimes(pruned, new Set(["Python"]), false), "app"), "main");
  expect(kept.children).toEqual([{ name: "…", value: 3, children: [], rolledUp: 7 }]);
  expect(kept.value).toBe(10);
  // A filtered-out runtime stays out of the zoomed subtree.
  const python = { runtimes: ["Python"], mixedStacks: false, weight: { kind: "all" as const }, processes: null };
  const app = child(applyFilters(deeper, undefined, python), "app");
  const zoomed = filterSubtree(child(deeper, "app"), [app], deeper, python);
  expect(JSON.stringify(zoomed)).not.toMatch(/"read"|"native"|"x"/);
  // The weight threshold comes from the whole tree, not the subtree.
  const weighted = { ...python, runtimes: null, weight: { kind: "threshold" as const, percent: 20 } };
  const heavy = filterSubtree(child(deeper, "app"), [child(deeper, "app")], deeper, weighted);
  expect(stacksOf(heavy)).toEqual(stacksOf(child(applyFilters(deeper, undefined, weighted), "app")));
});

test("an api answer goes through the filters; its search figures only when nothing is filtered", () => {
  const search = { matched: 4, own: 4, matches: 1, complete: true };
  const answer = { ...tree, name: "root" as const, exec_time: 0, olap_time: 0, percentiles: {}, search };
  const none = { runtimes: null, mixedStacks: true, weight: { kind: "all" as const }, processes: null };
  expect(filterAnswer(answer, [], tree, none).search).toEqual(search);
  const python = { ...none, runtimes: ["Python"] };
  const filtered = filterAnswer(answer, [], tree, python);
  expect(filtered.search).toBeUndefined();
  expect(stacksOf(filtered)).toEqual(stacksOf(applyFilters(tree, undefined, python)));
  const app = tree.children[0];
  const sub = filterAnswer({ ...answer, value: app.value, children: app.children }, [app], tree, none);
  expect(stacksOf(sub)).toEqual(stacksOf(app));
});

test("the process filter is written the short way round", () => {
  const all = ["a", "b", "c", "d"];
  expect(processFilterFor(all, ["a"])).toEqual({ include: true, names: ["a"] });
  expect(processFilterFor(all, ["a", "b", "c"])).toEqual({ include: false, names: ["d"] });
  expect(processFilterFor(all, all)).toBeNull();
  expect(processShown({ include: false, names: ["d"] }, "a")).toBe(true);
  expect(processShown(null, "x")).toBe(true);
});

test("legend clicks: only this one, back to all, or toggle", () => {
  expect(toggleRuntime(null, "Java")).toEqual(["Java"]);
  expect(toggleRuntime(["Java"], "Java")).toBeNull();
  expect(toggleRuntime(["Java"], "Python")).toEqual(["Python", "Java"]);
  expect(toggleRuntime(["Python", "Java"], "Java")).toEqual(["Python"]);
});
