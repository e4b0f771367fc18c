/**
 * The table's split view (SplitView.jsx, A.3.4) for one function: "Calls" (its callees merged over all
 * occurrences), "Called by" (its callers, inverted and merged) and "Total CPU" (its share of CPU over time
 * from /api/metrics/function_cpu).
 */
import { component$, noSerialize, useComputed$, type NoSerialize, type QRL } from "@builder.io/qwik";
import { useNavigate } from "@builder.io/qwik-city";
import { calledByGraph, callsGraph } from "../../lib/flame/table";
import { relativeHref, withParams, type SplitTab } from "../../lib/profiles-query";
import type { FlameNode } from "../../lib/wire";
import { FunctionCpuChart } from "../charts/function-cpu-chart";
import { FlameGraph } from "../flame-graph/flame-graph";
import { StateMessage } from "../ui/state-message";

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

export const SplitView = component$<Props>((props) => {
  const nav = useNavigate();
  const graph = useComputed$(() => {
    const tree = props.tree;
    if (!tree || props.tab === "cpu") return undefined;
    const g = props.tab === "calls" ? callsGraph(tree, props.fn) : calledByGraph(tree, props.fn);
    return g ? noSerialize(g) : undefined;
  });

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
        <FunctionCpuChart fn={props.fn} scope={props.scope} label="CPU %" />
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
