/**
 * The metrics panel (A.3.9): samples, CPU and memory trend and utilization, nodes, cores, instance types,
 * for the selected service, range and tag filter. It can be collapsed (`mp=0`). Each figure is fetched
 * on its own, so one failing route shows as unavailable without hiding the others.
 */
import { component$, useSignal, useVisibleTask$, type QRL } from "@builder.io/qwik";
import {
  errorMessage,
  fetchCpuTrend,
  fetchInstanceTypes,
  fetchMetricsSummary,
  fetchNodesCoresSummary,
} from "../../lib/api-client";
import { parseScope } from "../../lib/scope";
import { formatCount } from "../../lib/flame/format";
import {
  formatAverage,
  formatUtilization,
  instanceShares,
  instanceSummary,
  trendOf,
  trendText,
  type Trend,
} from "../../lib/metrics";
import type { CpuTrend, InstanceTypeCount, MetricsSummary, NodesCoresSummary } from "../../lib/wire";

interface Props {
  /** lib/scope.ts key of the service, range and tag filter. */
  scope: string;
  ignoreZeros: boolean;
  samples: number | null;
  open: boolean;
  onToggle$: QRL<(open: boolean) => void>;
  /** Instance types are hidden while a tag filter is active (A.3.9). */
  filtered: boolean;
  /**
   * False while the page's flamegraph is being fetched: the panel asks after it, so the chart, the
   * page's main answer, is not queued behind four metrics queries (a ClickHouse node answers them on
   * the same cores; the local one, one at a time).
   */
  graphSettled: boolean;
}

type Loaded<T> = { kind: "loading" } | { kind: "ok"; value: T | null } | { kind: "error"; message: string };

async function settle<T>(promise: Promise<T | null>): Promise<Loaded<T>> {
  try {
    return { kind: "ok", value: await promise };
  } catch (err) {
    return { kind: "error", message: errorMessage(err) };
  }
}

const TrendPill = component$<{ label: string; trend: Trend | null; what: string; state: string }>((props) => {
  const t = props.trend;
  return (
    <div class="pill" title={t ? trendText(t, props.what) : props.state}>
      <span class="pill-label">{props.label}</span>
      {t ? (
        <span class={["pill-value", t.delta > 0 ? "up" : t.delta < 0 ? "down" : ""]}>
          {t.delta > 0 ? "▲" : t.delta < 0 ? "▼" : "="} {Math.abs(t.delta).toFixed(1)}%
        </span>
      ) : (
        <span class="pill-value muted">N/A</span>
      )}
    </div>
  );
});

export const MetricsPanel = component$<Props>((props) => {
  const summary = useSignal<Loaded<MetricsSummary>>({ kind: "loading" });
  const nodes = useSignal<Loaded<NodesCoresSummary>>({ kind: "loading" });
  const types = useSignal<Loaded<InstanceTypeCount[]>>({ kind: "loading" });
  const trend = useSignal<Loaded<CpuTrend>>({ kind: "loading" });

  useVisibleTask$(async ({ track, cleanup }) => {
    const scope = parseScope(track(() => props.scope));
    const ignoreZeros = track(() => props.ignoreZeros);
    const open = track(() => props.open);
    const settled = track(() => props.graphSettled);
    if (!open || !scope || !settled) return;
    const controller = new AbortController();
    cleanup(() => controller.abort());
    const s = controller.signal;
    summary.value = nodes.value = types.value = trend.value = { kind: "loading" };
    const [a, b, c, d] = await Promise.all([
      settle(fetchMetricsSummary(scope, s)),
      settle(fetchNodesCoresSummary(scope, ignoreZeros, s)),
      settle(fetchInstanceTypes(scope, s)),
      settle(fetchCpuTrend(scope, s)),
    ]);
    if (s.aborted) return;
    summary.value = a;
    nodes.value = b;
    types.value = c;
    trend.value = d;
  });

  if (!props.open) {
    return (
      <button
        type="button"
        class="link metrics-show"
        data-testid="metrics-show"
        onClick$={() => props.onToggle$(true)}
      >
        Show metrics panel
      </button>
    );
  }

  const stateOf = (l: Loaded<unknown>) =>
    l.kind === "error" ? `Unavailable: ${l.message}` : l.kind === "loading" ? "Loading…" : "No data";
  const sum = summary.value.kind === "ok" ? summary.value.value : null;
  const nc = nodes.value.kind === "ok" ? nodes.value.value : null;
  const cpu = trend.value.kind === "ok" ? trend.value.value : null;
  const shares = types.value.kind === "ok" ? instanceShares(types.value.value ?? []) : [];
  return (
    <div class="metrics-panel" data-testid="metrics-panel">
      <div class="pill">
        <span class="pill-label">Samples</span>
        <span class="pill-value">{props.samples === null ? "—" : formatCount(props.samples)}</span>
      </div>
      <TrendPill label="CPU trend" what="CPU" trend={trendOf(cpu, "cpu")} state={stateOf(trend.value)} />
      <div class="pill" title={sum ? "" : stateOf(summary.value)} data-testid="metric-cpu">
        <span class="pill-label">CPU</span>
        <span class="pill-value">{formatUtilization(sum?.avg_cpu, sum?.max_cpu)}</span>
      </div>
      <TrendPill
        label="Memory trend"
        what="Memory"
        trend={trendOf(cpu, "memory")}
        state={stateOf(trend.value)}
      />
      <div class="pill" title={sum ? "" : stateOf(summary.value)}>
        <span class="pill-label">Memory</span>
        <span class="pill-value">{formatUtilization(sum?.avg_memory, sum?.max_memory)}</span>
      </div>
      <div class="pill" title={nc ? "Average nodes over time range selected" : stateOf(nodes.value)}>
        <span class="pill-label">Nodes</span>
        <span class="pill-value">{formatAverage(nc?.avg_nodes)}</span>
      </div>
      <div class="pill" title={nc ? "Average cores over time range selected" : stateOf(nodes.value)}>
        <span class="pill-label">Cores</span>
        <span class="pill-value">{formatAverage(nc?.avg_cores)}</span>
      </div>
      {!props.filtered && (
        <div
          class="pill"
          title={
            shares.length
              ? shares.map((s) => `${s.name}: ${s.percent.toFixed(0)}%`).join("\n")
              : stateOf(types.value)
          }
        >
          <span class="pill-label">Instance types</span>
          <span class="pill-value">
            {types.value.kind === "ok" ? instanceSummary(types.value.value ?? []) : "N/A"}
          </span>
        </div>
      )}
      {[summary, nodes, types, trend].some((l) => l.value.kind === "error") && (
        <span
          class="pill-error"
          data-testid="metrics-error"
          title={[summary, nodes, types, trend].map((l) => stateOf(l.value)).join("\n")}
        >
          Some metrics are unavailable
        </span>
      )}
      <button
        type="button"
        class="btn icon small"
        aria-label="Hide metrics panel"
        title="Hide metrics panel"
        onClick$={() => props.onToggle$(false)}
      >
        ×
      </button>
    </div>
  );
});
