/**
 * The service view (A.3.5): CPU, memory, samples, nodes and cores over time (tab `gtab` 1..5), a
 * resolution choice (`res`), drag-select on a chart to zoom the page's time range; plus the service's
 * average nodes and cores and its instance types for the range.
 */
import { component$, useSignal, useVisibleTask$, type QRL } from "@builder.io/qwik";
import {
  errorMessage,
  fetchInstanceTypes,
  fetchMetricsGraph,
  fetchNodesAndCores,
  fetchNodesCoresSummary,
  fetchSamples,
  type ScopeParams,
} from "../../lib/api-client";
import { fetchDeployments } from "../../lib/alerts-api";
import { formatAverage, instanceShares, type InstanceShare } from "../../lib/metrics";
import { parseScope } from "../../lib/scope";
import { RESOLUTIONS } from "../../lib/profiles-query";
import { parseApiTime, type TimeSelection } from "../../lib/time-range";
import type { NodesCoresSummary } from "../../lib/wire";
import { TimeChart, type Marker, type Series } from "../charts/time-chart";
import { Skeleton, StateMessage } from "../ui/state-message";

interface Props {
  /** lib/scope.ts key of the service, range and tag filter. */
  scope: string;
  gtab: number;
  resolution: number;
  onTab$: QRL<(gtab: number) => void>;
  onResolution$: QRL<(minutes: number) => void>;
  onRange$: QRL<(time: TimeSelection) => void>;
}

const TABS = ["CPU", "MEMORY", "SAMPLES", "NODES", "CORES"];
const AVG = "#8894E6";
const MAX = "#EE9868";
const RESOLUTION_LABELS: Record<number, string> = {
  0: "Auto",
  1: "1 min",
  5: "5 min",
  15: "15 min",
  60: "1 hour",
  360: "6 hours",
};

type Chart =
  | { kind: "loading" }
  | { kind: "ok"; series: Series[]; markers: Marker[]; start: number; end: number }
  | { kind: "empty"; detail: string }
  | { kind: "error"; message: string };

async function loadChart(
  tab: number,
  scope: ScopeParams,
  minutes: number,
  signal: AbortSignal,
): Promise<Chart> {
  const t = (time: string) => parseApiTime(time);
  const range = { start: scope.range.start.getTime(), end: scope.range.end.getTime() };
  // Deployment markers are an extra: the chart shows without them if they cannot be read.
  const deployments = fetchDeployments(scope.service, scope.range, signal).catch(() => []);
  let series: Series[];
  if (tab === 1 || tab === 2) {
    const points = await fetchMetricsGraph(scope, minutes, signal);
    const [avg, max] =
      tab === 1 ? (["avg_cpu", "max_cpu"] as const) : (["avg_memory", "max_memory"] as const);
    series = [
      { label: "Average", color: AVG, points: points.map((p) => ({ t: t(p.time), v: p[avg] })) },
      { label: "Max", color: MAX, dashed: true, points: points.map((p) => ({ t: t(p.time), v: p[max] })) },
    ];
  } else if (tab === 3) {
    const points = await fetchSamples(scope, minutes, signal);
    series = [
      { label: "Samples", color: AVG, points: points.map((p) => ({ t: t(p.time), v: Number(p.samples) })) },
    ];
  } else {
    const points = await fetchNodesAndCores(scope, minutes, signal);
    const [avg, max] =
      tab === 4 ? (["avg_nodes", "max_nodes"] as const) : (["avg_cores", "max_cores"] as const);
    series = [
      { label: "Average", color: AVG, points: points.map((p) => ({ t: t(p.time), v: p[avg] })) },
      { label: "Max", color: MAX, dashed: true, points: points.map((p) => ({ t: t(p.time), v: p[max] })) },
    ];
  }
  if (!series[0].points.length) {
    return {
      kind: "empty",
      detail: scope.filter
        ? "This chart has no data under the active tag filter."
        : "No data in this time range.",
    };
  }
  const markers = (await deployments).map((d) => ({
    t: t(d.time),
    label: d.version,
    title: [`Deployed ${d.version}`, d.description, d.commit].filter(Boolean).join(" · "),
  }));
  return { kind: "ok", series, markers, ...range };
}

export const ServiceView = component$<Props>((props) => {
  const chart = useSignal<Chart>({ kind: "loading" });
  const summary = useSignal<{ nodes: NodesCoresSummary | null; types: InstanceShare[]; error: string }>({
    nodes: null,
    types: [],
    error: "",
  });

  useVisibleTask$(async ({ track, cleanup }) => {
    const scope = parseScope(track(() => props.scope));
    const tab = track(() => props.gtab);
    const minutes = track(() => props.resolution);
    if (!scope) return;
    const controller = new AbortController();
    cleanup(() => controller.abort());
    chart.value = { kind: "loading" };
    try {
      const next = await loadChart(tab, scope, minutes, controller.signal);
      if (!controller.signal.aborted) chart.value = next;
    } catch (err) {
      if (!controller.signal.aborted) chart.value = { kind: "error", message: errorMessage(err) };
    }
  });

  // Node/core averages ignore the tag filter in the service view (A.2).
  useVisibleTask$(async ({ track }) => {
    const scope = parseScope(track(() => props.scope));
    if (!scope) return;
    const unfiltered = { ...scope, filter: null };
    const [nodes, types] = await Promise.allSettled([
      fetchNodesCoresSummary(unfiltered, true),
      fetchInstanceTypes(unfiltered),
    ]);
    const failed = [nodes, types].find((r) => r.status === "rejected") as PromiseRejectedResult | undefined;
    summary.value = {
      nodes: nodes.status === "fulfilled" ? nodes.value : null,
      types: types.status === "fulfilled" ? instanceShares(types.value) : [],
      error: failed ? errorMessage(failed.reason) : "",
    };
  });

  const c = chart.value;
  const s = summary.value;
  return (
    <section class="service-view" data-testid="service-view">
      <div class="service-summary">
        <div class="stat">
          <span class="stat-label">Average nodes</span>
          <span class="stat-value" data-testid="avg-nodes">
            {formatAverage(s.nodes?.avg_nodes)}
          </span>
        </div>
        <div class="stat">
          <span class="stat-label">Average cores</span>
          <span class="stat-value" data-testid="avg-cores">
            {formatAverage(s.nodes?.avg_cores)}
          </span>
        </div>
        <div class="stat wide">
          <span class="stat-label">Instance types</span>
          <span class="stat-value instance-types" data-testid="instance-types">
            {s.types.length
              ? s.types.map((t) => (
                  <span key={t.name} class="chip">
                    {t.name} <span class="muted">{t.percent.toFixed(0)}%</span>
                  </span>
                ))
              : "N/A"}
          </span>
        </div>
        {s.error && <span class="muted small">Some figures are unavailable: {s.error}</span>}
      </div>
      <div class="service-chart">
        <div class="chart-head">
          <div class="tabs" role="tablist">
            {TABS.map((label, i) => (
              <button
                key={label}
                type="button"
                role="tab"
                aria-selected={props.gtab === i + 1}
                class={{ active: props.gtab === i + 1 }}
                data-gtab={i + 1}
                onClick$={() => props.onTab$(i + 1)}
              >
                {label}
              </button>
            ))}
          </div>
          <label class="field compact">
            <span class="field-label">Resolution</span>
            <select data-testid="resolution" onChange$={(_, el) => props.onResolution$(Number(el.value))}>
              {RESOLUTIONS.map((m) => (
                <option key={m} value={String(m)} selected={props.resolution === m}>
                  {RESOLUTION_LABELS[m]}
                </option>
              ))}
            </select>
          </label>
          <span class="muted small">Drag across the chart to zoom into a time window</span>
        </div>
        {c.kind === "loading" ? (
          <Skeleton testId="service-chart-state" />
        ) : c.kind === "error" ? (
          <StateMessage
            kind="error"
            testId="service-chart-state"
            title="This chart is unavailable"
            detail={chart.value.kind === "error" ? chart.value.message : ""}
          />
        ) : c.kind === "empty" ? (
          <StateMessage
            kind="empty"
            testId="service-chart-state"
            title="No data was found"
            detail={chart.value.kind === "empty" ? chart.value.detail : ""}
          />
        ) : (
          <TimeChart
            series={chart.value.kind === "ok" ? chart.value.series : []}
            markers={chart.value.kind === "ok" ? chart.value.markers : []}
            start={chart.value.kind === "ok" ? chart.value.start : 0}
            end={chart.value.kind === "ok" ? chart.value.end : 1}
            kind={props.gtab === 3 ? "bar" : "line"}
            format={props.gtab <= 2 ? "percent" : "number"}
            height={300}
            testId="service-chart"
            onSelect$={(start, end) =>
              props.onRange$({
                kind: "custom",
                startTime: new Date(start).toISOString(),
                endTime: new Date(end).toISOString(),
              })
            }
          />
        )}
      </div>
    </section>
  );
});
