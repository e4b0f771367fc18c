// Test-only: flamegraph trees written as collapsed stacks, and the golden flamegraph's stacks as lines.
import type { FlameGraphFrame } from "./wire/flamegraph";
import { readTestdataText } from "./test-utils";

/** `proc;a_[p];b 3` lines → a tree shaped like the api's (`_[x]` suffixes split off, children by name). */
export function treeOf(lines: string): FlameGraphFrame {
  const root: FlameGraphFrame = { name: "root", value: 0, children: [] };
  for (const line of lines.trim().split("\n")) {
    const at = line.trim().lastIndexOf(" ");
    const n = Number(line.trim().slice(at + 1));
    root.value += n;
    let node = root;
    for (const frame of line.trim().slice(0, at).split(";")) {
      const [, name, suffix] = /^(.*?)(_\[\w+\])?$/.exec(frame)!;
      let child = node.children.find((c) => c.name === name && c.suffix === suffix);
      if (!child) {
        child = { name, value: 0, children: [], ...(suffix && { suffix }) };
        node.children.push(child);
        node.children.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
      }
      child.value += n;
      node = child;
    }
  }
  return root;
}

/** The golden test_stackfile: its flamegraph (indexer-flamedb.md §5.6) and its stacks as frame lists. */
export function goldenProfile() {
  const tree = JSON.parse(readTestdataText("golden/test_stackfile.flamegraph.json")) as FlameGraphFrame;
  const stacks = readTestdataText("golden/test_stackfile.collapsed.sorted.txt")
    .split("\n")
    .filter(Boolean)
    .map((line) => {
      const at = line.lastIndexOf(" ");
      return { frames: line.slice(0, at).split(";"), count: Number(line.slice(at + 1)) };
    });
  return { tree, stacks };
}
