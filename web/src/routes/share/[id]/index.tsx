/**
 * `/share/<id>`: a shared snapshot, open without login (the layout asks for no user here and the api's
 * GET /api/shares/{id} is public). It draws the frozen flamegraph with the view it was shared with
 * (search, zoom, runtime, weight and process filters); search and zoom work, but change nothing stored.
 * It says what it is: service, range, filter, who shared it and when, expiry, and whether names were
 * redacted.
 */
import {
  component$,
  noSerialize,
  useSignal,
  useStore,
  useVisibleTask$,
  type NoSerialize,
} from "@builder.io/qwik";
import { useLocation, type DocumentHead } from "@builder.io/qwik-city";
import { ApiError, errorMessage } from "../../../lib/api-client";
import { diffFlamegraphs } from "../../../../../workers/core/src/flamegraph-diff";
import { applyFilters } from "../../../lib/flame/filters";
import { formatCount } from "../../../lib/flame/format";
import { calledByGraph } from "../../../lib/flame/table";
import { parseProfilesQuery, type ProfilesQuery } from "../../../lib/profiles-query";
import { fetchShare, type ShareMeta } from "../../../lib/shares";
import { describeFilter, fromRql } from "../../../lib/tag-filter";
import type { FlameNode, FlamegraphResponse } from "../../../lib/wire";
import { FlameGraph, type SearchResult } from "../../../components/flame-graph/flame-graph";
import { Legend } from "../../../components/flame-graph/legend";
import { SearchBox } from "../../../components/search-box";
import { Skeleton, StateMessage } from "../../../components/ui/state-message";
import { Brand } from "../../layout";

type LoadState =
  | { kind: "loading" }
  | { kind: "ready"; meta: ShareMeta }
  | { kind: "gone" }
  | { kind: "missing" }
  | { kind: "error"; message: string };

const when = (iso: string) =>
  new Date(iso).toLocaleString(undefined, { dateStyle: "medium", timeStyle: "short" });

function filterText(raw: string | null): string {
  if (!raw) return "none";
  try {
    return describeFilter(fromRql(JSON.parse(raw))) || raw;
  } catch {
    return raw;
  }
}

export default component$(() => {
  const loc = useLocation();
  const state = useSignal<LoadState>({ kind: "loading" });
  const raw = useSignal<NoSerialize<FlamegraphResponse>>();
  /** A compare page share: the second window's graph, and whether it was shown side by side. */
  const rawCompared = useSignal<NoSerialize<FlamegraphResponse>>();
  const sideBySide = useSignal(false);
  const display = useSignal<NoSerialize<FlameNode>>();
  // The shared view, then whatever the viewer changes locally (search, zoom, runtimes).
  const view = useStore<ProfilesQuery>(parseProfilesQuery(new URLSearchParams()));
  const searchResult = useSignal<SearchResult>({ kind: "none" });

  useVisibleTask$(async ({ cleanup }) => {
    const controller = new AbortController();
    cleanup(() => controller.abort());
    void import("../../../components/flame-graph/draw");
    try {
      const doc = await fetchShare(loc.params.id, controller.signal);
      const params = new URLSearchParams(doc.view);
      Object.assign(view, parseProfilesQuery(params));
      sideBySide.value = params.get("cview") === "side";
      rawCompared.value = doc.compared ? noSerialize(doc.compared) : undefined;
      raw.value = noSerialize(doc.flamegraph);
      state.value = { kind: "ready", meta: doc.meta };
    } catch (err) {
      if (controller.signal.aborted) return;
      const status = err instanceof ApiError ? err.status : 0;
      state.value =
        status === 410
          ? { kind: "gone" }
          : status === 404
            ? { kind: "missing" }
            : { kind: "error", message: errorMessage(err) };
    }
  });

  // The profiles page's pipeline (runtime → weight → processes, then "called by") on the frozen graph;
  // a compare share shows the differential graph of its two windows as shares of each profile (the frozen
  // copy keeps no core counts for the compare page's per-core-second scale).
  useVisibleTask$(({ track }) => {
    const data = track(() => raw.value);
    const q = track(() => ({ ...view }));
    if (!data) return;
    if (rawCompared.value) {
      const compared = rawCompared.value;
      display.value = noSerialize(diffFlamegraphs(data, compared, data.value / compared.value));
      return;
    }
    const filtered = applyFilters(data, data.percentiles, q);
    display.value = noSerialize(q.calledBy ? (calledByGraph(filtered, q.calledBy) ?? filtered) : filtered);
  });

  const s = state.value;
  return (
    <main class="profiles share-page" data-testid="share-page">
      <header class="page-head share-head">
        <Brand />
        <h1>Shared snapshot</h1>
        {s.kind === "ready" && (
          <span
            class="state-badge"
            data-testid="share-redacted"
            title="Whether names were redacted before sharing"
          >
            {s.meta.redacted ? "Redacted" : "Not redacted"}
          </span>
        )}
      </header>
      {s.kind === "ready" && (
        <dl class="share-meta" data-testid="share-meta">
          <div>
            <dt>Service</dt>
            <dd data-testid="share-service">{s.meta.service}</dd>
          </div>
          <div>
            <dt>Range</dt>
            <dd>
              {when(s.meta.startTime)} – {when(s.meta.endTime)}
            </dd>
          </div>
          {s.meta.compared && (
            <div>
              <dt>Compared with</dt>
              <dd data-testid="share-compared">
                {s.meta.compared.service} · {when(s.meta.compared.startTime)} –{" "}
                {when(s.meta.compared.endTime)}
              </dd>
            </div>
          )}
          <div>
            <dt>Filter</dt>
            <dd>{filterText(s.meta.filter)}</dd>
          </div>
          <div>
            <dt>Samples</dt>
            <dd>{formatCount(raw.value?.value ?? 0)}</dd>
          </div>
          <div>
            <dt>Shared</dt>
            <dd>
              {when(s.meta.createdAt)} by {s.meta.createdBy}
            </dd>
          </div>
          <div>
            <dt>Expires</dt>
            <dd data-testid="share-expires">{s.meta.expiresAt ? when(s.meta.expiresAt) : "never"}</dd>
          </div>
        </dl>
      )}
      {s.kind === "ready" && (
        <div class="top-panel">
          <SearchBox
            query={view.search}
            result={searchResult}
            onApply$={(search) => (view.search = search)}
          />
        </div>
      )}
      {s.kind === "loading" ? (
        <Skeleton label="Loading the shared snapshot…" />
      ) : s.kind === "gone" ? (
        <StateMessage
          kind="empty"
          title="This share has expired"
          detail="Ask whoever sent the link for a new one."
        />
      ) : s.kind === "missing" ? (
        <StateMessage
          kind="empty"
          title="No such share"
          detail="The link is wrong, or the share was removed."
        />
      ) : s.kind === "error" ? (
        <StateMessage kind="error" title="Oops, something failed…" detail={s.message} />
      ) : !display.value || display.value.value === 0 ? (
        <StateMessage
          kind="empty"
          title="Nothing to show"
          detail="The shared view's filters leave no frames."
        />
      ) : rawCompared.value && sideBySide.value ? (
        <div class="side-by-side">
          <FlameGraph
            tree={raw.value}
            search={view.search}
            depthLimit={view.depth}
            zoom={null}
            testId="flamegraph-base"
          />
          <FlameGraph
            tree={rawCompared.value}
            search={view.search}
            depthLimit={view.depth}
            zoom={null}
            hotkeys={false}
            testId="flamegraph-compared"
          />
        </div>
      ) : (
        <FlameGraph
          tree={display.value}
          search={view.search}
          searchResult={searchResult}
          depthLimit={view.depth}
          zoom={view.zoom}
          icicle={!view.calledBy}
          processes={!view.calledBy}
          variant={rawCompared.value ? "diff" : "runtime"}
          onZoom$={(path) => {
            view.zoom = path;
          }}
        />
      )}
      {s.kind === "ready" && !s.meta.compared && (
        <Legend
          tree={raw.value}
          runtimes={view.runtimes}
          mixedStacks={view.mixedStacks}
          onRuntimes$={(runtimes) => {
            view.runtimes = runtimes;
          }}
          onMixed$={(mixed) => {
            view.mixedStacks = mixed;
          }}
        />
      )}
    </main>
  );
});

export const head: DocumentHead = {
  title: "Shared snapshot · Performance Studio",
  // The link is the key: it must not leak to other sites through Referer, nor be indexed.
  meta: [
    { name: "referrer", content: "no-referrer" },
    { name: "robots", content: "noindex" },
  ],
};
