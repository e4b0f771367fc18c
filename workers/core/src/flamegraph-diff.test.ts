import { describe, expect, it } from "vitest";
import {
  DIFF_SCALE,
  diffFlamegraphs,
  functionChanges,
  functionSides,
  sideOf,
  type DiffFrame,
} from "./flamegraph-diff";
import { compareScale } from "./normalise";
import { goldenProfile, treeOf } from "./test-trees";

const base = treeOf(`
  app;main;a;x 50
  app;main;b 40
  app;main;gone 10
`);
// Twice the samples on twice the cores: `a` grew, `b` shrank, `gone` went, `c` came.
const compared = treeOf(`
  app;main;a;x 150
  app;main;b 30
  app;main;c 20
`);

const find = (root: DiffFrame, path: string[]) =>
  path.reduce<DiffFrame | undefined>((n, name) => n?.children.find((c) => c.name === name), root)!;

describe("diffFlamegraphs", () => {
  it("merges by path, keeps raw samples and scales the compared side into base units", () => {
    const d = diffFlamegraphs(base, compared, 0.5);
    expect([d.base, d.compared, d.baseShare, d.comparedShare]).toEqual([100, 200, 1, 1]);
    const a = find(d, ["app", "main", "a"]);
    expect([a.base, a.compared, a.baseShare, a.comparedShare]).toEqual([50, 150, 0.5, 0.75]);
    expect(a.value).toBeCloseTo(0.625 * DIFF_SCALE);
    expect(find(d, ["app", "main", "gone"]).comparedShare).toBe(0);
    expect(find(d, ["app", "main", "c"]).baseShare).toBe(0);
    expect(find(d, ["app", "main"]).children.map((c) => c.name)).toEqual(["a", "b", "c", "gone"]);
  });

  it("merges sibling frames of one side that have the same name and suffix", () => {
    const twice: typeof base = {
      name: "root",
      value: 5,
      children: [
        {
          name: "p",
          value: 5,
          children: [
            { name: "f", value: 2, children: [{ name: "g", value: 2, children: [] }] },
            { name: "f", value: 3, children: [{ name: "g", value: 1, children: [] }] },
          ],
        },
      ],
    };
    const d = diffFlamegraphs(twice, treeOf("p;f;g 4"), 1);
    expect(find(d, ["p", "f"])).toMatchObject({ base: 5, compared: 4 });
    expect(find(d, ["p", "f", "g"])).toMatchObject({ base: 3, compared: 4 });
  });

  it("with raw counts a bigger window looks like growth everywhere", () => {
    const d = diffFlamegraphs(base, compared, 1);
    expect(find(d, ["app", "main", "b"]).comparedShare).toBe(0.3);
    expect(d.comparedShare).toBe(2);
  });

  it("measures against the compared side when the base is empty", () => {
    const d = diffFlamegraphs({ name: "root", value: 0, children: [] }, compared, 1);
    expect([d.baseShare, d.comparedShare, find(d, ["app", "main", "c"]).comparedShare]).toEqual([0, 1, 0.1]);
  });

  it("gives each side back unchanged (golden flamegraph)", () => {
    const { tree } = goldenProfile();
    const other = treeOf("python;main_[p];foo_[p] 3");
    const d = diffFlamegraphs(tree, other, 1);
    const strip = ({ name, value, children, suffix, language, specialType }: typeof tree): unknown => ({
      name,
      value,
      ...(suffix !== undefined && { suffix }),
      ...(language !== undefined && { language }),
      ...(specialType !== undefined && { specialType }),
      children: children.map(strip),
    });
    expect(sideOf(d, "base")).toEqual(strip(tree));
    expect(sideOf(d, "compared")).toEqual(other);
  });
});

describe("functionChanges", () => {
  it("lists added and removed functions and the top growers and shrinkers by total and self", () => {
    const factor = compareScale(
      "cores",
      { samples: 100, coreSeconds: 3600 },
      { samples: 200, coreSeconds: 7200 },
    ).factor;
    const changes = functionChanges(diffFlamegraphs(base, compared, factor), factor);
    const keys = (list: { key: string; totalDelta: number }[]) => list.map((r) => `${r.key} ${r.totalDelta}`);
    expect(keys(changes.added)).toEqual(["c 10"]);
    expect(keys(changes.removed)).toEqual(["gone -10"]);
    expect([changes.addedCount, changes.removedCount]).toEqual([1, 1]);
    expect(keys(changes.growers.total)).toEqual(["a 25", "x 25", "c 10"]);
    expect(keys(changes.shrinkers.total)).toEqual(["b -25", "gone -10"]);
    expect(changes.growers.self.map((r) => `${r.key} ${r.selfDelta}`)).toEqual(["x 25", "c 10"]);
    expect(changes.shrinkers.self.map((r) => r.key)).toEqual(["b", "gone"]);
    expect(changes.growers.total[0]).toMatchObject({
      base: { total: 50, self: 0 },
      compared: { total: 150, self: 0 },
    });
  });

  it("counts a recursive function once per stack and leaves processes out", () => {
    const rec = treeOf(`
      app;f;g;f 4
      app;f 1
      other;f 2
    `);
    const rows = functionSides(diffFlamegraphs(rec, rec, 1), 1);
    const f = rows.find((r) => r.key === "f")!;
    const g = rows.find((r) => r.key === "g")!;
    expect([f.base.total, f.base.self, f.totalDelta]).toEqual([7, 7, 0]);
    expect([g.base.total, g.base.self]).toEqual([4, 0]);
    expect(rows.map((r) => r.key).sort()).toEqual(["f", "g"]);
  });

  it("caps each list and keeps the counts", () => {
    const many = treeOf(Array.from({ length: 30 }, (_, i) => `app;m;fn${i} ${i + 1}`).join("\n"));
    const changes = functionChanges(diffFlamegraphs({ name: "root", value: 0, children: [] }, many, 1), 1, 5);
    expect(changes.added.map((r) => r.key)).toEqual(["m", "fn29", "fn28", "fn27", "fn26"]);
    expect(changes.addedCount).toBe(31);
  });
});

describe("compareScale", () => {
  const b = { samples: 1000, coreSeconds: 36_000 };
  const c = { samples: 3000, coreSeconds: 72_000 };
  it("scales by core-seconds, by totals or not at all", () => {
    expect(compareScale("cores", b, c)).toEqual({ normalise: "cores", factor: 0.5 });
    expect(compareScale("share", b, c)).toEqual({ normalise: "share", factor: 1000 / 3000 });
    expect(compareScale("raw", b, c)).toEqual({ normalise: "raw", factor: 1 });
  });
  it("falls back to shares when a side's core-seconds are unknown, and to 1 when a side is empty", () => {
    expect(compareScale("cores", b, { ...c, coreSeconds: null })).toEqual({
      normalise: "share",
      factor: 1 / 3,
    });
    expect(compareScale("cores", b, { samples: 0, coreSeconds: 0 })).toEqual({
      normalise: "share",
      factor: 1,
    });
  });
});
