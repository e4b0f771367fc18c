// The flamegraph tree as stacks with self counts: what every stack-based export format is made of
// (collapsed text, pprof samples, speedscope samples). Walked with an explicit stack, since trees can be
// 100k frames deep (indexer-flamedb.md §7.20).

/** A frame of the prepared graph (workers/core/src/flamegraph.ts): raw name, inclusive samples. */
export interface ExportFrame {
  name: string;
  samples: number;
  children: readonly ExportFrame[];
}

/**
 * `[frames root first, self samples]` for every frame whose children do not cover its value, children
 * before parents (BuildCollapsedFile's order).
 */
export function* selfStacks(roots: readonly ExportFrame[]): Generator<[readonly string[], number]> {
  const path: string[] = [];
  const stack: { frame: ExportFrame; nextChild: number }[] = [];
  for (const root of roots) {
    stack.push({ frame: root, nextChild: 0 });
    path.push(root.name);
    while (stack.length > 0) {
      const top = stack[stack.length - 1];
      const child = top.frame.children[top.nextChild++];
      if (child !== undefined) {
        stack.push({ frame: child, nextChild: 0 });
        path.push(child.name);
        continue;
      }
      const self = top.frame.children.reduce((rest, c) => rest - c.samples, top.frame.samples);
      if (self > 0) yield [path.slice(), self];
      stack.pop();
      path.pop();
    }
  }
}

/** The collapsed text (`frame;frame;… <self samples>` lines): Brendan Gregg's folded format. */
export function collapsedText(roots: readonly ExportFrame[]): string {
  let text = "";
  for (const [frames, self] of selfStacks(roots)) text += `${frames.join(";")} ${self}\n`;
  return text;
}
