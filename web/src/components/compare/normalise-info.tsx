/**
 * One line saying how the two sides were put on one scale (normalise.ts): per core-second with each side's
 * core-hours, by shares, or raw; and when a per-core-second request fell back to shares, why.
 */
import { component$, useStyles$, type NoSerialize } from "@builder.io/qwik";
import type { DiffSideInfo, FlamegraphDiffResponse } from "../../../../workers/core/src/wire/flamegraph-diff";
import { formatCount } from "../../lib/flame/format";
import styles from "./analysis.css?inline";

const side = (name: string, s: DiffSideInfo) =>
  `${name} ${formatCount(s.samples)} samples` +
  (s.coreSeconds
    ? ` on ${(s.coreSeconds / 3600).toFixed(1)} core-hours (${s.samplesPerCoreSecond!.toFixed(3)}/core-s)`
    : "");

export const NormaliseInfo = component$<{ diff: NoSerialize<FlamegraphDiffResponse> }>((props) => {
  useStyles$(styles);
  const d = props.diff;
  if (!d) return null;
  const how =
    d.normalize === "cores"
      ? `Per core-second of each side's machines (compared × ${d.factor.toPrecision(3)})`
      : d.normalize === "share"
        ? d.requested === "cores"
          ? "By share of each profile: a side has no agent records to count its cores"
          : "By share of each profile"
        : "Raw samples";
  return (
    <p class="normalise-info" data-testid="normalise-info" data-normalise={d.normalize}>
      {how}. {side("Base:", d.base)}; {side("compared:", d.compared)}.
    </p>
  );
});
