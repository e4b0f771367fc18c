/**
 * The flamegraph view: zoom info + reset, legend, and the chart drawn client-side by ./draw.ts
 * (loaded on demand, so d3 is not part of the page's initial JS).
 */
import {
  component$,
  noSerialize,
  useSignal,
  useVisibleTask$,
  type NoSerialize,
  type Signal,
} from "@builder.io/qwik";
import type { FlameNode } from "../../lib/wire";
import { compileSearch } from "../../lib/flame/search";
import { formatCount, formatPercent } from "../../lib/flame/format";
import { languagesIn } from "../../lib/flame/tree";
import type { ChartView, FlameChart } from "./draw";
import { Legend } from "./legend";

export type SearchResult =
  { kind: "none" } | { kind: "bad-regex" } | { kind: "ok"; matched: string; own: string };

interface Props {
  tree: NoSerialize<FlameNode>;
  /** The applied (debounced) search query. */
  search: Signal<string>;
  /** Written back: match percentages relative to the zoomed frame. */
  searchResult: Signal<SearchResult>;
}

export const FlameGraph = component$<Props>((props) => {
  const container = useSignal<HTMLDivElement>();
  const chart = useSignal<NoSerialize<FlameChart>>();
  const view = useSignal<ChartView["zoom"] | null>(null);
  const present = useSignal<string[]>([]);

  useVisibleTask$(async ({ track, cleanup }) => {
    const tree = track(() => props.tree);
    const el = container.value;
    if (!tree || !el) return;
    present.value = [...languagesIn(tree)];
    const { drawFlameGraph } = await import("./draw");
    const drawn = drawFlameGraph(el, tree, (next) => {
      view.value = next.zoom;
      if (next.stats) {
        props.searchResult.value = {
          kind: "ok",
          matched: formatPercent(next.stats.matched, next.stats.total),
          own: formatPercent(next.stats.own, next.stats.total),
        };
      } else if (props.searchResult.value.kind === "ok") {
        props.searchResult.value = { kind: "none" };
      }
    });
    chart.value = noSerialize(drawn);
    // Ctrl/Cmd+U resets the zoom (useFlameGraphHotkeys.js); a plain listener so preventDefault is synchronous.
    const onKey = (e: KeyboardEvent) => {
      if ((e.ctrlKey || e.metaKey) && e.key.toLowerCase() === "u") {
        e.preventDefault();
        drawn.resetZoom();
      }
    };
    window.addEventListener("keydown", onKey);
    cleanup(() => {
      window.removeEventListener("keydown", onKey);
      drawn.destroy();
    });
  });

  useVisibleTask$(({ track }) => {
    const query = track(() => props.search.value);
    const drawn = track(() => chart.value);
    const match = compileSearch(query);
    if (match === "bad-regex") props.searchResult.value = { kind: "bad-regex" };
    else if (!match) props.searchResult.value = { kind: "none" };
    drawn?.search(typeof match === "function" ? match : null);
  });

  return (
    <section class="flame-view">
      <div class="flame-bar">
        <div class="zoom-info" data-testid="zoom-info" title={view.value?.label}>
          {view.value ? (
            <>
              <span class="zoom-name">{view.value.label}</span>
              <span class="zoom-samples">
                {formatCount(view.value.value)} samples ({formatPercent(view.value.value, view.value.total)}{" "}
                of {formatCount(view.value.total)})
              </span>
            </>
          ) : (
            <span class="muted">Drawing…</span>
          )}
        </div>
        <button
          type="button"
          class="btn"
          data-testid="reset-zoom"
          disabled={!view.value || view.value.isRoot}
          title="Reset zoom (Ctrl+U)"
          onClick$={() => chart.value?.resetZoom()}
        >
          Reset zoom
        </button>
        <Legend present={present.value} />
      </div>
      <div class="flame" data-testid="flamegraph" ref={container} />
    </section>
  );
});
