// A flamegraph as a speedscope file (https://www.speedscope.app/file-format-schema.json): one
// "sampled" profile over shared frames, one sample (frame indexes, root first) per stack with self
// samples, weighted by them. Unit "none": the weights are sample counts, not times.
import { selfStacks, type ExportFrame } from "./export-stacks";

export const SPEEDSCOPE_SCHEMA = "https://www.speedscope.app/file-format-schema.json";

export interface SpeedscopeFile {
  $schema: typeof SPEEDSCOPE_SCHEMA;
  shared: { frames: { name: string }[] };
  profiles: {
    type: "sampled";
    name: string;
    unit: "none";
    startValue: number;
    endValue: number;
    samples: number[][];
    weights: number[];
  }[];
  name: string;
  activeProfileIndex: number;
  exporter: string;
}

export function speedscopeFile(roots: readonly ExportFrame[], name: string): SpeedscopeFile {
  const frames: { name: string }[] = [];
  const index = new Map<string, number>();
  const frameIndex = (frame: string) => {
    let i = index.get(frame);
    if (i === undefined) {
      i = frames.push({ name: frame }) - 1;
      index.set(frame, i);
    }
    return i;
  };
  const samples: number[][] = [];
  const weights: number[] = [];
  for (const [stack, self] of selfStacks(roots)) {
    samples.push(stack.map(frameIndex));
    weights.push(self);
  }
  const total = weights.reduce((sum, w) => sum + w, 0);
  return {
    $schema: SPEEDSCOPE_SCHEMA,
    shared: { frames },
    profiles: [{ type: "sampled", name, unit: "none", startValue: 0, endValue: total, samples, weights }],
    name,
    activeProfileIndex: 0,
    exporter: "Performance Studio",
  };
}
