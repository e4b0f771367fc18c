/**
 * `/overview` (frontend-and-agent.md A.5): the services with their node and core counts, creation and
 * last update, and lowest agent version; searchable by regex, sortable (both in the URL). A service name
 * opens its profiles.
 */
import { component$, useComputed$, useSignal, useVisibleTask$ } from "@builder.io/qwik";
import { Link, routeLoader$, useLocation, useNavigate, type DocumentHead } from "@builder.io/qwik-city";
import { API } from "../../lib/api-client";
import { formatCount } from "../../lib/flame/format";
import { loadFromApi } from "../../lib/loaders";
import { formatAverage } from "../../lib/metrics";
import { compareVersions, dayLabel, ENV_LABELS, ENV_TITLES, textMatcher } from "../../lib/overview";
import { relativeHref, withParams } from "../../lib/profiles-query";
import type { OverviewService, OverviewSummary } from "../../lib/wire";
import { StateMessage } from "../../components/ui/state-message";

export const useOverview = routeLoader$(async (ev) => {
  const [summary, services] = await Promise.all([
    loadFromApi<OverviewSummary>(ev, API.overview),
    loadFromApi<OverviewService[]>(ev, API.overviewServices),
  ]);
  return {
    summary: summary.data,
    services: Array.isArray(services.data) ? services.data : [],
    error: services.error ?? summary.error,
  };
});

const COLUMNS = [
  { key: "serviceName", label: "Service name" },
  { key: "createDate", label: "Create date" },
  { key: "lastUpdated", label: "Last update" },
  { key: "nodes", label: "Nodes", numeric: true },
  { key: "cores", label: "Cores", numeric: true },
  { key: "agentVersionLowest", label: "Version" },
] as const;
type Key = (typeof COLUMNS)[number]["key"];

function compare(a: OverviewService, b: OverviewService, key: Key): number {
  if (key === "agentVersionLowest") return compareVersions(a.agentVersionLowest, b.agentVersionLowest);
  if (key === "nodes" || key === "cores") return (a[key] ?? 0) - (b[key] ?? 0);
  return String(a[key] ?? "").localeCompare(String(b[key] ?? ""));
}

export default component$(() => {
  const data = useOverview();
  const loc = useLocation();
  const nav = useNavigate();
  const search = useSignal(loc.url.searchParams.get("search") ?? "");
  const sortParam = loc.url.searchParams.get("osort") ?? "createDate.desc";
  const [sortKey, sortDir] = sortParam.split(".") as [Key, string];

  // The filter is in the URL without a navigation, so nothing else reloads while typing.
  useVisibleTask$(({ track }) => {
    const value = track(() => search.value);
    history.replaceState(
      history.state,
      "",
      relativeHref(withParams(new URL(location.href), { search: value || null })),
    );
  });

  const rows = useComputed$(() => {
    const match = textMatcher(search.value);
    const key = COLUMNS.some((c) => c.key === sortKey) ? sortKey : "createDate";
    const dir = sortDir === "asc" ? 1 : -1;
    return data.value.services.filter((s) => match(s.serviceName)).sort((a, b) => dir * compare(a, b, key));
  });

  const { summary, error } = data.value;
  const nodes = rows.value.reduce((sum, s) => sum + Math.max(0, s.nodes ?? 0), 0);
  const cores = rows.value.reduce((sum, s) => sum + Math.max(0, s.cores ?? 0), 0);
  const today = new Date();
  return (
    <main class="page overview" data-testid="overview">
      <div class="page-head">
        <h1>Overview</h1>
        <Link href={`/installation${loc.url.search}`} class="btn primary">
          Install Service
        </Link>
      </div>
      <div class="service-summary">
        <div class="stat">
          <span class="stat-label">Services</span>
          <span class="stat-value" data-testid="overview-services">
            {formatCount(rows.value.length)}
          </span>
        </div>
        <div class="stat">
          <span class="stat-label">Nodes</span>
          <span class="stat-value">{formatCount(nodes)}</span>
        </div>
        <div class="stat">
          <span class="stat-label">Cores</span>
          <span class="stat-value">{formatCount(cores)}</span>
        </div>
        {summary && (
          <div class="stat wide">
            <span class="stat-label">Last 24 hours</span>
            <span class="stat-value small-value">
              {formatCount(summary.services)} services · {formatAverage(summary.instances)} instances ·{" "}
              {formatAverage(summary.cores)} cores
            </span>
          </div>
        )}
      </div>
      {error ? (
        <StateMessage
          kind="error"
          testId="overview-state"
          title="The services overview is unavailable"
          detail={error}
        />
      ) : data.value.services.length === 0 ? (
        <StateMessage
          kind="empty"
          testId="overview-state"
          title="No services yet"
          detail="Install the agent on your hosts and the services appear here."
        >
          <Link href="/installation" class="btn primary">
            Install Service
          </Link>
        </StateMessage>
      ) : (
        <div class="table-scroll">
          <div class="table-toolbar">
            <input
              type="text"
              placeholder="Search services (regex)"
              aria-label="Search services"
              data-testid="overview-search"
              bind:value={search}
            />
          </div>
          <table class="grid-table" data-testid="overview-table">
            <thead>
              <tr>
                {COLUMNS.map((c) => (
                  <th key={c.key} class={{ numeric: "numeric" in c, sorted: sortKey === c.key }}>
                    <button
                      type="button"
                      data-sort={c.key}
                      onClick$={() => {
                        const dir = sortKey === c.key && sortDir === "desc" ? "asc" : "desc";
                        return nav(
                          relativeHref(withParams(new URL(location.href), { osort: `${c.key}.${dir}` })),
                          { replaceState: true },
                        );
                      }}
                    >
                      {c.label}
                      {sortKey === c.key ? (sortDir === "asc" ? " ▲" : " ▼") : ""}
                    </button>
                  </th>
                ))}
              </tr>
            </thead>
            <tbody>
              {rows.value.map((s) => (
                <tr key={s.serviceId} data-service={s.serviceName}>
                  <td>
                    {s.envType && (
                      <span class="env" title={ENV_TITLES[s.envType] ?? s.envType}>
                        {ENV_LABELS[s.envType] ?? s.envType}
                      </span>
                    )}
                    <Link href={`/profiles?service=${encodeURIComponent(s.serviceName)}`}>
                      {s.serviceName}
                    </Link>
                  </td>
                  <td>{dayLabel(s.createDate, today)}</td>
                  <td>{dayLabel(s.lastUpdated, today)}</td>
                  <td class="numeric">{s.nodes > 0 ? formatCount(s.nodes) : "N/A"}</td>
                  <td class="numeric">{s.cores > 0 ? formatCount(s.cores) : "N/A"}</td>
                  <td>{s.agentVersionLowest ?? "—"}</td>
                </tr>
              ))}
            </tbody>
          </table>
          {rows.value.length === 0 && <p class="table-empty">No service matches “{search.value}”</p>}
          {data.value.services.length < 3 && (
            <p class="table-footer">
              <Link class="btn" href="/installation">
                + Add another service
              </Link>
            </p>
          )}
        </div>
      )}
    </main>
  );
});

export const head: DocumentHead = { title: "Overview · Performance Studio" };
