/** Colours and tooltip of the differential flamegraph (lib/flame/diff.ts), loaded with the chart. */
import type { FlameNode } from "../../lib/wire";
import { deltaPoints, diffColor, maxDelta, type DiffNode } from "../../lib/flame/diff";
import { formatCount, frameLabel } from "../../lib/flame/format";
import type { DrawOptions } from "./draw";

const pct = (share: number) => `${(100 * share).toFixed(2)}%`;

export function diffStyle(tree: FlameNode): Pick<DrawOptions, "color" | "facts"> {
  const max = maxDelta(tree as DiffNode);
  return {
    color: (node, depth) => (depth === 0 ? "#373A4A" : diffColor(deltaPoints(node as DiffNode), max)),
    facts: (node, depth) => {
      const d = node as DiffNode;
      const delta = deltaPoints(d);
      return {
        name: frameLabel(node, depth),
        runtime: depth === 0 ? "" : `${delta >= 0 ? "+" : "−"}${Math.abs(delta).toFixed(2)} pp`,
        swatch: diffColor(delta, max),
        rows: [
          ["Base", `${pct(d.baseShare)} · ${formatCount(d.base)} samples`],
          ["Compared", `${pct(d.comparedShare)} · ${formatCount(d.compared)} samples`],
        ],
      };
    },
  };
}
