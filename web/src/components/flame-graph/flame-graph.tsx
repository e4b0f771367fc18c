/**
 * A flamegraph view: zoom info, reset, legend, and the chart drawn client-side by ./draw.ts (loaded on
 * demand, so d3 is not part of the page's initial JS). Zoom is reported up to go into the URL and
 * followed back from it; zoom history (Ctrl+[ / Ctrl+]) and reset (Ctrl+U) as the original (A.3.3).
 * The same component draws the compare page's differential graph (`variant="diff"`).
 */
import {
  $,
  component$,
  noSerialize,
  Slot,
  useSignal,
  useVisibleTask$,
  type NoSerialize,
  type QRL,
  type Signal,
} from "@builder.io/qwik";
import type { FlameNode, SearchSummary } from "../../lib/wire";
import { compileSearch } from "../../lib/flame/search";
import { formatCount, formatPercent } from "../../lib/flame/format";
import { ZoomHistory } from "../../lib/flame/layout";
import { hasRolledUp, SubtreeCache } from "../../lib/flame/subtrees";
import type { FetchedTree } from "../../lib/flame/filters";
import type { ChartView, DrawOptions, FlameChart, FrameInfo } from "./draw";
import { FrameMenu, type FrameAction } from "./frame-menu";

export type SearchResult =
  { kind: "none" } | { kind: "bad-regex" } | { kind: "ok"; matched: string; own: string };

interface Props {
  tree: NoSerialize<FlameNode>;
  /** The applied (debounced) search query. */
  search: string;
  /** Written back: match percentages relative to the zoomed frame. */
  searchResult?: Signal<SearchResult>;
  depthLimit: number;
  /** The zoomed frame's path from the URL; null at the root. */
  zoom: string[] | null;
  onZoom$?: QRL<(path: string[]) => void>;
  /** Minesweeper marks (`level:start:duration`) and whether the menu offers Mark/Clear. */
  marks?: string[];
  mines?: boolean;
  onAction$?: QRL<(action: FrameAction, frame: FrameInfo) => void>;
  /** false: root at the bottom (the "called by" graph). */
  icicle?: boolean;
  /** false when the graph is one function's callers or callees: depth 1 holds no processes. */
  processes?: boolean;
  variant?: "runtime" | "diff";
  /**
   * Fetches the subtree of a frame (GET /api/flamegraph/tree `root`) when a pruned graph is zoomed into,
   * through the page's filters; `lineage` is the frame's path as drawn, from its process down.
   */
  expand$?: QRL<
    (hash: string | null, lineage: readonly FlameNode[], search?: string) => Promise<FetchedTree | null>
  >;
  /** Hotkeys are global, so only the page's main graph takes them. */
  hotkeys?: boolean;
  testId?: string;
}

const searchKey = (query: string, path: readonly string[]) => `${query.trim()}\n${path.join("\n")}`;

const same = (a: readonly string[] | null, b: readonly string[] | null) =>
  (a ?? []).length === (b ?? []).length && (a ?? []).every((x, i) => x === (b ?? [])[i]);

export const FlameGraph = component$<Props>((props) => {
  const container = useSignal<HTMLDivElement>();
  const chart = useSignal<NoSerialize<FlameChart>>();
  const history = useSignal<NoSerialize<ZoomHistory>>();
  const view = useSignal<ChartView["zoom"] | null>(null);
  const menu = useSignal<{ x: number; y: number; frame: FrameInfo } | null>(null);
  /** The zoomed frame's path as one string: a signal that changes only with the zoom. */
  const viewPath = useSignal("");
  /** The api's search of the view (pruned graphs): `key` is the query and the view's path. */
  const served = useSignal<NoSerialize<{ key: string; summary?: SearchSummary }>>();

  useVisibleTask$(async ({ track, cleanup }) => {
    const tree = track(() => props.tree);
    const depthLimit = track(() => props.depthLimit);
    const el = container.value;
    if (!tree || !el) return;
    const { drawFlameGraph } = await import("./draw");
    const diff = props.variant === "diff" ? await import("./diff-style") : null;
    const zoomHistory = new ZoomHistory(props.zoom ?? []);
    const expand$ = props.expand$;
    const subtrees =
      expand$ &&
      new SubtreeCache(async (node, lineage) => (await expand$(node.hash!, lineage))?.children ?? null);
    served.value = undefined;
    const options: DrawOptions = {
      depthLimit,
      icicle: props.icicle ?? true,
      processes: props.processes ?? true,
      ...(diff && diff.diffStyle(tree)),
      onView(next) {
        view.value = next.zoom;
        viewPath.value = next.zoom.path.join("\n");
        const result = props.searchResult;
        if (!result) return;
        // A pruned graph's own frames miss the rolled-up matches: the api's figures, when it has them.
        const summary = served.value?.key === searchKey(props.search, next.zoom.path) && served.value.summary;
        if (next.stats && summary) {
          const prefix = summary.complete ? "" : "≥ ";
          result.value = {
            kind: "ok",
            matched: prefix + formatPercent(summary.matched, next.zoom.value),
            own: prefix + formatPercent(summary.own, next.zoom.value),
          };
        } else if (next.stats) {
          result.value = {
            kind: "ok",
            matched: formatPercent(next.stats.matched, next.stats.total),
            own: formatPercent(next.stats.own, next.stats.total),
          };
        } else if (result.value.kind === "ok") {
          result.value = { kind: "none" };
        }
      },
      onZoom(path) {
        zoomHistory.push(path);
        props.onZoom$?.(path);
      },
      onContextMenu(frame, x, y) {
        menu.value = { x, y, frame };
      },
      expand:
        subtrees &&
        (async (node, lineage) => {
          const children = await subtrees.get(node, lineage);
          // What the user may zoom into next, under the frame now drawn whole.
          if (children) subtrees.prefetch({ ...node, children }, lineage);
          return children;
        }),
      expanded:
        subtrees &&
        ((node, lineage) => {
          const children = subtrees.peek(node);
          if (children) subtrees.prefetch({ ...node, children }, lineage);
          return children;
        }),
    };
    const drawn = drawFlameGraph(el, tree, options);
    performance.mark("studio:flamegraph-drawn");
    chart.value = noSerialize(drawn);
    history.value = noSerialize(zoomHistory);
    if (props.zoom?.length) drawn.zoomTo(props.zoom);
    // After the first paint: the subtrees of the widest frames with rolled-up frames below them.
    if (subtrees) setTimeout(() => subtrees.prefetch(tree, []), 0);

    const step = (path: string[] | null) => {
      if (!path) return;
      drawn.zoomTo(path);
      props.onZoom$?.(path);
    };
    // Cmd on a Mac, Ctrl elsewhere (useFlameGraphHotkeys.js); plain listeners so preventDefault is synchronous.
    const onKey = (e: KeyboardEvent) => {
      if (!(e.ctrlKey || e.metaKey) || props.hotkeys === false) return;
      const key = e.key.toLowerCase();
      if (key === "u") {
        e.preventDefault();
        zoomHistory.push([]);
        step([]);
      } else if (key === "[") {
        e.preventDefault();
        step(zoomHistory.goBack());
      } else if (key === "]") {
        e.preventDefault();
        step(zoomHistory.goForward());
      }
    };
    window.addEventListener("keydown", onKey);
    cleanup(() => {
      window.removeEventListener("keydown", onKey);
      chart.value = undefined;
      subtrees?.stop();
      drawn.destroy();
    });
  });

  // The URL's zoom changed from outside (back/forward, a link): follow it.
  useVisibleTask$(({ track }) => {
    const zoom = track(() => props.zoom);
    const drawn = track(() => chart.value);
    if (drawn && view.value && !same(zoom, view.value.path)) drawn.zoomTo(zoom ?? []);
  });

  useVisibleTask$(async ({ track, cleanup }) => {
    const query = track(() => props.search);
    const drawn = track(() => chart.value);
    track(() => viewPath.value);
    const match = compileSearch(query);
    if (props.searchResult) {
      if (match === "bad-regex") props.searchResult.value = { kind: "bad-regex" };
      else if (!match) props.searchResult.value = { kind: "none" };
    }
    drawn?.search(typeof match === "function" ? match : null);
    // A pruned graph: the api searches every frame, rolled-up ones too, and the view's children are
    // replaced by its answer (the matches kept however narrow). `type:` searches stay in the browser.
    const fetchTree = props.expand$;
    if (!drawn || !fetchTree || typeof match !== "function" || /^type:/i.test(query.trim())) return;
    if (!props.tree || !hasRolledUp(props.tree)) return;
    const at = drawn.zoomed();
    const key = searchKey(query, at.path);
    if (served.value?.key === key || (at.path.length > 0 && !at.hash)) return;
    let stale = false;
    cleanup(() => (stale = true));
    const answer = await fetchTree(at.hash ?? null, at.lineage, query.trim()).catch(() => null);
    if (stale || !answer) return;
    served.value = noSerialize({ key, summary: answer.search });
    drawn.graft(at.path, answer.children);
  });

  useVisibleTask$(({ track }) => {
    const marks = track(() => props.marks);
    const drawn = track(() => chart.value);
    drawn?.setMarks(new Set(marks ?? []));
  });

  const resetZoom = $(() => {
    chart.value?.zoomTo([]);
    history.value?.push([]);
    props.onZoom$?.([]);
  });

  return (
    <section class="flame-view">
      <div class="flame-bar">
        <div class="zoom-info" data-testid="zoom-info" title={view.value?.label}>
          {view.value ? (
            <>
              <span class="zoom-name">{view.value.label}</span>
              <span class="zoom-samples">
                {props.variant === "diff"
                  ? `${formatPercent(view.value.value, view.value.total)} of both profiles`
                  : `${formatCount(view.value.value)} samples (${formatPercent(view.value.value, view.value.total)} of ${formatCount(view.value.total)})`}
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
          onClick$={resetZoom}
        >
          Reset zoom
        </button>
        <Slot name="bar" />
      </div>
      <div class="flame" data-testid={props.testId ?? "flamegraph"} ref={container} />
      {menu.value && (
        <FrameMenu
          x={menu.value.x}
          y={menu.value.y}
          frame={menu.value.frame}
          mines={!!props.mines}
          onClose$={() => (menu.value = null)}
          onAction$={props.onAction$}
        />
      )}
    </section>
  );
});
