/**
 * `/profiles` (frontend-and-agent.md A.3): service and time pickers, flamegraph search, and the
 * flamegraph. The view state lives in the URL (A.8: `service`, `time` | `startTime`+`endTime`, `search`,
 * `truncation`); other params are kept untouched. The service list is loaded on the server through the
 * API binding; the flamegraph is fetched and drawn in the browser.
 */
import {
  $,
  component$,
  noSerialize,
  Slot,
  useComputed$,
  useSignal,
  useTask$,
  useVisibleTask$,
} from "@builder.io/qwik";
import type { NoSerialize } from "@builder.io/qwik";
import { routeLoader$, useLocation, useNavigate, type DocumentHead } from "@builder.io/qwik-city";
import { apiGet, getApiBinding } from "../../lib/api-binding";
import { fetchFlamegraph, responseMessage } from "../../lib/api-client";
import { formatCount } from "../../lib/flame/format";
import { parseProfilesQuery, relativeHref, withParams } from "../../lib/profiles-query";
import { parseServices, pickService, sortServices } from "../../lib/services";
import {
  formatShortDate,
  resolveTimeRange,
  timeSelectionParams,
  type TimeSelection,
} from "../../lib/time-range";
import type { FlamegraphResponse, ServiceInfo } from "../../lib/wire";
import { FlameGraph, type SearchResult } from "../../components/flame-graph/flame-graph";
import { SearchBox } from "../../components/search-box";
import { ServicePicker } from "../../components/service-picker";
import { TimePicker } from "../../components/time-picker";

interface ServicesResult {
  services: ServiceInfo[];
  error: string | null;
}

/** `GET /api/services` on behalf of the browser (its cookies and Authorization go along); 204 means none. */
export const useServices = routeLoader$(async ({ platform, url, request }): Promise<ServicesResult> => {
  const api = getApiBinding(platform);
  if (!api) return { services: [], error: "The API service binding is not configured" };
  try {
    const res = await apiGet(api, url.origin, "/api/services", request.headers);
    if (res.status === 204) return { services: [], error: null };
    if (!res.ok) return { services: [], error: `Loading services failed: ${await responseMessage(res)}` };
    return { services: sortServices(parseServices(await res.json())), error: null };
  } catch (err) {
    return {
      services: [],
      error: `Loading services failed: ${err instanceof Error ? err.message : String(err)}`,
    };
  }
});

type LoadState =
  | { kind: "loading" }
  | { kind: "ready"; samples: number; range: string }
  | { kind: "empty"; range: string }
  | { kind: "error"; message: string };

export default component$(() => {
  const servicesResult = useServices();
  const loc = useLocation();
  const nav = useNavigate();

  const query = useComputed$(() => parseProfilesQuery(loc.url.searchParams));
  const service = useComputed$(() => pickService(servicesResult.value.services, query.value.service));
  const search = useSignal(query.value.search);
  const searchResult = useSignal<SearchResult>({ kind: "none" });
  const tree = useSignal<NoSerialize<FlamegraphResponse>>();
  const state = useSignal<LoadState>({ kind: "loading" });
  const reload = useSignal(0);

  // Back/forward and navigations carry `search` in the URL.
  useTask$(({ track }) => {
    search.value = track(() => query.value.search);
  });

  const fetchKey = useComputed$(() =>
    JSON.stringify([service.value, query.value.time, query.value.truncation, reload.value]),
  );

  useVisibleTask$(
    async ({ track, cleanup }) => {
      track(() => fetchKey.value);
      const name = service.value;
      if (!name) return;
      const { time, truncation } = query.value;
      const controller = new AbortController();
      cleanup(() => controller.abort());
      state.value = { kind: "loading" };
      tree.value = undefined;
      const range = resolveTimeRange(time, new Date());
      const rangeText = `${formatShortDate(range.start)} → ${formatShortDate(range.end)}`;
      try {
        const data = await fetchFlamegraph({ service: name, range, truncation }, controller.signal);
        if (controller.signal.aborted) return;
        if (!data) {
          state.value = { kind: "empty", range: rangeText };
          return;
        }
        tree.value = noSerialize(data);
        state.value = { kind: "ready", samples: data.value, range: rangeText };
      } catch (err) {
        if (controller.signal.aborted) return;
        const message = err instanceof Error ? err.message : String(err);
        state.value = { kind: "error", message };
      }
    },
    { strategy: "document-ready" },
  );

  const go = $((updates: Record<string, string | null>) =>
    nav(relativeHref(withParams(new URL(window.location.href), updates))),
  );
  // Changing the service clears the search (A.3.1).
  const selectService = $((name: string) => go({ service: name, search: null }));
  const selectTime = $((time: TimeSelection) => go(timeSelectionParams(time)));
  // Search changes on every debounced keystroke: update the URL in place, without a navigation.
  const applySearch = $((value: string) => {
    search.value = value;
    const url = withParams(new URL(window.location.href), { search: value });
    history.replaceState(history.state, "", relativeHref(url));
  });

  const { services, error: servicesError } = servicesResult.value;
  const body = state.value;

  return (
    <main class="profiles">
      <header class="controls">
        <ServicePicker services={services} selected={service.value} onSelect$={selectService} />
        <TimePicker selection={query.value.time} onChange$={selectTime} />
        <button
          type="button"
          class="btn icon"
          title="Refresh (relative ranges move to now)"
          aria-label="Refresh"
          disabled={!service.value}
          onClick$={() => reload.value++}
        >
          ↻
        </button>
        <div class="spacer" />
        {body.kind === "ready" && (
          <span class="muted" data-testid="profile-summary">
            {formatCount(body.samples)} samples · {body.range}
          </span>
        )}
      </header>

      <div class="top-panel">
        <SearchBox query={search} result={searchResult} onApply$={applySearch} />
      </div>

      {servicesError ? (
        <StateMessage kind="error" title="Oops, something failed…" detail={servicesError} />
      ) : !service.value ? (
        <StateMessage
          kind="empty"
          title="No services installed yet"
          detail="Profiles appear here once a gProfiler agent uploads data."
        />
      ) : body.kind === "loading" ? (
        <div class="state skeleton" data-testid="flamegraph-state" data-state="loading" aria-busy="true">
          <span class="sr-only">Loading flamegraph…</span>
          {[100, 92, 74, 61, 48, 33, 20].map((w) => (
            <div key={w} class="skeleton-bar" style={{ width: `${w}%` }} />
          ))}
        </div>
      ) : body.kind === "empty" ? (
        <StateMessage
          kind="empty"
          title="No data was found for the selected timeframe"
          detail={`${service.value} · ${body.range}. Try a longer time range.`}
        />
      ) : body.kind === "error" ? (
        <StateMessage kind="error" title="Oops, something failed…" detail={body.message}>
          <button type="button" class="btn" onClick$={() => reload.value++}>
            Try again
          </button>
        </StateMessage>
      ) : (
        <FlameGraph tree={tree.value} search={search} searchResult={searchResult} />
      )}
    </main>
  );
});

const StateMessage = component$<{ kind: "empty" | "error"; title: string; detail: string }>((props) => (
  <div class={["state", props.kind]} data-testid="flamegraph-state" data-state={props.kind} role="status">
    <p class="state-title">{props.title}</p>
    <p class="state-detail">{props.detail}</p>
    <Slot />
  </div>
));

export const head: DocumentHead = ({ resolveValue, url }) => {
  const { services } = resolveValue(useServices);
  const name = pickService(services, url.searchParams.get("service"));
  return { title: name ? `Performance Studio - ${name}` : "Performance Studio" };
};
