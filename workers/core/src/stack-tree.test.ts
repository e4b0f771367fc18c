import { describe, expect, it } from "vitest";
import { ROOT, StackTree } from "./stack-tree";

const utf8 = (s: string) => new TextEncoder().encode(s);
/** The rows as separate objects (rows() updates one in place). */
const rowsOf = (tree: StackTree) => Array.from(tree.rows(), (row) => ({ ...row }));

/** Adds a frame under parent with a made-up 64-bit hash, as the parser would after hashing. */
function add(tree: StackTree, parent: number, name: string, hi: number, lo: number): number {
  const bytes = utf8(name);
  const frame = tree.frames.intern(bytes, 0, bytes.length);
  const known = tree.child(parent, frame);
  return known >= 0 ? known : tree.addChild(parent, frame, hi, lo);
}

describe("StackTree (§2.7)", () => {
  it("gives one row per (container, node) with decimal hashes and parent 0 for roots", () => {
    const tree = new StackTree();
    const web = tree.containerId("web"),
      none = tree.containerId("");
    const root = add(tree, ROOT, "python", 0, 1);
    const child = add(tree, root, "main_[p]", 0xffffffff, 0xffffffff);
    tree.count(web, root, 2);
    tree.count(web, child, 2);
    tree.count(none, root, 3);
    tree.count(web, root, 5);
    tree.count(none, root, 1);
    expect(tree.rowCount).toBe(3);
    expect(rowsOf(tree)).toEqual([
      { rawContainer: "web", hash: "1", parent: "0", name: "python", samples: 7 },
      { rawContainer: "web", hash: "18446744073709551615", parent: "1", name: "main_[p]", samples: 2 },
      { rawContainer: "", hash: "1", parent: "0", name: "python", samples: 4 },
    ]);
  });

  it("finds a known prefix by its parent and frame, without its hash", () => {
    const tree = new StackTree();
    const root = add(tree, ROOT, "a", 0, 1);
    expect(add(tree, ROOT, "a", 9, 9)).toBe(root);
    const under = add(tree, root, "a", 0, 2);
    expect(under).not.toBe(root);
    expect(tree.child(under, tree.frames.intern(utf8("b"), 0, 1))).toBe(-1);
  });

  it("keeps the last (name, parent) written for a hash reached by two paths", () => {
    const tree = new StackTree();
    const a = add(tree, ROOT, "a", 0, 10);
    const joined = add(tree, ROOT, "a:b", 0, 11);
    expect(add(tree, a, "b", 0, 11)).toBe(joined);
    tree.count(0, joined, 1);
    expect(rowsOf(tree)[0]).toMatchObject({ name: "b", parent: "10" });
    expect(add(tree, ROOT, "a:b", 0, 11)).toBe(joined);
    expect(rowsOf(tree)[0]).toMatchObject({ name: "a:b", parent: "0" });
    expect(tree.rowCount).toBe(1);
  });

  it("saturates counts at 2^32-1 in the first container and in others", () => {
    const tree = new StackTree();
    const node = add(tree, ROOT, "a", 0, 1);
    for (const container of [0, 0, 0, 1, 1, 1]) tree.count(container, node, 0xffffffff - 1);
    expect(rowsOf(tree).map((row) => row.samples)).toEqual([0xffffffff, 0xffffffff]);
  });

  it("grows past its initial capacity and pages", () => {
    const tree = new StackTree();
    let parent = ROOT;
    for (let i = 0; i < 40_000; i++) {
      parent = add(tree, parent, `f${i % 1000}`, i, i * 7919);
      tree.count(0, parent, 1);
    }
    const rows = rowsOf(tree);
    expect(rows).toHaveLength(40_000);
    expect(tree.frames.size).toBe(1000);
    expect(rows[39_999]).toMatchObject({ name: "f999", hash: String(39_999 * 2 ** 32 + 39_999 * 7919) });
    expect(rows[20_000].parent).toBe(rows[19_999].hash);
  });
});

describe("StackTree's budget", () => {
  it("refuses a new prefix rather than grow past maxBytes, counting a table's copy while it grows", () => {
    const budget = 3 << 20;
    const tree = new StackTree(budget);
    let added = 0;
    let peak = 0;
    for (let i = 0; i < 200_000; i++) {
      const node = add(tree, ROOT, `f${i}`, i, i);
      if (node < 0) break;
      added++;
      peak = Math.max(peak, tree.byteSize);
    }
    expect(tree.full).toBe(true);
    expect(added).toBeGreaterThan(10_000);
    expect(peak).toBeLessThanOrEqual(budget);
    // known prefixes are still found
    expect(tree.child(ROOT, tree.frames.intern(utf8("f1"), 0, 2))).toBe(1);
  });
});
