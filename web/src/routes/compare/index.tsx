/**
 * `/compare` (frontend-and-agent.md A.4): a base and a compared window, of one service or two. Ours on
 * top of the original's table: a differential flamegraph (red grew, blue shrank, by share of each
 * profile) and the two flamegraphs side by side. State in the URL (`cService`, `cTime`… A.8, plus ours).
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
import { errorMessage, fetchFlamegraph } from "../../lib/api-client";
import { scopeKey } from "../../lib/scope";
import {
  compareParams,
  parseCompareQuery,
  type CompareQuery,
  type CompareView,
} from "../../lib/compare-query";
import { diffTrees } from "../../lib/flame/diff";
import { useServices } from "../../lib/loaders";
import { permalink, relativeHref, withParams } from "../../lib/profiles-query";
import { pickService } from "../../lib/services";
import { assignChanged } from "../../lib/sync";
import {
  resolveTimeRange,
  selectionLabel,
  timeSelectionParams,
  type TimeSelection,
} from "../../lib/time-range";
import type { FlameNode } from "../../lib/wire";
import { CompareMetrics } from "../../components/compare/compare-metrics";
import { CompareTable } from "../../components/compare/compare-table";
import { FlameGraph, type SearchResult } from "../../components/flame-graph/flame-graph";
import { SearchBox } from "../../components/search-box";
import { ShareDialog } from "../../components/share/share-dialog";
import { ServicePicker } from "../../components/service-picker";
import { TimePicker } from "../../components/time-picker";
import { CopyButton } from "../../components/ui/copy-button";
import { Skeleton, StateMessage } from "../../components/ui/state-message";

export { useServices } from "../../lib/loaders";

type Side =
  | { kind: "loading" }
  | { kind: "ready"; tree: NoSerialize<FlameNode>; label: string }
  | { kind: "empty"; label: string }
  | { kind: "error"; message: string };

const VIEWS: { id: CompareView; label: string }[] = [
  { id: "diff", label: "Differential flame graph" },
  { id: "side", label: "Side by side" },
  { id: "table", label: "Table" },
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
  const sides = useSignal<[Side, Side]>([{ kind: "loading" }, { kind: "loading" }]);
  // Trees in signals of their own: component props read from plain locals would not update (Qwik).
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
      ...((time || cTime || "service" in fields || "cService" in fields) && { zoom: null }),
    };
    const url = withParams(new URL(window.location.href), updates);
    if (mode === "replace") {
      history.replaceState(history.state, "", relativeHref(url));
      href.value = url.href;
    } else await nav(relativeHref(url));
  });

  const fetchKey = useComputed$(() =>
    JSON.stringify([service.value, cService.value, query.time, query.cTime]),
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
      sides.value = [{ kind: "loading" }, { kind: "loading" }];
      diff.value = undefined;
      const load = async (name: string, range: typeof rb): Promise<Side> => {
        const label = `${name} · ${selectionLabel({ kind: "custom", startTime: range.start.toISOString(), endTime: range.end.toISOString() })}`;
        try {
          const tree = await fetchFlamegraph({ service: name, range }, controller.signal);
          return tree ? { kind: "ready", tree: noSerialize(tree), label } : { kind: "empty", label };
        } catch (err) {
          return { kind: "error", message: errorMessage(err) };
        }
      };
      const next = (await Promise.all([load(a, rb), load(b, rc)])) as [Side, Side];
      if (controller.signal.aborted) return;
      sides.value = next;
      if (next[0].kind === "ready" && next[1].kind === "ready") {
        baseTree.value = next[0].tree;
        comparedTree.value = next[1].tree;
        diff.value = noSerialize(diffTrees(next[0].tree!, next[1].tree!));
      }
    },
    { strategy: "document-ready" },
  );

  // The copyable permalink fixes both ranges (buildComparisonPermaLink, A.4).
  useVisibleTask$(({ track }) => {
    track(() => href.value);
    link.value = permalink(new URL(window.location.href), new Date(), ["", "c"]);
  });

  const baseScope = useComputed$(() => {
    const r = ranges.value;
    return r ? scopeKey(service.value, { start: r[0], end: r[1] }, null) : "";
  });
  const comparedScope = useComputed$(() => {
    const r = ranges.value;
    return r ? scopeKey(cService.value, { start: r[2], end: r[3] }, null) : "";
  });

  const [base, compared] = sides.value;
  const samples = sides.value.map((s) => (s.kind === "ready" ? s.tree!.value : null)) as [
    number | null,
    number | null,
  ];
  const failed = sides.value.find((s) => s.kind === "error") as { message: string } | undefined;
  const empty = sides.value.find((s) => s.kind === "empty") as { label: string } | undefined;
  const ready = base.kind === "ready" && compared.kind === "ready";

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

      {servicesResult.value.error ? (
        <StateMessage kind="error" title="Oops, something failed…" detail={servicesResult.value.error} />
      ) : !service.value ? (
        <StateMessage
          kind="empty"
          title="Time comparison"
          detail="Compare between different times of the same service, or two services. No service has sent profiles yet."
        />
      ) : failed ? (
        <StateMessage kind="error" title="Oops, something failed…" detail={failed ? failed.message : ""} />
      ) : empty ? (
        <StateMessage
          kind="empty"
          title="No data was found for one side"
          detail={`${empty.label}: no profiles in this window. Pick another time range.`}
        />
      ) : !ready ? (
        <Skeleton label="Loading both profiles…" />
      ) : query.view === "table" ? (
        <CompareTable
          base={baseTree.value}
          compared={comparedTree.value}
          search={query.search}
          sort={query.sort}
          onSort$={(sort) => setQuery({ sort }, "replace")}
        />
      ) : query.view === "side" ? (
        <div class="side-by-side">
          <div>
            <p class="side-label">{base.label}</p>
            <FlameGraph
              tree={baseTree.value}
              search={query.search}
              depthLimit={800}
              zoom={null}
              testId="flamegraph-base"
            />
          </div>
          <div>
            <p class="side-label compared">{compared.label}</p>
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
            <span class="muted">{base.label}</span>
            <span class="diff-scale">
              <i style={{ background: "rgb(30, 110, 220)" }} />
              shrank
              <i style={{ background: "rgb(242, 242, 242)" }} />
              same
              <i style={{ background: "rgb(229, 57, 53)" }} />
              grew
            </span>
            <span class="muted">{compared.label}</span>
          </div>
        </FlameGraph>
      )}
    </main>
  );
});

export const head: DocumentHead = { title: "Compare · Performance Studio" };
