/**
 * `/compare` (frontend-and-agent.md A.4): a base and a compared window, of one service or two. Ours on
 * top of the original's table: a differential flamegraph (red grew, blue shrank), normalised per
 * core-second of each side's fleet, by each profile's total or raw; the functions added, removed, grown
 * and shrunk; the two flamegraphs side by side. Each side can also be a tag filter and an agent version.
 * One request (GET /api/flamegraph/diff) brings everything. State in the URL (`cService`, `cTime`… A.8,
 * plus ours, lib/compare-query.ts).
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
  type NoSerialize,
} from "@builder.io/qwik";
import { useLocation, useNavigate, type DocumentHead } from "@builder.io/qwik-city";
import { errorMessage, fetchAgentVersions, fetchFlamegraphDiff } from "../../lib/api-client";
import { scopeKey } from "../../lib/scope";
import {
  compareParams,
  parseCompareQuery,
  type CompareQuery,
  type CompareView,
} from "../../lib/compare-query";
import { useServices } from "../../lib/loaders";
import { permalink, relativeHref, withParams } from "../../lib/profiles-query";
import { pickService } from "../../lib/services";
import { assignChanged } from "../../lib/sync";
import {
  resolveTimeRange,
  selectionLabel,
  timeSelectionParams,
  type TimeRange,
  type TimeSelection,
} from "../../lib/time-range";
import type { FlameNode } from "../../lib/wire";
import { sideOf } from "../../../../workers/core/src/flamegraph-diff";
import type { Normaliser } from "../../../../workers/core/src/normalise";
import type { FlamegraphDiffResponse } from "../../../../workers/core/src/wire/flamegraph-diff";
import { CompareFunction } from "../../components/compare/compare-function";
import { CompareMetrics } from "../../components/compare/compare-metrics";
import { CompareTable } from "../../components/compare/compare-table";
import { FunctionChanges } from "../../components/compare/function-changes";
import { NormaliseInfo } from "../../components/compare/normalise-info";
import { TagFilterButton } from "../../components/profiles/tag-filter";
import { FlameGraph, type SearchResult } from "../../components/flame-graph/flame-graph";
import { SearchBox } from "../../components/search-box";
import { ShareDialog } from "../../components/share/share-dialog";
import { ServicePicker } from "../../components/service-picker";
import { TimePicker } from "../../components/time-picker";
import { CopyButton } from "../../components/ui/copy-button";
import { Skeleton, StateMessage } from "../../components/ui/state-message";

export { useServices } from "../../lib/loaders";

type Loaded =
  | { kind: "loading" }
  | { kind: "ready"; labels: [string, string] }
  | { kind: "empty"; labels: [string, string] }
  | { kind: "error"; message: string };

const VIEWS: { id: CompareView; label: string }[] = [
  { id: "diff", label: "Differential flame graph" },
  { id: "changes", label: "Changes" },
  { id: "side", label: "Side by side" },
  { id: "table", label: "Table" },
];

/** An input's `list` attribute (Qwik's input type lacks it): the agent version hints of one side. */
const datalist = (side: 0 | 1) => ({ list: `agent-versions-${side}` });

/** A change of any of these is another profile on one side: the diff graph's zoom no longer applies. */
const SIDE_FIELDS = ["service", "cService", "filter", "cFilter", "agentVersion", "cAgentVersion"];

const NORMALISERS: { id: Normaliser; label: string; title: string }[] = [
  {
    id: "cores",
    label: "Per core-second",
    title:
      "Samples per core-second of each side's machines: more hosts or a longer window is not a regression",
  },
  { id: "share", label: "Share of profile", title: "Each side as a share of its own samples" },
  { id: "raw", label: "Raw samples", title: "Sample counts as collected" },
];

export default component$(() => {
  const servicesResult = useServices();
  const loc = useLocation();
  const nav = useNavigate();
  const href = useSignal(loc.url.href);
  useTask$(({ track }) => {
    href.value = track(() => loc.url.href);
  });
  const query = useStore<CompareQuery>(parseCompareQuery(loc.url.searchParams));
  useTask$(({ track }) => {
    assignChanged(query, parseCompareQuery(new URL(track(() => href.value)).searchParams));
  });
  const services = servicesResult.value.services;
  const service = useComputed$(() => pickService(services, query.service));
  const cService = useComputed$(() => pickService(services, query.cService ?? service.value));
  const loaded = useSignal<Loaded>({ kind: "loading" });
  // Trees in signals of their own: component props read from plain locals would not update (Qwik).
  const result = useSignal<NoSerialize<FlamegraphDiffResponse>>();
  const baseTree = useSignal<NoSerialize<FlameNode>>();
  const comparedTree = useSignal<NoSerialize<FlameNode>>();
  const diff = useSignal<NoSerialize<FlameNode>>();
  const ranges = useSignal<[string, string, string, string] | null>(null);
  const searchResult = useSignal<SearchResult>({ kind: "none" });
  const link = useSignal("");

  const setQuery = $(async (fields: Partial<CompareQuery>, mode: "push" | "replace" = "push") => {
    const { time, cTime, ...rest } = fields;
    const updates = {
      ...compareParams(rest),
      ...(time && timeSelectionParams(time)),
      ...(cTime && timeSelectionParams(cTime, "c")),
      ...((time || cTime || SIDE_FIELDS.some((f) => f in fields)) && { zoom: null }),
    };
    const url = withParams(new URL(window.location.href), updates);
    if (mode === "replace") {
      history.replaceState(history.state, "", relativeHref(url));
      href.value = url.href;
    } else await nav(relativeHref(url));
  });

  const fetchKey = useComputed$(() =>
    JSON.stringify([
      service.value,
      cService.value,
      query.time,
      query.cTime,
      query.filter,
      query.cFilter,
      query.agentVersion,
      query.cAgentVersion,
      query.normalize,
    ]),
  );

  useVisibleTask$(
    async ({ track, cleanup }) => {
      track(() => fetchKey.value);
      const [a, b] = [service.value, cService.value];
      if (!a || !b) return;
      const controller = new AbortController();
      cleanup(() => controller.abort());
      const now = new Date();
      const rb = resolveTimeRange(query.time, now);
      const rc = resolveTimeRange(query.cTime, now);
      ranges.value = [
        rb.start.toISOString(),
        rb.end.toISOString(),
        rc.start.toISOString(),
        rc.end.toISOString(),
      ];
      loaded.value = { kind: "loading" };
      const label = (name: string, range: typeof rb, version: string | null) =>
        `${name} · ${selectionLabel({ kind: "custom", startTime: range.start.toISOString(), endTime: range.end.toISOString() })}` +
        (version ? ` · agent ${version}` : "");
      const labels: [string, string] = [label(a, rb, query.agentVersion), label(b, rc, query.cAgentVersion)];
      try {
        const data = await fetchFlamegraphDiff(
          { service: a, range: rb, filter: query.filter, agentVersion: query.agentVersion },
          { service: b, range: rc, filter: query.cFilter, agentVersion: query.cAgentVersion },
          query.normalize,
          controller.signal,
        );
        if (controller.signal.aborted) return;
        if (!data) {
          loaded.value = { kind: "empty", labels };
          return;
        }
        result.value = noSerialize(data);
        diff.value = noSerialize(data.tree);
        baseTree.value = noSerialize(sideOf(data.tree, "base"));
        comparedTree.value = noSerialize(sideOf(data.tree, "compared"));
        loaded.value = { kind: "ready", labels };
      } catch (err) {
        if (!controller.signal.aborted) loaded.value = { kind: "error", message: errorMessage(err) };
      }
    },
    { strategy: "document-ready" },
  );

  // Hints for the agent version inputs: what each side's service ran lately.
  const versions = useSignal<[string[], string[]]>([[], []]);
  useVisibleTask$(async ({ track, cleanup }) => {
    const names = [track(() => service.value), track(() => cService.value)];
    const controller = new AbortController();
    cleanup(() => controller.abort());
    const load = (name: string | null) =>
      name ? fetchAgentVersions(name, controller.signal).catch(() => []) : Promise.resolve([]);
    const [a, b] = await Promise.all(names.map(load));
    if (!controller.signal.aborted) versions.value = [a, b];
  });

  // The copyable permalink fixes both ranges (buildComparisonPermaLink, A.4).
  useVisibleTask$(({ track }) => {
    track(() => href.value);
    link.value = permalink(new URL(window.location.href), new Date(), ["", "c"]);
  });

  const baseScope = useComputed$(() => {
    const r = ranges.value;
    return r ? scopeKey(service.value, { start: r[0], end: r[1] }, query.filter) : "";
  });
  const comparedScope = useComputed$(() => {
    const r = ranges.value;
    return r ? scopeKey(cService.value, { start: r[2], end: r[3] }, query.cFilter) : "";
  });

  const state = loaded.value;
  const data = result.value;
  const ready = state.kind === "ready";
  const samples: [number | null, number | null] =
    ready && data ? [data.base.samples, data.compared.samples] : [null, null];
  const labels: [string, string] = state.kind === "ready" || state.kind === "empty" ? state.labels : ["", ""];
  // The tag filters' value suggestions come from each side's resolved window.
  const baseRange = $((): TimeRange => {
    const r = ranges.value;
    return r ? { start: new Date(r[0]), end: new Date(r[1]) } : resolveTimeRange(query.time, new Date());
  });
  const comparedRange = $((): TimeRange => {
    const r = ranges.value;
    return r ? { start: new Date(r[2]), end: new Date(r[3]) } : resolveTimeRange(query.cTime, new Date());
  });

  return (
    <main class="compare">
      <header class="compare-header">
        <div class="compare-sides">
          <div class="compare-side">
            <h2>Base</h2>
            <ServicePicker
              services={services}
              selected={service.value}
              onSelect$={(name) => setQuery({ service: name })}
            />
            <TimePicker
              selection={query.time}
              service={service.value}
              label="Time"
              onChange$={(time: TimeSelection) => setQuery({ time })}
            />
            <TagFilterButton
              service={service.value}
              range$={baseRange}
              filter={query.filter}
              onApply$={(filter) => setQuery({ filter })}
            />
            <input
              class="agent-version"
              data-testid="agent-version"
              {...datalist(0)}
              placeholder="Agent version"
              title="Only the hosts that ran this gProfiler version, e.g. 1.35.0"
              value={query.agentVersion ?? ""}
              onChange$={(_, el) => setQuery({ agentVersion: el.value.trim() || null })}
            />
          </div>
          <div class="compare-side compared">
            <h2>Compared</h2>
            <ServicePicker
              services={services}
              selected={cService.value}
              testId="compare-service-picker"
              onSelect$={(name) => setQuery({ cService: name })}
            />
            <TimePicker
              selection={query.cTime}
              service={cService.value}
              label="Time"
              testId="compare-time-picker"
              onChange$={(cTime: TimeSelection) => setQuery({ cTime })}
            />
            <TagFilterButton
              service={cService.value}
              range$={comparedRange}
              filter={query.cFilter}
              onApply$={(cFilter) => setQuery({ cFilter })}
            />
            <input
              class="agent-version"
              data-testid="compare-agent-version"
              {...datalist(1)}
              placeholder="Agent version"
              title="Only the hosts that ran this gProfiler version, e.g. 1.36.0"
              value={query.cAgentVersion ?? ""}
              onChange$={(_, el) => setQuery({ cAgentVersion: el.value.trim() || null })}
            />
          </div>
        </div>
        <CompareMetrics base={baseScope.value} compared={comparedScope.value} samples={samples} />
      </header>
      <div class="top-panel">
        <SearchBox
          query={query.search}
          result={searchResult}
          placeholder="Search functions (regex)"
          onApply$={(search) => setQuery({ search }, "replace")}
        />
        <button
          type="button"
          class="btn"
          disabled={!query.search && !query.zoom}
          onClick$={() => setQuery({ search: "", zoom: null }, "replace")}
        >
          Reset view
        </button>
        <nav class="segmented" aria-label="Comparison view" data-testid="compare-view-switch">
          {VIEWS.map((v) => (
            <a
              key={v.id}
              href="#"
              preventdefault:click
              class={{ active: query.view === v.id }}
              data-view={v.id}
              onClick$={() => setQuery({ view: v.id, zoom: null })}
            >
              {v.label}
            </a>
          ))}
        </nav>
        <nav class="segmented" aria-label="Normalisation" data-testid="normalise-switch">
          {NORMALISERS.map((n) => (
            <a
              key={n.id}
              href="#"
              preventdefault:click
              title={n.title}
              class={{ active: query.normalize === n.id }}
              data-normalise={n.id}
              onClick$={() => setQuery({ normalize: n.id }, "replace")}
            >
              {n.label}
            </a>
          ))}
        </nav>
        <CopyButton text={link.value} label="Copy permalink" testId="compare-permalink" />
        <ShareDialog
          disabled={!ready}
          request$={async () => {
            const r = ranges.value;
            if (!r || !service.value || !cService.value) return null;
            return {
              service: service.value,
              range: { start: new Date(r[0]), end: new Date(r[1]) },
              view: location.search,
              compareWith: { service: cService.value, range: { start: new Date(r[2]), end: new Date(r[3]) } },
            };
          }}
        />
      </div>
      {ready && <NormaliseInfo diff={result.value} />}
      {versions.value.map((list, side) => (
        <datalist key={side} id={`agent-versions-${side}`}>
          {list.map((v) => (
            <option key={v} value={v} />
          ))}
        </datalist>
      ))}

      {servicesResult.value.error ? (
        <StateMessage kind="error" title="Oops, something failed…" detail={servicesResult.value.error} />
      ) : !service.value ? (
        <StateMessage
          kind="empty"
          title="Time comparison"
          detail="Compare between different times of the same service, or two services. No service has sent profiles yet."
        />
      ) : state.kind === "error" ? (
        <StateMessage kind="error" title="Oops, something failed…" detail={state.message} />
      ) : state.kind === "empty" ? (
        <StateMessage
          kind="empty"
          title="No data was found on either side"
          detail={`${state.labels[0]} and ${state.labels[1]}: no profiles. Pick other time ranges or filters.`}
        />
      ) : !ready ? (
        <Skeleton label="Loading both profiles…" />
      ) : query.view === "changes" ? (
        <FunctionChanges diff={result.value} />
      ) : query.view === "table" ? (
        <>
          {query.fn && (
            <CompareFunction
              fn={query.fn}
              base={baseScope.value}
              compared={comparedScope.value}
              labels={labels}
              onClose$={() => setQuery({ fn: null }, "replace")}
            />
          )}
          <CompareTable
            factor={data?.factor ?? 1}
            base={baseTree.value}
            compared={comparedTree.value}
            search={query.search}
            sort={query.sort}
            onSort$={(sort) => setQuery({ sort }, "replace")}
            selected={query.fn}
            onSelect$={(fn) => setQuery({ fn }, "replace")}
          />
        </>
      ) : query.view === "side" ? (
        <div class="side-by-side">
          <div>
            <p class="side-label">{labels[0]}</p>
            <FlameGraph
              tree={baseTree.value}
              search={query.search}
              depthLimit={800}
              zoom={null}
              testId="flamegraph-base"
            />
          </div>
          <div>
            <p class="side-label compared">{labels[1]}</p>
            <FlameGraph
              tree={comparedTree.value}
              search={query.search}
              depthLimit={800}
              zoom={null}
              hotkeys={false}
              testId="flamegraph-compared"
            />
          </div>
        </div>
      ) : (
        <FlameGraph
          tree={diff.value}
          search={query.search}
          searchResult={searchResult}
          depthLimit={800}
          zoom={query.zoom}
          variant="diff"
          testId="flamegraph-diff"
          onZoom$={(zoom) => setQuery({ zoom }, "replace")}
        >
          <div q:slot="bar" class="diff-legend" data-testid="diff-legend">
            <span class="muted">{labels[0]}</span>
            <span class="diff-scale">
              <i style={{ background: "rgb(30, 110, 220)" }} />
              shrank
              <i style={{ background: "rgb(242, 242, 242)" }} />
              same
              <i style={{ background: "rgb(229, 57, 53)" }} />
              grew
            </span>
            <span class="muted">{labels[1]}</span>
          </div>
        </FlameGraph>
      )}
    </main>
  );
});

export const head: DocumentHead = { title: "Compare · Performance Studio" };
