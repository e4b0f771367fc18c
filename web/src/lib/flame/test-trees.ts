/** Small trees for the flame module tests, written as collapsed stacks for readability. */
import type { FlameNode } from "../wire";

/** `proc;a_[p];b 3` lines → a tree like the api's (children sorted by name; `_[x]` suffixes split off). */
export function treeOf(lines: string, languages: Record<string, string> = {}): FlameNode {
  const root: FlameNode = { name: "root", value: 0, children: [] };
  for (const line of lines.trim().split("\n")) {
    const [stack, count] = line.trim().split(" ");
    const n = Number(count);
    root.value += n;
    let node = root;
    for (const frame of stack.split(";")) {
      const m = /^(.*?)(_\[\w+\])?$/.exec(frame)!;
      const name = m[1];
      const suffix = m[2];
      let child = node.children.find((c) => c.name === name && c.suffix === suffix);
      if (!child) {
        child = { name, value: 0, children: [], ...(suffix && { suffix }) };
        const language =
          languages[frame] ??
          (suffix === "_[p]"
            ? "Python"
            : suffix === "_[k]"
              ? "Kernel"
              : suffix === "_[j]"
                ? "Java"
                : undefined);
        if (language) child.language = language;
        node.children.push(child);
        node.children.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
      }
      child.value += n;
      node = child;
    }
  }
  return root;
}

/** Back to sorted `a;b n` lines of self samples, to compare trees as data. */
export function stacksOf(root: FlameNode): string[] {
  const out: string[] = [];
  const walk = (node: FlameNode, path: string[]) => {
    const self = node.value - node.children.reduce((s, c) => s + c.value, 0);
    if (self > 0 && path.length) out.push(`${path.join(";")} ${self}`);
    for (const c of node.children) walk(c, [...path, c.name + (c.suffix ?? "")]);
  };
  walk(root, []);
  return out.sort();
}
