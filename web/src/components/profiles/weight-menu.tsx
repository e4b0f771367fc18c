/**
 * The weight filter (A.3.1): all frames, the top 50/25/5/1 percentile of frame weights with estimated
 * frame counts (hidden when the response has no percentiles), or a custom threshold 0–20 % of samples.
 */
import { component$, useComputed$, type NoSerialize, type QRL } from "@builder.io/qwik";
import type { FlamegraphResponse } from "../../lib/wire";
import type { WeightFilter } from "../../lib/profiles-query";
import { countFramesAtLeast, weightThreshold } from "../../lib/flame/filters";
import { formatCount } from "../../lib/flame/format";
import { Dropdown } from "../ui/dropdown";

const TOPS = [50, 25, 5, 1] as const;

export function weightLabel(weight: WeightFilter): string {
  if (weight.kind === "percentile") return `Weight: Top ${weight.top}th Percentile`;
  if (weight.kind === "threshold") return `Weight: ${weight.percent}% - 100%`;
  return "Weight";
}

interface Props {
  tree: NoSerialize<FlamegraphResponse>;
  weight: WeightFilter;
  onChange$: QRL<(weight: WeightFilter) => void>;
}

export const WeightMenu = component$<Props>((props) => {
  const counts = useComputed$(() => {
    const tree = props.tree;
    if (!tree) return null;
    const percentiles = tree.percentiles && Object.keys(tree.percentiles).length ? tree.percentiles : null;
    return {
      all: countFramesAtLeast(tree, 0),
      tops: percentiles
        ? TOPS.map((top) => ({
            top,
            frames: countFramesAtLeast(
              tree,
              weightThreshold({ kind: "percentile", top }, tree.value, percentiles) ?? 0,
            ),
          }))
        : [],
    };
  });
  const w = props.weight;
  const custom = w.kind === "threshold" ? w.percent : 1;
  return (
    <Dropdown label={weightLabel(w)} testId="weight-menu" active={w.kind !== "all"} disabled={!props.tree}>
      <div class="radio-list">
        <label class="check">
          <input
            type="radio"
            name="weight"
            checked={w.kind === "all"}
            onChange$={() => props.onChange$({ kind: "all" })}
          />
          <span>All{counts.value ? ` (${formatCount(counts.value.all)} frames)` : ""}</span>
        </label>
        {counts.value?.tops.map(({ top, frames }) => (
          <label key={top} class="check">
            <input
              type="radio"
              name="weight"
              checked={w.kind === "percentile" && w.top === top}
              onChange$={() => props.onChange$({ kind: "percentile", top })}
            />
            <span>
              P{top} <span class="muted">(~{formatCount(frames)} frames)</span>
            </span>
          </label>
        ))}
        <label class="check">
          <input
            type="radio"
            name="weight"
            checked={w.kind === "threshold"}
            onChange$={() => props.onChange$({ kind: "threshold", percent: custom })}
          />
          <span>Custom</span>
        </label>
        {w.kind === "threshold" && (
          <label class="slider">
            <input
              type="range"
              min="0.1"
              max="20"
              step="0.1"
              value={custom}
              data-testid="weight-threshold"
              onChange$={(_, el) => props.onChange$({ kind: "threshold", percent: Number(el.value) })}
            />
            <span>{custom}% – 100%</span>
          </label>
        )}
      </div>
    </Dropdown>
  );
});
