/**
 * `/admin/services?service=NAME` (administrators): a service's settings. Today its downsampling
 * threshold (backend-api.md §3.2.5): the share of its uploads the ingest Worker drops before storing them,
 * applied from the next upload on (the original had it set by hand in SQL).
 */
import { $, component$, useComputed$, useSignal, useTask$ } from "@builder.io/qwik";
import { routeLoader$, useLocation, useNavigate, type DocumentHead } from "@builder.io/qwik-city";
import {
  ADMIN_API,
  describeThreshold,
  fromPercent,
  saveServiceSettings,
  toPercent,
  type ServiceSettings,
} from "../../../lib/admin";
import { errorMessage } from "../../../lib/api-client";
import { loadFromApi, useServices } from "../../../lib/loaders";
import { relativeHref, withParams } from "../../../lib/profiles-query";
import { pickService } from "../../../lib/services";
import { AdminTabs } from "../../../components/admin/admin-tabs";
import { ServicePicker } from "../../../components/service-picker";
import { StateMessage } from "../../../components/ui/state-message";

export { useServices } from "../../../lib/loaders";

/** The settings of the URL's service (else the first one), read during SSR as the signed-in user. */
export const useSettings = routeLoader$(async (ev) => {
  const name = pickService((await ev.resolveValue(useServices)).services, ev.url.searchParams.get("service"));
  return name ? loadFromApi<ServiceSettings>(ev, ADMIN_API.serviceSettings(name)) : { data: null, error: null };
});

type Saved = { kind: "idle" } | { kind: "saving" } | { kind: "saved"; text: string } | { kind: "error"; text: string };

export default component$(() => {
  const servicesResult = useServices();
  const loc = useLocation();
  const nav = useNavigate();
  const service = useComputed$(() => pickService(servicesResult.value.services, loc.url.searchParams.get("service")));
  const settings = useSettings();
  /** The percentage as typed; the slider and the field edit the same text. */
  const percent = useSignal("");
  const saved = useSignal<Saved>({ kind: "idle" });
  const threshold = useComputed$(() => fromPercent(percent.value));

  // Each (re)load of the page or of another service starts from the stored value.
  useTask$(({ track }) => {
    const stored = track(() => settings.value.data);
    percent.value = stored ? String(toPercent(stored.sampleThreshold)) : "";
    saved.value = { kind: "idle" };
  });

  const save = $(async () => {
    const name = service.value;
    const value = threshold.value;
    if (!name || value === null) return;
    saved.value = { kind: "saving" };
    try {
      const stored = await saveServiceSettings(name, value);
      percent.value = String(toPercent(stored.sampleThreshold));
      saved.value = { kind: "saved", text: `Saved: ${toPercent(stored.sampleThreshold)}% dropped from the next upload on.` };
    } catch (err) {
      saved.value = { kind: "error", text: errorMessage(err) };
    }
  });

  const s = saved.value;
  return (
    <main class="page admin" data-testid="admin-services">
      <div class="page-head">
        <h1>Service settings</h1>
      </div>
      <AdminTabs />
      <header class="controls">
        <ServicePicker
          services={servicesResult.value.services}
          selected={service.value}
          onSelect$={(name) => nav(relativeHref(withParams(new URL(window.location.href), { service: name })))}
        />
      </header>
      {servicesResult.value.error || settings.value.error ? (
        <StateMessage kind="error" testId="settings-state" title="The settings are unavailable" detail={servicesResult.value.error ?? settings.value.error ?? ""} />
      ) : !service.value ? (
        <StateMessage kind="empty" testId="settings-state" title="No services yet" detail="A service appears once an agent uploads for it." />
      ) : (
        <section class="settings-panel" data-testid="settings-panel">
          <h2>Downsampling</h2>
          <p class="muted">
            The share of <strong>{service.value}</strong>'s profile uploads dropped before they are stored or indexed. Agents
            are still answered “ok”; the flamegraph's sample counts cover the uploads kept.
          </p>
          <form preventdefault:submit onSubmit$={save}>
            <div class="threshold-row">
              <input
                type="range"
                min="0"
                max="100"
                step="1"
                aria-label="Uploads dropped (%)"
                value={threshold.value === null ? 0 : toPercent(threshold.value)}
                onInput$={(_, el) => {
                  percent.value = el.value;
                  saved.value = { kind: "idle" };
                }}
              />
              <input
                type="text"
                inputMode="decimal"
                aria-label="Uploads dropped, percent"
                data-testid="threshold-input"
                value={percent.value}
                onInput$={(_, el) => {
                  percent.value = el.value;
                  saved.value = { kind: "idle" };
                }}
              />
              <span>% dropped</span>
            </div>
            <p data-testid="threshold-description">
              {threshold.value === null ? "Enter a percentage from 0 to 100." : describeThreshold(threshold.value)}
            </p>
            <button type="submit" class="btn primary" data-testid="threshold-save" disabled={threshold.value === null || s.kind === "saving"}>
              {s.kind === "saving" ? "Saving…" : "Save"}
            </button>
            {(s.kind === "saved" || s.kind === "error") && (
              <span class={["save-result", { error: s.kind === "error" }]} data-testid="threshold-result" role="status">
                {s.text}
              </span>
            )}
          </form>
        </section>
      )}
    </main>
  );
});

export const head: DocumentHead = { title: "Service settings · Performance Studio" };
