import { expect, test } from "vitest";
import { compareRows, sortCompareRows, deltaPoints, diffColor, maxDelta, type DiffNode } from "./diff";
import { DIFF_SCALE, diffFlamegraphs } from "../../../../workers/core/src/flamegraph-diff";
import { functionTable } from "./table";
import { treeOf } from "./test-trees";

const base = treeOf(`
  app;a;x 50
  app;b 50
`);
// Twice the samples; `a` grew from 50% to 75%, `b` shrank, `c` is new.
const compared = treeOf(`
  app;a;x 150
  app;b 30
  app;c 20
`);

/** Each profile to its own total, as the `share` normaliser does. */
const diffTrees = (a: typeof base, b: typeof base) => diffFlamegraphs(a, b, a.value / b.value);

const find = (root: DiffNode, path: string[]) =>
  path.reduce<DiffNode | undefined>((n, name) => n?.children.find((c) => c.name === name), root)!;

test("frames are merged by path and compared by their share of each profile", () => {
  const diff = diffTrees(base, compared);
  expect(diff.base).toBe(100);
  expect(diff.compared).toBe(200);
  expect(deltaPoints(find(diff, ["app", "a"]))).toBeCloseTo(25);
  expect(deltaPoints(find(diff, ["app", "b"]))).toBeCloseTo(-35);
  expect(find(diff, ["app", "c"])).toMatchObject({ base: 0, compared: 20, baseShare: 0, comparedShare: 0.1 });
  expect(deltaPoints(find(diff, ["app"]))).toBeCloseTo(0);
});

test("widths are the mean share, so parents contain their children and vanished frames stay visible", () => {
  const diff = diffTrees(base, compared);
  expect(diff.value).toBeCloseTo(DIFF_SCALE);
  const app = find(diff, ["app"]);
  const sum = app.children.reduce((s, c) => s + c.value, 0);
  expect(sum).toBeLessThanOrEqual(app.value + 1e-6);
  const gone = diffTrees(compared, base);
  expect(find(gone, ["app", "c"]).value).toBeGreaterThan(0);
});

test("colours: red for growth, blue for shrinkage, near-white for none", () => {
  const diff = diffTrees(base, compared);
  const max = maxDelta(diff);
  expect(max).toBeCloseTo(35);
  expect(diffColor(35, max)).toBe("rgb(229, 57, 53)");
  expect(diffColor(-35, max)).toBe("rgb(30, 110, 220)");
  expect(diffColor(0, max)).toBe("rgb(242, 242, 242)");
});

test("compare rows join functions of both profiles", () => {
  const rows = compareRows(functionTable(base), base.value, functionTable(compared), compared.value);
  const byKey = Object.fromEntries(rows.map((r) => [r.key, r]));
  expect(byKey.a.totalDelta).toBeCloseTo(25);
  expect(byKey.c.base).toBeNull();
  expect(byKey.c.totalDelta).toBeCloseTo(10);
  expect(byKey.x.selfDelta).toBeCloseTo(25);
});

test("compare rows sort by change, growth first", () => {
  const rows = compareRows(functionTable(base), base.value, functionTable(compared), compared.value);
  expect(sortCompareRows(rows, "delta", true).map((r) => r.key)).toEqual(["a", "x", "c", "b"]);
  expect(sortCompareRows(rows, "delta", false)[0].key).toBe("b");
  expect(sortCompareRows(rows, "compared", true)[0].key).toBe("a");
});
