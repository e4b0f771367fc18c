import { describe, expect, it } from "vitest";
import { flameGraphResponse, prepareMergedGraph, type FrameAggregate } from "./flamegraph";
import {
  addFound,
  attachRemainders,
  findFrame,
  pruneFlameGraph,
  REMAINDER_NAME,
  searchSummary,
} from "./flamegraph-prune";
import type { FlameGraphFrame } from "./wire/flamegraph";

/**
 * A flamegraph as the api builds it (prepareMergedGraph → flameGraphResponse with hashes) from `stacks`
 * random stacks of up to 12 frames over a small vocabulary, so prefixes are shared and fan out.
 */
function randomGraph(stacks: number, seed: number): FlameGraphFrame {
  let x = seed;
  const rand = (n: number) => ((x = (x * 1103515245 + 12345) % 2 ** 31), x % n);
  const rows = new Map<string, FrameAggregate>();
  for (let i = 0; i < stacks; i++) {
    const samples = 1 + rand(50);
    let parent = "0";
    for (let depth = 0, n = 1 + rand(12); depth < n; depth++) {
      const name = `fn${rand(depth < 2 ? 3 : 6)}_[p]`;
      const hash = String(rows.size + 1);
      const key = `${parent};${name}`;
      const row = rows.get(key) ?? { hash, name, parent, samples: 0 };
      row.samples += samples;
      rows.set(key, row);
      parent = row.hash;
    }
  }
  const graph = prepareMergedGraph([...rows.values()], { stacksNum: rows.size, lang: true });
  const { name, value, children } = flameGraphResponse(graph, { execTime: 0, olapTime: 0 }, { hashes: true });
  return { name, value, children };
}

function* frames(root: FlameGraphFrame): Generator<FlameGraphFrame> {
  const todo = [root];
  for (let f = todo.pop(); f !== undefined; f = todo.pop()) {
    yield f;
    todo.push(...f.children);
  }
}

const sum = (xs: readonly FlameGraphFrame[]) => xs.reduce((s, f) => s + f.value, 0);
const real = (root: FlameGraphFrame) => [...frames(root)].filter((f) => f.rolledUp === undefined);

describe("pruneFlameGraph", () => {
  const full = randomGraph(3000, 7);

  it.each([
    [50, 0],
    [500, 0],
    [100_000, full.value * 0.01],
    [300, full.value * 0.002],
  ])("keeps the widest frames (maxNodes %i, minValue %d) and rolls the rest up", (maxNodes, minValue) => {
    const pruned = pruneFlameGraph(full, { maxNodes, minValue });
    const kept = real(pruned).slice(1);
    expect(kept.length).toBeLessThanOrEqual(maxNodes);
    expect(kept.every((f) => f.value >= minValue)).toBe(true);
    // Nothing is lost: every dropped frame is counted by its siblings' remainder, every level sums up.
    for (const frame of frames(pruned)) {
      if (frame.rolledUp !== undefined) {
        expect(frame.name).toBe(REMAINDER_NAME);
        expect(frame.children).toEqual([]);
        continue;
      }
      const original = frame === pruned ? full : findFrame(full, frame.hash!)!;
      expect(frame.value).toBe(original.value);
      expect(sum(frame.children)).toBe(sum(original.children));
      const remainders = frame.children.filter((c) => c.rolledUp !== undefined);
      expect(remainders.length).toBeLessThanOrEqual(1);
      const dropped = original.children.length - (frame.children.length - remainders.length);
      expect(remainders[0]?.rolledUp ?? 0).toBe(dropped);
    }
    // Best-first: no rolled-up frame (whose parent was kept) is wider than the narrowest kept frame,
    // unless minValue alone dropped it.
    const narrowest = Math.min(...kept.map((f) => f.value));
    for (const frame of real(pruned)) {
      const original = frame === pruned ? full : findFrame(full, frame.hash!)!;
      const keptHashes = new Set(frame.children.map((c) => c.hash));
      for (const child of original.children)
        if (!keptHashes.has(child.hash))
          expect(child.value <= narrowest || child.value < minValue).toBe(true);
    }
  });

  it("keeps sibling order and the frames' fields", () => {
    const pruned = pruneFlameGraph(full, { maxNodes: 1_000_000, minValue: 0 });
    expect(pruned).toEqual(full);
    expect(pruned).not.toBe(full);
  });

  it("a subtree fetched on zoom matches the full tree's subtree, with more detail than the first view", () => {
    const first = pruneFlameGraph(full, { maxNodes: 200, minValue: full.value * 0.005 });
    const zoomed = real(first).find((f) => f.hash && f.children.some((c) => c.rolledUp))!;
    expect(zoomed).toBeDefined();
    const fromFull = findFrame(full, zoomed.hash!)!;
    // Unpruned, the zoom fetch is exactly the full tree's subtree.
    expect(pruneFlameGraph(fromFull, { maxNodes: 1e9, minValue: 0 })).toEqual(fromFull);
    // Pruned relative to the zoomed frame, it holds every frame the first view showed under it.
    const sub = pruneFlameGraph(fromFull, { maxNodes: 200, minValue: fromFull.value * 0.005 });
    expect(sub.value).toBe(zoomed.value);
    const detailed = new Map(real(sub).map((f) => [f.hash, f.value]));
    for (const frame of real(zoomed)) expect(detailed.get(frame.hash)).toBe(frame.value);
    expect(detailed.size).toBeGreaterThan(real(zoomed).length);
  });

  it("handles a root without children and stacks deeper than the recursion limit", () => {
    expect(pruneFlameGraph({ name: "root", value: 0, children: [] }, { maxNodes: 10, minValue: 0 })).toEqual({
      name: "root",
      value: 0,
      children: [],
    });
    const deep: FlameGraphFrame = { name: "root", value: 1, children: [] };
    let tip = deep;
    for (let i = 0; i < 100_000; i++) tip = tip.children[0] = { name: `f${i}`, value: 1, children: [] };
    const pruned = pruneFlameGraph(deep, { maxNodes: 50_000, minValue: 0 });
    expect(real(pruned).length).toBe(50_001);
    const last = real(pruned).pop()!;
    expect(last.children).toEqual([{ name: REMAINDER_NAME, value: 1, children: [], rolledUp: 1 }]);
  });
});

describe("attachRemainders", () => {
  it("adds the frames a query left out, and pruning merges them with its own remainders", () => {
    const graph: FlameGraphFrame = {
      name: "root",
      value: 10,
      children: [
        { name: "a", hash: "1", value: 6, children: [{ name: "b", hash: "2", value: 3, children: [] }] },
        { name: "c", hash: "3", value: 4, children: [] },
      ],
    };
    attachRemainders(
      graph,
      new Map([
        ["0", { value: 2, count: 5 }],
        ["1", { value: 1, count: 2 }],
      ]),
    );
    expect(graph.value).toBe(12);
    expect(graph.children[2]).toEqual({ name: REMAINDER_NAME, value: 2, children: [], rolledUp: 5 });
    expect(graph.children[0].children[1]).toEqual({
      name: REMAINDER_NAME,
      value: 1,
      children: [],
      rolledUp: 2,
    });
    const pruned = pruneFlameGraph(graph, { maxNodes: 1, minValue: 0 });
    expect(pruned.children).toEqual([
      {
        name: "a",
        hash: "1",
        value: 6,
        children: [{ name: REMAINDER_NAME, value: 4, children: [], rolledUp: 3 }],
      },
      { name: REMAINDER_NAME, value: 6, children: [], rolledUp: 6 },
    ]);
  });
});

describe("a search's frames", () => {
  it("join the wide ones out of the remainders, are kept however narrow, and are counted top-most", () => {
    // a (wide) > b (wide) > c (match) > e (match, nested); a > d (match); b also has an unfound sibling.
    const row = (hash: string, parent: string, samples: number) => ({ hash, name: `f${hash}`, parent, samples });
    const wide = [row("1", "0", 12), row("2", "1", 9)];
    const rolledUp = new Map([
      ["1", { value: 1, count: 1 }], // d
      ["2", { value: 4, count: 2 }], // c and one never found
    ]);
    const below = (value: number, count: number) => ({ below: { value, count } });
    const found = [
      { ...row("3", "2", 3), ...below(1, 1) },
      { ...row("5", "3", 1), ...below(0, 0) },
      { ...row("4", "1", 1), ...below(0, 0) },
    ];
    const added = addFound(wide, rolledUp, found, ["3", "4", "5"]);
    expect([...added.rolledUp]).toEqual([["2", { value: 1, count: 1 }]]);
    expect([...added.keep].sort()).toEqual(["1", "2", "3", "4", "5"]);

    const graph = prepareMergedGraph(added.frames, { stacksNum: added.frames.length, lang: false });
    const full = flameGraphResponse(graph, { execTime: 0, olapTime: 0 }, { hashes: true });
    attachRemainders(full, added.rolledUp);
    // c (3) and d (1) are top-most; own: c's 2, e's 1, d's 1.
    expect(searchSummary(full, new Set(["3", "4", "5"]))).toEqual({ matched: 4, own: 4 });
    const pruned = pruneFlameGraph(full, { maxNodes: 1, minValue: 5, keep: added.keep });
    expect(real(pruned).map((f) => f.hash).filter(Boolean).sort()).toEqual(["1", "2", "3", "4", "5"]);
    expect(sum(findFrame(pruned, "2")!.children)).toBe(4);
    // Without `keep`, the same pruning rolls them up.
    const plain = pruneFlameGraph(full, { maxNodes: 1, minValue: 5 });
    expect(real(plain).map((f) => f.hash).filter(Boolean)).toEqual(["1"]);
  });
});

describe("findFrame", () => {
  it("finds a frame by hash, or null", () => {
    const full = randomGraph(200, 3);
    const some = real(full)[17];
    expect(findFrame(full, some.hash!)).toBe(some);
    expect(findFrame(full, "999999999")).toBeNull();
  });
});
