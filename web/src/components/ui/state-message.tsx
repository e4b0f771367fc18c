import { component$, Slot } from "@builder.io/qwik";

/** Empty and error states: a title, a detail line, and optional actions (the slot). */
export const StateMessage = component$<{
  kind: "empty" | "error";
  title: string;
  detail?: string;
  testId?: string;
}>((props) => (
  <div
    class={["state", props.kind]}
    data-testid={props.testId ?? "flamegraph-state"}
    data-state={props.kind}
    role="status"
  >
    <p class="state-title">{props.title}</p>
    {props.detail && <p class="state-detail">{props.detail}</p>}
    <Slot />
  </div>
));

/** The animated skeleton shown while a graph loads. */
export const Skeleton = component$<{ testId?: string; label?: string }>((props) => (
  <div
    class="state skeleton"
    data-testid={props.testId ?? "flamegraph-state"}
    data-state="loading"
    aria-busy="true"
  >
    <span class="sr-only">{props.label ?? "Loading…"}</span>
    {[100, 92, 74, 61, 48, 33, 20].map((w) => (
      <div key={w} class="skeleton-bar" style={{ width: `${w}%` }} />
    ))}
  </div>
));
