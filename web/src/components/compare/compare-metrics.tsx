/**
 * The compare header's metrics table (A.4): Base / Compared / Difference rows of samples collected,
 * CPU and memory utilization, each side fetched for its own service and range.
 */
import { component$, useSignal, useVisibleTask$ } from "@builder.io/qwik";
import { errorMessage, fetchMetricsSummary, type ScopeParams } from "../../lib/api-client";
import { parseScope } from "../../lib/scope";
import { formatCount } from "../../lib/flame/format";
import { formatChange, formatPct, relativeChange } from "../../lib/metrics";
import type { MetricsSummary } from "../../lib/wire";

interface Props {
  /** lib/scope.ts keys of the base and the compared side. */
  base: string;
  compared: string;
  samples: [number | null, number | null];
}

type Side = MetricsSummary | null | { error: string };

/** ±% change; higher CPU or memory is marked worse, a sample count change is only shown. */
const ChangeCell = component$<{
  base: number | null | undefined;
  compared: number | null | undefined;
  neutral?: boolean;
}>((p) => {
  const change = relativeChange(p.base, p.compared);
  const up = change !== null && change > 0.05;
  const down = change !== null && change < -0.05;
  return (
    <td class={["numeric", { worse: !p.neutral && up, better: !p.neutral && down }]}>
      {formatChange(change)}
    </td>
  );
});

export const CompareMetrics = component$<Props>((props) => {
  const sides = useSignal<[Side, Side]>([null, null]);

  useVisibleTask$(async ({ track }) => {
    const scopes = [parseScope(track(() => props.base)), parseScope(track(() => props.compared))];
    if (!scopes[0] || !scopes[1]) return;
    const load = async (scope: ScopeParams): Promise<Side> => {
      try {
        return await fetchMetricsSummary(scope);
      } catch (err) {
        return { error: errorMessage(err) };
      }
    };
    sides.value = (await Promise.all([load(scopes[0]), load(scopes[1])])) as [Side, Side];
  });

  const [b, c] = sides.value.map((s) => (s && !("error" in s) ? s : null));
  const errors = sides.value.flatMap((s) => (s && "error" in s ? [s.error] : []));
  return (
    <table class="grid-table metrics-table" data-testid="compare-metrics">
      <thead>
        <tr>
          <th />
          <th class="numeric">Samples</th>
          <th class="numeric">CPU avg</th>
          <th class="numeric">CPU max</th>
          <th class="numeric">Memory avg</th>
          <th class="numeric">Memory max</th>
        </tr>
      </thead>
      <tbody>
        {(
          [
            ["Base", b, props.samples[0]],
            ["Compared", c, props.samples[1]],
          ] as const
        ).map(([label, m, samples]) => (
          <tr key={label} class={label === "Compared" ? "compared" : ""}>
            <th>{label}</th>
            <td class="numeric">{samples === null ? "—" : formatCount(samples)}</td>
            <td class="numeric">{formatPct(m?.avg_cpu)}</td>
            <td class="numeric">{formatPct(m?.max_cpu)}</td>
            <td class="numeric">{formatPct(m?.avg_memory)}</td>
            <td class="numeric">{formatPct(m?.max_memory)}</td>
          </tr>
        ))}
        <tr>
          <th>Difference</th>
          <ChangeCell base={props.samples[0]} compared={props.samples[1]} neutral />
          <ChangeCell base={b?.avg_cpu} compared={c?.avg_cpu} />
          <ChangeCell base={b?.max_cpu} compared={c?.max_cpu} />
          <ChangeCell base={b?.avg_memory} compared={c?.avg_memory} />
          <ChangeCell base={b?.max_memory} compared={c?.max_memory} />
        </tr>
      </tbody>
      {errors.length > 0 && (
        <caption class="muted small" data-testid="compare-metrics-error">
          Metrics unavailable: {errors[0]}
        </caption>
      )}
    </table>
  );
});
