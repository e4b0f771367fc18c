/**
 * `/alerts` (ours): the function-level regression alerts — a function whose self or total share of a
 * service's samples rose in one hour against the 7 days before — newest first, filtered by service and
 * state (`service`, `state` in the URL), each linked to the differential flamegraph of its two windows and
 * citing the deployment it followed. Below, the thresholds and webhook of the selected service (or the
 * defaults of every service): editable by admins, read-only to everyone else.
 */
import { $, component$, useComputed$, useSignal, useVisibleTask$ } from "@builder.io/qwik";
import { useLocation, useNavigate, type DocumentHead } from "@builder.io/qwik-city";
import { acknowledgeAlert, fetchAlerts, type Alert, type AlertState } from "../../lib/alerts-api";
import { errorMessage } from "../../lib/api-client";
import { useServices, useUser } from "../../lib/loaders";
import { relativeHref, withParams } from "../../lib/profiles-query";
import { AlertSettingsForm } from "../../components/alerts/alert-settings-form";
import { AlertsTable } from "../../components/alerts/alerts-table";
import { Skeleton, StateMessage } from "../../components/ui/state-message";

export { useServices } from "../../lib/loaders";

type State = { kind: "loading" } | { kind: "ok"; alerts: Alert[] } | { kind: "error"; message: string };

const STATES: { value: AlertState | ""; label: string }[] = [
  { value: "open", label: "Open" },
  { value: "acknowledged", label: "Acknowledged" },
  { value: "", label: "All" },
];

export default component$(() => {
  const servicesResult = useServices();
  const user = useUser();
  const loc = useLocation();
  const nav = useNavigate();
  const service = useComputed$(() => loc.url.searchParams.get("service") || null);
  /** `open` unless the URL says otherwise (`state=all` for every alert). */
  const stateFilter = useComputed$(() => {
    const s = loc.url.searchParams.get("state");
    return s === "acknowledged" ? "acknowledged" : s === "all" ? "" : "open";
  });
  const state = useSignal<State>({ kind: "loading" });
  const reload = useSignal(0);

  const setQuery = $((updates: Record<string, string | null>) =>
    nav(relativeHref(withParams(new URL(window.location.href), updates))),
  );

  useVisibleTask$(
    async ({ track, cleanup }) => {
      const name = track(() => service.value);
      const st = track(() => stateFilter.value);
      track(() => reload.value);
      const controller = new AbortController();
      cleanup(() => controller.abort());
      state.value = { kind: "loading" };
      try {
        const alerts = await fetchAlerts({ service: name, state: (st || null) as AlertState | null }, controller.signal);
        state.value = { kind: "ok", alerts };
      } catch (err) {
        if (!controller.signal.aborted) state.value = { kind: "error", message: errorMessage(err) };
      }
    },
    { strategy: "document-ready" },
  );

  const acknowledge = $(async (id: number) => {
    let updated: Alert;
    try {
      updated = await acknowledgeAlert(id);
    } catch (err) {
      state.value = { kind: "error", message: errorMessage(err) };
      return;
    }
    const s = state.value;
    if (s.kind !== "ok") return;
    const alerts = s.alerts.map((a) => (a.id === id ? updated : a));
    state.value = { kind: "ok", alerts: stateFilter.value === "open" ? alerts.filter((a) => a.state === "open") : alerts };
  });

  const s = state.value;
  return (
    <main class="page alerts" data-testid="alerts">
      <div class="page-head">
        <h1>Regression alerts</h1>
        <span class="muted small">
          Functions whose share of a service's samples rose in the last hour against the 7 days before
        </span>
      </div>
      <header class="controls">
        <label class="field compact">
          <span class="field-label">Service</span>
          <select data-testid="alerts-service" onChange$={(_, el) => setQuery({ service: el.value || null })}>
            <option value="" selected={!service.value}>
              All services
            </option>
            {servicesResult.value.services.map((sv) => (
              <option key={sv.name} value={sv.name} selected={service.value === sv.name}>
                {sv.name}
              </option>
            ))}
          </select>
        </label>
        <label class="field compact">
          <span class="field-label">State</span>
          <select
            data-testid="alerts-state"
            onChange$={(_, el) => setQuery({ state: el.value === "open" ? null : el.value || "all" })}
          >
            {STATES.map((o) => (
              <option key={o.label} value={o.value} selected={stateFilter.value === o.value}>
                {o.label}
              </option>
            ))}
          </select>
        </label>
        <button type="button" class="btn icon" aria-label="Refresh" title="Refresh" onClick$={() => reload.value++}>
          ↻
        </button>
      </header>
      {s.kind === "loading" ? (
        <Skeleton testId="alerts-state-message" label="Loading alerts…" />
      ) : s.kind === "error" ? (
        <StateMessage kind="error" testId="alerts-state-message" title="Loading the alerts failed" detail={s.message} />
      ) : s.alerts.length === 0 ? (
        <StateMessage
          kind="empty"
          testId="alerts-state-message"
          title={stateFilter.value === "open" ? "No open alerts" : "No alerts"}
          detail="Every hour, each service's busiest functions are compared with their share over the 7 days before."
        />
      ) : (
        <AlertsTable alerts={s.alerts} onAcknowledge$={acknowledge} />
      )}
      <AlertSettingsForm service={service.value} canEdit={user.value?.isAdmin === true} />
    </main>
  );
});

export const head: DocumentHead = { title: "Alerts · Performance Studio" };
