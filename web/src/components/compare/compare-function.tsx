/**
 * The compare table's selected function (A.4: "a collapsible panel above the table"): its name and its
 * CPU % over time in the base window (solid) and the compared one (dashed), drawn from their starts.
 */
import { component$, type QRL } from "@builder.io/qwik";
import { FunctionCpuChart } from "../charts/function-cpu-chart";

interface Props {
  fn: string;
  /** scopeKey() of each side. */
  base: string;
  compared: string;
  labels: [string, string];
  onClose$: QRL<() => void>;
}

export const CompareFunction = component$<Props>((props) => (
  <section class="split-view compare-function" data-testid="compare-function">
    <div class="split-head">
      <b class="split-title" title={props.fn}>
        {props.fn}
      </b>
      <span class="muted">CPU over time in each window, from its start</span>
      <button type="button" class="btn icon" aria-label="Close" onClick$={props.onClose$}>
        ×
      </button>
    </div>
    <FunctionCpuChart
      fn={props.fn}
      scope={props.base}
      label={`Base · ${props.labels[0]}`}
      compared={props.compared}
      comparedLabel={`Compared · ${props.labels[1]}`}
    />
  </section>
));
