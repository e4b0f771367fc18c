// How the differential flamegraph puts two profiles on one scale (ours, issue 9). The compared side's
// samples are multiplied by one factor so both read in the base's units:
// - cores: per core-second of the fleet that produced them (cores from the agents' machines, Postgres
//   profiler_processes × machines.processors over the window), so autoscaling or a longer window does
//   not look like a code regression;
// - share: each side to its own total (the compare page's earlier behaviour; the fallback when a side's
//   core-seconds are unknown, e.g. profiles older than the agents' records);
// - raw: sample counts as they are.

export const NORMALISERS = ["cores", "share", "raw"] as const;
export type Normaliser = (typeof NORMALISERS)[number];

export interface SideTotals {
  /** Samples of the side's profile. */
  samples: number;
  /** Core-seconds its agents' machines ran in the window; null when unknown. */
  coreSeconds: number | null;
}

export interface Scale {
  /** What was applied: `cores` falls back to `share` when a side has no core-seconds. */
  normalise: Normaliser;
  /** The compared side's samples × this = base units. */
  factor: number;
}

export function compareScale(requested: Normaliser, base: SideTotals, compared: SideTotals): Scale {
  if (requested === "raw") return { normalise: "raw", factor: 1 };
  if (requested === "cores" && base.coreSeconds! > 0 && compared.coreSeconds! > 0)
    return { normalise: "cores", factor: base.coreSeconds! / compared.coreSeconds! };
  // An empty side has no share to scale: the other is compared against nothing either way.
  const factor = base.samples > 0 && compared.samples > 0 ? base.samples / compared.samples : 1;
  return { normalise: "share", factor };
}

/** Samples per core-second, the unit the `cores` normaliser compares in; null when unknown. */
export const samplesPerCoreSecond = (samples: number, coreSeconds: number | null) =>
  coreSeconds && coreSeconds > 0 ? samples / coreSeconds : null;
