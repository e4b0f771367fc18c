/**
 * `/admin/status` (administrators): every component of the studio as the Workers see it, one row per
 * check with the fix for a problem: the checks of GET /api/admin/status, which `npm run doctor` prints too.
 */
import { component$, useComputed$ } from "@builder.io/qwik";
import { routeLoader$, useLocation, useNavigate, type DocumentHead } from "@builder.io/qwik-city";
import { ADMIN_API, LEVEL_LABELS, sortChecks, type StudioStatus } from "../../../lib/admin";
import { loadFromApi } from "../../../lib/loaders";
import { AdminTabs } from "../../../components/admin/admin-tabs";
import { StateMessage } from "../../../components/ui/state-message";

export const useStatus = routeLoader$((ev) => loadFromApi<StudioStatus>(ev, ADMIN_API.status));

export default component$(() => {
  const status = useStatus();
  const loc = useLocation();
  const nav = useNavigate();
  const checks = useComputed$(() => sortChecks(status.value.data?.checks ?? []));
  const { data, error } = status.value;
  return (
    <main class="page admin" data-testid="admin-status">
      <div class="page-head">
        <h1>Status</h1>
        <button type="button" class="btn" data-testid="status-refresh" onClick$={() => nav(loc.url.pathname, { forceReload: true })}>
          Check again
        </button>
      </div>
      <AdminTabs />
      {error || !data ? (
        <StateMessage kind="error" testId="status-state" title="The status is unavailable" detail={error ?? "No answer"} />
      ) : (
        <>
          <div class="status-summary">
            <span class={["level", data.level]} data-testid="status-level">
              {LEVEL_LABELS[data.level]}
            </span>
            <span class="muted">
              {checks.value.filter((c) => c.level === "ok").length} of {checks.value.length} checks ok · checked{" "}
              {new Date(data.checkedAt).toLocaleString()} · the same checks as <code>npm run doctor</code>
            </span>
          </div>
          <div class="table-scroll">
            <table class="grid-table" data-testid="status-table">
              <thead>
                <tr>
                  <th>State</th>
                  <th>Check</th>
                  <th>Found</th>
                </tr>
              </thead>
              <tbody>
                {checks.value.map((c) => (
                  <tr key={c.id} data-check={c.id} data-level={c.level}>
                    <td>
                      <span class={["level", c.level]}>{LEVEL_LABELS[c.level]}</span>
                    </td>
                    <td>{c.label}</td>
                    <td class="detail">
                      {c.detail}
                      {c.fix && c.level !== "ok" && <div class="fix">Fix: {c.fix}</div>}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        </>
      )}
    </main>
  );
});

export const head: DocumentHead = { title: "Status · Performance Studio" };
