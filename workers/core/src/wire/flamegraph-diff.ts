// The body of GET /api/flamegraph/diff (ours, issue 9; workers/api/README.md), read by the compare page.
import type { DiffFrame, FunctionChanges } from "../flamegraph-diff";
import type { Normaliser } from "../normalise";

export interface DiffSideInfo {
  serviceName: string;
  startTime: string;
  endTime: string;
  /** `major.minor.patch` when the side is one agent version's hosts. */
  agentVersion: string | null;
  /** Samples of the side's flamegraph. */
  samples: number;
  /** Processors × seconds of the side's agents in the window; null when no agent record covers it. */
  coreSeconds: number | null;
  samplesPerCoreSecond: number | null;
}

export interface FlamegraphDiffResponse {
  /** The normaliser applied; `cores` falls back to `share` when a side's core-seconds are unknown. */
  normalize: Normaliser;
  requested: Normaliser;
  /** The compared side's samples × factor = base units. */
  factor: number;
  base: DiffSideInfo;
  compared: DiffSideInfo;
  functions: FunctionChanges;
  tree: DiffFrame;
}
