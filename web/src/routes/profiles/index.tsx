/**
 * `/profiles` (frontend-and-agent.md A.3): service, processes, weight, time and tag filters; search;
 * the flamegraph, table and service views; metrics panel; minesweeper; fullscreen. Every piece of state
 * lives in the URL (A.8 plus ours, lib/profiles-query.ts), so a link reproduces the view. The service
 * list is loaded on the server; the flamegraph is fetched and filtered in the browser.
 */
import {
  $,
  component$,
  noSerialize,
  useComputed$,
  useSignal,
  useStore,
  useTask$,
  useVisibleTask$,
} from "@builder.io/qwik";
import type { NoSerialize } from "@builder.io/qwik";
import { routeLoader$, useLocation, useNavigate, type DocumentHead } from "@builder.io/qwik-city";
import {
  errorMessage,
  fetchFlamegraph,
  fetchFlamegraphTree,
  fetchSnapshot,
  flamegraphHref,
  flamegraphTreeHref,
  saveSnapshot,
} from "../../lib/api-client";
import { applyFilters, filterAnswer } from "../../lib/flame/filters";
import { formatCount } from "../../lib/flame/format";
import { coordsKey } from "../../lib/flame/layout";
import { calledByGraph } from "../../lib/flame/table";
import { useServices } from "../../lib/loaders";
import {
  parseProfilesQuery,
  permalink,
  profilesParams,
  relativeHref,
  withParams,
  type ProfilesQuery,
} from "../../lib/profiles-query";
import { scopeKey } from "../../lib/scope";
import { pickService } from "../../lib/services";
import { assignChanged } from "../../lib/sync";
import { compactFilter, fromRql } from "../../lib/tag-filter";
import {
  resolveTimeRange,
  selectionLabel,
  shiftedSelection,
  timeSelectionParams,
  type TimeRange,
} from "../../lib/time-range";
import type { FlameNode, FlamegraphResponse } from "../../lib/wire";
import { FlameGraph, type SearchResult } from "../../components/flame-graph/flame-graph";
import type { FrameAction } from "../../components/flame-graph/frame-menu";
import type { FrameInfo } from "../../components/flame-graph/draw";
import { Legend } from "../../components/flame-graph/legend";
import { MetricsPanel } from "../../components/profiles/metrics-panel";
import { FlameToolbar } from "../../components/profiles/flame-toolbar";
import { ProfilesHeader } from "../../components/profiles/profiles-header";
import { ViewSwitch } from "../../components/profiles/view-switch";
import { SearchBox } from "../../components/search-box";
import { ShareDialog } from "../../components/share/share-dialog";
import { ServiceView } from "../../components/service-view/service-view";
import { FunctionTable } from "../../components/table/function-table";
import { SandwichView } from "../../components/sandwich/sandwich-view";
import { Skeleton, StateMessage } from "../../components/ui/state-message";

export { useServices } from "../../lib/loaders";

/**
 * The first flamegraph request, resolved on the server so the document's head can preload it: the
 * browser asks the api while the page's JS starts, and the page's own fetch of the same URL reuses the
 * answer. Relative ranges are resolved here once; later fetches resolve them again.
 */
export const useFirstFetch = routeLoader$(async (ev) => {
  const q = parseProfilesQuery(ev.url.searchParams);
  const service = pickService((await ev.resolveValue(useServices)).services, q.service);
  if (!service || q.view === "service") return null;
  const range = resolveTimeRange(q.time, new Date());
  return {
    service,
    start: range.start.toISOString(),
    end: range.end.toISOString(),
    href: usesTree(q)
      ? flamegraphTreeHref({ service, range, filter: q.filter })
      : flamegraphHref({ service, range, truncation: q.truncation, filter: q.filter }),
  };
});

/**
 * The flamegraph view draws the pruned graph (GET /api/flamegraph/tree) and fetches subtrees on zoom; the
 * table and the "called by" graph need every frame (/api/flamegraph).
 */
const usesTree = (q: Pick<ProfilesQuery, "view" | "calledBy">) => q.view === "flamegraph" && !q.calledBy;

type LoadState =
  | { kind: "loading" }
  | { kind: "ready"; samples: number; range: string }
  | { kind: "empty"; range: string }
  | { kind: "error"; message: string };

/** A service created this recently may simply not have sent data yet (A.3; the original's check never fired). */
const COLLECTING_MS = 15 * 60_000;
/** Minesweeper wants a window that is done filling: this far from now (A.3.10). */
const STABLE_MS = 10 * 60_000;

export default component$(() => {
  const servicesResult = useServices();
  const firstFetch = useFirstFetch();
  const firstUsed = useSignal(false);
  const loc = useLocation();
  const nav = useNavigate();

  // The URL is the state. Navigations update `loc`; in-place edits (search, zoom) replace the history entry.
  const href = useSignal(loc.url.href);
  useTask$(({ track }) => {
    href.value = track(() => loc.url.href);
  });
  // A store, updated field by field: each control and task wakes up only for the params it reads.
  const query = useStore<ProfilesQuery>(parseProfilesQuery(loc.url.searchParams));
  useTask$(({ track }) => {
    assignChanged(query, parseProfilesQuery(new URL(track(() => href.value)).searchParams));
  });
  const service = useComputed$(() => pickService(servicesResult.value.services, query.service));

  const raw = useSignal<NoSerialize<FlamegraphResponse>>();
  const range = useSignal<{ start: string; end: string } | null>(null);
  const state = useSignal<LoadState>({ kind: "loading" });
  const reload = useSignal(0);
  const searchResult = useSignal<SearchResult>({ kind: "none" });
  const marks = useSignal<string[]>([]);
  const note = useSignal("");

  const setQuery = $(async (fields: Partial<ProfilesQuery>, mode: "push" | "replace" = "push") => {
    const serviceChanged = "service" in fields && fields.service !== query.service;
    const timeChanged = "time" in fields;
    // What a change resets, unless the caller sets it too: a new service its filters and search (A.3.1),
    // a new time range the weight and the mines (A.3.10), any filter the zoom (A.3.3).
    const resets: Partial<ProfilesQuery> = {};
    if (serviceChanged)
      Object.assign(resets, {
        filter: null,
        runtimes: null,
        processes: null,
        search: "",
        fn: null,
        calledBy: null,
      });
    if (serviceChanged || timeChanged)
      Object.assign(resets, { weight: { kind: "all" }, mines: false, snapshot: null, zoom: null });
    if ("processes" in fields || "weight" in fields || "runtimes" in fields || "filter" in fields)
      resets.zoom = null;
    if (serviceChanged || timeChanged) marks.value = [];
    const next = { ...resets, ...fields };
    const updates = { ...profilesParams(next), ...(next.time && timeSelectionParams(next.time)) };
    const url = withParams(new URL(window.location.href), updates);
    if (mode === "replace") {
      history.replaceState(history.state, "", relativeHref(url));
      href.value = url.href;
    } else {
      await nav(relativeHref(url));
    }
  });

  // The service view needs no flamegraph, only the resolved range.
  const fetchKey = useComputed$(() =>
    JSON.stringify([
      service.value,
      query.time,
      compactFilter(query.filter),
      query.truncation,
      query.view === "service",
      usesTree(query),
      reload.value,
    ]),
  );
  const scope = useComputed$(() => scopeKey(service.value, range.value, query.filter));

  useVisibleTask$(
    async ({ track, cleanup }) => {
      track(() => fetchKey.value);
      const name = service.value;
      if (!name) return;
      const { time, truncation, filter, view } = query;
      const controller = new AbortController();
      cleanup(() => controller.abort());
      state.value = { kind: "loading" };
      raw.value = undefined;
      const first = firstUsed.value ? null : firstFetch.value;
      firstUsed.value = true;
      const resolved =
        first && first.service === name
          ? { start: new Date(first.start), end: new Date(first.end) }
          : resolveTimeRange(time, new Date());
      range.value = { start: resolved.start.toISOString(), end: resolved.end.toISOString() };
      const rangeText = selectionLabel({
        kind: "custom",
        startTime: range.value.start,
        endTime: range.value.end,
      });
      if (view === "service") return;
      // The chart's code (d3) loads while the api answers.
      void import("../../components/flame-graph/draw");
      try {
        const data = usesTree(query)
          ? await fetchFlamegraphTree({ service: name, range: resolved, filter }, controller.signal)
          : await fetchFlamegraph({ service: name, range: resolved, truncation, filter }, controller.signal);
        if (controller.signal.aborted) return;
        if (!data) {
          state.value = { kind: "empty", range: rangeText };
          return;
        }
        // User-timing marks (read by scripts/bench/ui.mjs): the data is in, then drawn (flame-graph.tsx).
        performance.mark("studio:flamegraph-data");
        raw.value = noSerialize(data);
        state.value = { kind: "ready", samples: data.value, range: rangeText };
      } catch (err) {
        if (!controller.signal.aborted) state.value = { kind: "error", message: errorMessage(err) };
      }
    },
    { strategy: "document-ready" },
  );

  // Runtime → weight → process filters (A.3.3), then the "called by" graph when one is asked for. A
  // computed value, so the data and the chart it feeds reach the page in one render, not two.
  const display = useComputed$(() => {
    const data = raw.value;
    if (!data) return undefined;
    const { view, calledBy } = query;
    const filtered = applyFilters(data, data.percentiles, {
      runtimes: query.runtimes,
      mixedStacks: view === "table" ? false : query.mixedStacks,
      weight: query.weight,
      processes: query.processes,
    });
    const shown = view === "flamegraph" && calledBy ? calledByGraph(filtered, calledBy) : filtered;
    return shown ? noSerialize(shown) : undefined;
  });

  // `snapshot=<id>` re-applies a saved minesweeper snapshot's marks (A.3.10).
  useVisibleTask$(async ({ track }) => {
    const id = track(() => query.snapshot);
    if (!id) return;
    try {
      const snapshot = await fetchSnapshot(id);
      if (!snapshot?.frames?.length) {
        note.value = `Snapshot ${id} was not found`;
        return;
      }
      marks.value = snapshot.frames.map(coordsKey);
      const filter = fromRql(snapshot.filter);
      if (filter && !query.filter) await setQuery({ filter }, "replace");
    } catch (err) {
      note.value = `Loading snapshot ${id} failed: ${errorMessage(err)}`;
    }
  });

  // Esc leaves fullscreen (A.3.6).
  useVisibleTask$(({ track, cleanup }) => {
    const full = track(() => query.fullscreen);
    if (!full) return;
    const onKey = (e: KeyboardEvent) => {
      if (e.key === "Escape" && !document.querySelector("details[open]")) setQuery({ fullscreen: false });
    };
    window.addEventListener("keydown", onKey);
    cleanup(() => window.removeEventListener("keydown", onKey));
  });

  const currentRange = $((): TimeRange => {
    const r = range.value;
    return r ? { start: new Date(r.start), end: new Date(r.end) } : resolveTimeRange(query.time, new Date());
  });

  const onFrameAction = $(async (action: FrameAction, frame: FrameInfo) => {
    const escaped = frame.label.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
    if (action === "search") await setQuery({ search: `^${escaped}$` }, "replace");
    else if (action === "calledby") await setQuery({ calledBy: frame.key, zoom: null });
    else if (action === "table") await setQuery({ view: "table", fn: frame.key, search: "" });
    else if (action === "sandwich") await setQuery({ view: "sandwich", fn: frame.key, search: "" });
    else if (action === "only-process")
      await setQuery({ processes: { include: true, names: [frame.label] } });
    else if (action === "hide-process") {
      const hidden = query.processes?.include === false ? query.processes.names : [];
      await setQuery({ processes: { include: false, names: [...hidden, frame.label] } });
    } else {
      const key = coordsKey(frame.coords);
      marks.value = action === "mark" ? [...marks.value, key] : marks.value.filter((k) => k !== key);
    }
  });

  const toggleMines = $(async () => {
    const q = query;
    if (q.mines) return setQuery({ mines: false }, "replace");
    const end = (await currentRange()).end.getTime();
    // A window still filling up would move under the marks: shift it back first (A.3.10).
    if (!marks.value.length && Date.now() - end < STABLE_MS) {
      note.value = "The time range moved 10 minutes back so the data under your marks stays put";
      return setQuery({ time: shiftedSelection(q.time, STABLE_MS, new Date()), mines: true });
    }
    await setQuery({ mines: true }, "replace");
  });

  const saveMines = $(async () => {
    const name = service.value;
    if (!name || !marks.value.length) return;
    try {
      const frames = marks.value.map((k) => {
        const [level, start, duration] = k.split(":").map(Number);
        return { level, start, duration };
      });
      const id = await saveSnapshot({
        frames,
        service: name,
        range: await currentRange(),
        filter: query.filter,
      });
      await setQuery({ snapshot: String(id) }, "replace");
      const link = permalink(new URL(window.location.href), new Date());
      if (window.isSecureContext && navigator.clipboard) {
        await navigator.clipboard.writeText(link);
        note.value = "Link copied to clipboard";
      } else note.value = `Snapshot saved: ${link}`;
    } catch (err) {
      note.value = `Saving the snapshot failed: ${errorMessage(err)}`;
    }
  });

  const { services, error: servicesError } = servicesResult.value;
  const serviceInfo = services.find((s) => s.name === service.value);
  const recentlyCreated =
    !!serviceInfo && Date.now() - new Date(serviceInfo.createDate).getTime() < COLLECTING_MS;

  return (
    <main class={["profiles", { fullscreen: query.fullscreen }]}>
      {!query.fullscreen && (
        <ProfilesHeader
          query={query}
          services={services}
          service={service.value}
          tree={raw.value}
          summary={
            state.value.kind === "ready"
              ? `${formatCount(state.value.samples)} samples · ${state.value.range}`
              : ""
          }
          loaded={state.value.kind === "ready"}
          range$={currentRange}
          setQuery$={setQuery}
          onRefresh$={() => reload.value++}
        />
      )}

      <div class="top-panel">
        <SearchBox
          query={query.search}
          result={searchResult}
          disabled={query.view === "service"}
          onApply$={(search) => setQuery({ search }, "replace")}
        />
        <button
          type="button"
          class="btn"
          title="Clear the search, process and runtime filters"
          disabled={!query.search && !query.processes && !query.runtimes}
          onClick$={() => setQuery({ search: "", processes: null, runtimes: null }, "replace")}
        >
          Reset view
        </button>
        <ViewSwitch view={query.view} href={href.value} />
        <button
          type="button"
          class="btn"
          data-testid="fullscreen-toggle"
          title={query.fullscreen ? "Exit fullscreen (Esc)" : "Fullscreen"}
          onClick$={() => setQuery({ fullscreen: !query.fullscreen })}
        >
          {query.fullscreen ? "Exit fullscreen" : "Fullscreen"}
        </button>
        <ShareDialog
          disabled={state.value.kind !== "ready"}
          request$={async () =>
            service.value
              ? {
                  service: service.value,
                  range: await currentRange(),
                  filter: query.filter,
                  truncation: query.truncation,
                  view: location.search,
                }
              : null
          }
        />
      </div>

      {!query.fullscreen && service.value && (
        <MetricsPanel
          scope={scope.value}
          ignoreZeros={query.ignoreZeros}
          samples={state.value.kind === "ready" ? state.value.samples : null}
          graphSettled={state.value.kind !== "loading" || query.view === "service"}
          open={query.metricsPanel}
          filtered={!!query.filter}
          onToggle$={(metricsPanel) => setQuery({ metricsPanel }, "replace")}
        />
      )}
      {note.value && (
        <p class="note" data-testid="page-note">
          {note.value}
          <button type="button" class="link" onClick$={() => (note.value = "")}>
            dismiss
          </button>
        </p>
      )}

      {servicesError ? (
        <StateMessage kind="error" title="Oops, something failed…" detail={servicesError} />
      ) : !service.value ? (
        <StateMessage
          kind="empty"
          title="No services installed yet"
          detail="Profiles appear here once a gProfiler agent uploads data."
        >
          <a class="btn primary" href="/installation">
            Install Service
          </a>
        </StateMessage>
      ) : query.view === "service" ? (
        <ServiceView
          scope={scope.value}
          gtab={query.gtab}
          resolution={query.resolution}
          onTab$={(gtab) => setQuery({ gtab }, "replace")}
          onResolution$={(resolution) => setQuery({ resolution }, "replace")}
          onRange$={(time) => setQuery({ time })}
        />
      ) : state.value.kind === "loading" ? (
        <Skeleton label="Loading flamegraph…" />
      ) : state.value.kind === "error" ? (
        <StateMessage kind="error" title="Oops, something failed…" detail={state.value.message}>
          <button type="button" class="btn" onClick$={() => reload.value++}>
            Try again
          </button>
        </StateMessage>
      ) : state.value.kind === "empty" ? (
        recentlyCreated ? (
          <StateMessage
            kind="empty"
            title="Collecting profiling data"
            detail={`${service.value} was created minutes ago; profiles arrive every minute.`}
          />
        ) : (
          <StateMessage
            kind="empty"
            title={
              query.filter
                ? "No data was found for the selected filter"
                : "No data was found for the selected timeframe"
            }
            detail={`${service.value} · ${state.value.range}. Try a longer time range${query.filter ? " or another filter" : ""}.`}
          />
        )
      ) : !display.value ? (
        query.calledBy && raw.value ? (
          <StateMessage
            kind="empty"
            title={`${query.calledBy} is not in this profile`}
            detail="Its callers cannot be shown."
          >
            <button type="button" class="btn" onClick$={() => setQuery({ calledBy: null })}>
              Back to the flame graph
            </button>
          </StateMessage>
        ) : (
          <Skeleton label="Filtering…" />
        )
      ) : display.value.value === 0 ? (
        <StateMessage
          kind="empty"
          title="No data was found for the selected filter"
          detail="The runtime, weight or process filters leave nothing to show."
        >
          <button
            type="button"
            class="btn"
            onClick$={() => setQuery({ runtimes: null, processes: null, weight: { kind: "all" } })}
          >
            Clear filters
          </button>
        </StateMessage>
      ) : query.view === "sandwich" ? (
        <SandwichView
          tree={display.value}
          fn={query.fn}
          depthLimit={query.depth}
          onSelect$={(fn) => setQuery({ fn })}
        />
      ) : query.view === "table" ? (
        <FunctionTable
          tree={display.value}
          search={query.search}
          searchResult={searchResult}
          sort={query.sort}
          fn={query.fn}
          splitTab={query.splitTab}
          depthLimit={query.depth}
          scope={scope.value}
          onSort$={(sort) => setQuery({ sort }, "replace")}
          onSelect$={(fn) => setQuery({ fn }, "replace")}
          onTab$={(splitTab) => setQuery({ splitTab }, "replace")}
          onShowInFlamegraph$={(key) =>
            setQuery({
              view: "flamegraph",
              search: `^${key.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")}$`,
              fn: null,
            })
          }
        />
      ) : (
        <FlameGraph
          tree={display.value}
          search={query.search}
          searchResult={searchResult}
          depthLimit={query.depth}
          zoom={query.zoom}
          icicle={!query.calledBy}
          processes={!query.calledBy}
          marks={marks.value}
          mines={query.mines}
          onZoom$={(path) => setQuery({ zoom: path }, "replace")}
          onAction$={onFrameAction}
          expand$={async (root, lineage, search) => {
            const answer = await fetchFlamegraphTree({
              service: service.value!,
              range: { start: new Date(range.value!.start), end: new Date(range.value!.end) },
              filter: query.filter,
              root: root ?? undefined,
              search,
            });
            return answer && raw.value ? filterAnswer(answer, lineage, raw.value, query) : null;
          }}
        >
          <FlameToolbar
            q:slot="bar"
            query={query}
            marks={marks.value.length}
            setQuery$={setQuery}
            onToggleMines$={toggleMines}
            onClearMarks$={() => (marks.value = [])}
            onSaveMines$={saveMines}
          />
        </FlameGraph>
      )}
      {(query.view === "flamegraph" || query.view === "table") && state.value.kind === "ready" && (
        <Legend
          tree={raw.value}
          runtimes={query.runtimes}
          mixedStacks={query.mixedStacks}
          onRuntimes$={(runtimes) => setQuery({ runtimes })}
          onMixed$={(mixedStacks) => setQuery({ mixedStacks })}
        />
      )}
    </main>
  );
});

export const head: DocumentHead = ({ resolveValue, url }) => {
  const { services } = resolveValue(useServices);
  const name = pickService(services, url.searchParams.get("service"));
  const first = resolveValue(useFirstFetch);
  return {
    title: name ? `Performance Studio - ${name}` : "Performance Studio",
    links: first ? [{ rel: "preload", as: "fetch", href: first.href, crossorigin: "anonymous" }] : [],
  };
};
