import { describe, expect, it } from "vitest";
import { frameKey } from "./edge-cache";
import { ROOT, StackTree } from "./stack-tree";

const utf8 = (s: string) => new TextEncoder().encode(s);

/** Adds a frame under parent with a made-up 64-bit hash, as the parser would after hashing. */
function add(tree: StackTree, parent: number, name: string, hi: number, lo: number): number {
  const bytes = utf8(name);
  const key = frameKey(bytes, 0, bytes.length);
  return tree.child(parent, key, bytes, 0, bytes.length) >= 0
    ? tree.child(parent, key, bytes, 0, bytes.length)
    : tree.addChild(parent, key, bytes, 0, bytes.length, hi, lo);
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
    expect(tree.rowCount).toBe(3);
    expect([...tree.rows()]).toEqual([
      { rawContainer: "web", hash: "1", parent: "0", name: "python", samples: 7 },
      { rawContainer: "web", hash: "18446744073709551615", parent: "1", name: "main_[p]", samples: 2 },
      { rawContainer: "", hash: "1", parent: "0", name: "python", samples: 3 },
    ]);
  });

  it("keeps the last (name, parent) written for a hash reached by two paths", () => {
    const tree = new StackTree();
    const a = add(tree, ROOT, "a", 0, 10);
    const joined = add(tree, ROOT, "a:b", 0, 11);
    expect(add(tree, a, "b", 0, 11)).toBe(joined);
    tree.count(0, joined, 1);
    expect([...tree.rows()][0]).toMatchObject({ name: "b", parent: "10" });
    expect(add(tree, ROOT, "a:b", 0, 11)).toBe(joined);
    expect([...tree.rows()][0]).toMatchObject({ name: "a:b", parent: "0" });
  });

  it("grows past its initial capacity", () => {
    const tree = new StackTree();
    let parent = ROOT;
    for (let i = 0; i < 5000; i++) {
      parent = add(tree, parent, `f${i}`, i, i * 7919);
      tree.count(0, parent, 1);
    }
    const rows = [...tree.rows()];
    expect(rows).toHaveLength(5000);
    expect(rows[4999]).toMatchObject({ name: "f4999", hash: String(4999 * 2 ** 32 + 4999 * 7919) });
  });
});
