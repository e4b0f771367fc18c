/**
 * The table's split view (SplitView.jsx, A.3.4) for one function: "Calls" (its callees merged over all
 * occurrences), "Called by" (its callers, inverted and merged) and "Total CPU" (its share of CPU over time
 * from /api/metrics/function_cpu).
 */
import {
  component$,
  noSerialize,
  useComputed$,
  useSignal,
  useVisibleTask$,
  type NoSerialize,
  type QRL,
} from "@builder.io/qwik";
import { useNavigate } from "@builder.io/qwik-city";
import { errorMessage, fetchFunctionCpu } from "../../lib/api-client";
import { parseScope } from "../../lib/scope";
import { calledByGraph, callsGraph } from "../../lib/flame/table";
import { relativeHref, withParams, type SplitTab } from "../../lib/profiles-query";
import { parseApiTime } from "../../lib/time-range";
import type { FlameNode } from "../../lib/wire";
import { TimeChart, type Series } from "../charts/time-chart";
import { FlameGraph } from "../flame-graph/flame-graph";
import { Skeleton, StateMessage } from "../ui/state-message";

interface Props {
  tree: NoSerialize<FlameNode>;
  fn: string;
  tab: SplitTab;
  depthLimit: number;
  scope: string;
  onTab$: QRL<(tab: SplitTab) => void>;
  onClose$: QRL<() => void>;
  onShowInFlamegraph$: QRL<(key: string) => void>;
}

const TABS: { id: SplitTab; label: string }[] = [
  { id: "calls", label: "Calls" },
  { id: "calledby", label: "Called by" },
  { id: "cpu", label: "Total CPU" },
];

type Cpu =
  | { kind: "loading" }
  | { kind: "ok"; series: Series[]; start: number; end: number }
  | { kind: "empty" }
  | { kind: "error"; message: string };

export const SplitView = component$<Props>((props) => {
  const nav = useNavigate();
  const cpu = useSignal<Cpu>({ kind: "loading" });
  const graph = useComputed$(() => {
    const tree = props.tree;
    if (!tree || props.tab === "cpu") return undefined;
    const g = props.tab === "calls" ? callsGraph(tree, props.fn) : calledByGraph(tree, props.fn);
    return g ? noSerialize(g) : undefined;
  });

  useVisibleTask$(async ({ track, cleanup }) => {
    const tab = track(() => props.tab);
    const fn = track(() => props.fn);
    const scope = parseScope(track(() => props.scope));
    if (tab !== "cpu" || !scope) return;
    const controller = new AbortController();
    cleanup(() => controller.abort());
    cpu.value = { kind: "loading" };
    try {
      const points = await fetchFunctionCpu(scope, fn, controller.signal);
      if (!points.length) {
        cpu.value = { kind: "empty" };
        return;
      }
      cpu.value = {
        kind: "ok",
        start: scope.range.start.getTime(),
        end: scope.range.end.getTime(),
        series: [
          {
            label: "CPU %",
            color: "#8894E6",
            points: points.map((p) => ({ t: parseApiTime(p.time), v: 100 * p.cpu_percentage })),
          },
        ],
      };
    } catch (err) {
      if (!controller.signal.aborted) cpu.value = { kind: "error", message: errorMessage(err) };
    }
  });

  const c = cpu.value;
  return (
    <aside class="split-view" data-testid="split-view">
      <div class="split-head">
        <b class="split-title" title={props.fn}>
          {props.fn}
        </b>
        <button type="button" class="link" onClick$={() => props.onShowInFlamegraph$(props.fn)}>
          Show in flame graph
        </button>
        <button
          type="button"
          class="link"
          data-testid="split-sandwich"
          onClick$={() =>
            nav(relativeHref(withParams(new URL(window.location.href), { view: "sandwich", fn: props.fn })))
          }
        >
          Sandwich
        </button>
        <button type="button" class="btn icon" aria-label="Close" onClick$={props.onClose$}>
          ×
        </button>
      </div>
      <div class="tabs">
        {TABS.map((t) => (
          <button
            key={t.id}
            type="button"
            class={{ active: props.tab === t.id }}
            data-tab={t.id}
            onClick$={() => props.onTab$(t.id)}
          >
            {t.label}
          </button>
        ))}
      </div>
      {props.tab === "cpu" ? (
        c.kind === "loading" ? (
          <Skeleton testId="function-cpu-state" />
        ) : c.kind === "error" ? (
          <StateMessage
            kind="error"
            testId="function-cpu-state"
            title="Function CPU is unavailable"
            detail={cpu.value.kind === "error" ? cpu.value.message : ""}
          />
        ) : c.kind === "empty" ? (
          <StateMessage
            kind="empty"
            testId="function-cpu-state"
            title="No data was found for the selected function"
          />
        ) : (
          <TimeChart
            series={cpu.value.kind === "ok" ? cpu.value.series : []}
            start={cpu.value.kind === "ok" ? cpu.value.start : 0}
            end={cpu.value.kind === "ok" ? cpu.value.end : 1}
            format="percent"
            testId="function-cpu-chart"
          />
        )
      ) : graph.value ? (
        <FlameGraph
          tree={graph.value}
          search=""
          depthLimit={props.depthLimit}
          zoom={null}
          icicle={props.tab === "calls"}
          processes={false}
          hotkeys={false}
          testId={`split-${props.tab}`}
        />
      ) : (
        <StateMessage
          kind="empty"
          testId="split-state"
          title="Not in the filtered profile"
          detail="Clear the filters to see this function."
        />
      )}
    </aside>
  );
});
