/**
 * `/installation` (frontend-and-agent.md A.6): the user's API key, a service name (existing or new,
 * validated), the agents' domain (`AGENTS_URL` in web/wrangler.toml), and the install commands and files
 * for every target with those filled in; then a status that turns green once the service sends data
 * (the services list, polled every 15 s). All choices live in the URL.
 */
import { $, component$, useComputed$, useSignal, useTask$, useVisibleTask$ } from "@builder.io/qwik";
import { Link, useLocation, useNavigate, type DocumentHead } from "@builder.io/qwik-city";
import { errorMessage, fetchApiKey, fetchServices } from "../../lib/api-client";
import {
  INSTALL_METHODS,
  installSteps,
  normalizeHost,
  serviceNameProblems,
  type InstallMethodId,
} from "../../lib/install";
import { useAgentsUrl, useServices } from "../../lib/loaders";
import { relativeHref, withParams } from "../../lib/profiles-query";
import type { ServiceInfo } from "../../lib/wire";
import { InstallFileView } from "../../components/installation/install-file";
import { CodeBlock } from "../../components/ui/copy-button";
import { StateMessage } from "../../components/ui/state-message";

export { useAgentsUrl, useServices } from "../../lib/loaders";

const POLL_MS = 15_000;

export default component$(() => {
  const loc = useLocation();
  const nav = useNavigate();
  const agentsUrl = useAgentsUrl();
  const servicesResult = useServices();
  const params = loc.url.searchParams;
  const method = useComputed$(() => {
    const m = loc.url.searchParams.get("method");
    return (INSTALL_METHODS.some((x) => x.id === m) ? m : "docker") as InstallMethodId;
  });
  const service = useSignal(params.get("service") ?? "");
  const host = useSignal(params.get("host") ?? agentsUrl.value);
  const namespace = useSignal(params.get("ns") ?? "granulate");
  const noVerify = useComputed$(() => loc.url.searchParams.get("nv") !== "0");
  const apiKey = useSignal<
    { kind: "loading" } | { kind: "ok"; key: string } | { kind: "error"; message: string }
  >({ kind: "loading" });
  const services = useSignal<ServiceInfo[]>(servicesResult.value.services);

  useTask$(({ track }) => {
    service.value = track(() => loc.url.searchParams.get("service") ?? "");
  });

  useVisibleTask$(async () => {
    try {
      apiKey.value = { kind: "ok", key: await fetchApiKey() };
    } catch (err) {
      apiKey.value = { kind: "error", message: errorMessage(err) };
    }
  });

  // ServiceDataStatus: poll until the service shows up with data (A.6), not while the tab is hidden.
  useVisibleTask$(({ cleanup }) => {
    const timer = setInterval(async () => {
      if (document.hidden) return;
      services.value = await fetchServices().catch(() => services.value);
    }, POLL_MS);
    cleanup(() => clearInterval(timer));
  });

  const setParam = $((key: string, value: string | null) =>
    nav(relativeHref(withParams(new URL(window.location.href), { [key]: value })), {
      replaceState: true,
      scroll: false,
    }),
  );

  const problems = serviceNameProblems(service.value);
  const hostUrl = normalizeHost(host.value);
  const key = apiKey.value.kind === "ok" ? apiKey.value.key : "";
  const ready = !problems.length && !!hostUrl && !!key;
  const existing = services.value.find((s) => s.name === service.value);
  const steps = installSteps(method.value, {
    apiKey: key || "<API key>",
    service: service.value || "<service name>",
    host: hostUrl ?? "<agents URL>",
    noVerify: noVerify.value,
    namespace: namespace.value || "granulate",
  });

  if (apiKey.value.kind === "error") {
    return (
      <main class="page installation">
        <StateMessage
          kind="error"
          testId="install-state"
          title="Error getting api token"
          detail={apiKey.value.message}
        />
      </main>
    );
  }

  return (
    <main class="page installation" data-testid="installation">
      <div class="page-head">
        <h1>Getting Started</h1>
        <span class="muted">
          Install the gProfiler agent on your hosts; profiles show up here a minute later.
        </span>
      </div>
      <ol class="install-steps">
        <li>
          <h3>Your API key</h3>
          <p class="muted">Agents authenticate with it. Keep it out of public repositories.</p>
          {apiKey.value.kind === "ok" ? (
            <CodeBlock testId="api-key">{apiKey.value.key}</CodeBlock>
          ) : (
            <p class="muted">Loading…</p>
          )}
        </li>
        <li>
          <h3>Choose a service name</h3>
          <p class="muted">Hosts that send the same service name are aggregated into one service.</p>
          <input
            type="text"
            class="wide-input"
            placeholder="e.g. checkout-api"
            data-testid="install-service"
            value={service.value}
            {...{ list: "install-services" }}
            onInput$={(_, el) => (service.value = el.value)}
            onChange$={(_, el) => setParam("service", el.value || null)}
          />
          <datalist id="install-services">
            {services.value.map((s) => (
              <option key={s.name} value={s.name} />
            ))}
          </datalist>
          {service.value && problems.length > 0 && (
            <ul class="form-error hints" data-testid="service-problems">
              {problems.map((p) => (
                <li key={p}>{p}</li>
              ))}
            </ul>
          )}
          {existing && <p class="muted small">“{existing.name}” exists: new hosts join it.</p>}
        </li>
        <li>
          <h3>The agents' server</h3>
          <p class="muted">The address agents upload to (the ingest Worker's domain).</p>
          <input
            type="text"
            class="wide-input"
            data-testid="install-host"
            value={host.value}
            onInput$={(_, el) => (host.value = el.value)}
            onChange$={(_, el) => setParam("host", el.value === agentsUrl.value ? null : el.value)}
          />
          {!hostUrl && <p class="form-error">Enter an http(s) URL</p>}
        </li>
        <li>
          <h3>Deploy the agent</h3>
          <div class="tabs install-methods" role="tablist">
            {INSTALL_METHODS.map((m) => (
              <button
                key={m.id}
                type="button"
                role="tab"
                aria-selected={method.value === m.id}
                class={{ active: method.value === m.id }}
                data-method={m.id}
                onClick$={() => setParam("method", m.id === "docker" ? null : m.id)}
              >
                {m.label}
              </button>
            ))}
          </div>
          <div class="install-options">
            <label class="check">
              <input
                type="checkbox"
                checked={noVerify.value}
                onChange$={(_, el) => setParam("nv", el.checked ? null : "0")}
              />
              <span>Include skip verification flag for SSL certificate (--no-verify)</span>
            </label>
            {(method.value === "k8s" || method.value === "helm") && (
              <label class="field compact">
                <span class="field-label">Namespace</span>
                <input
                  type="text"
                  value={namespace.value}
                  onInput$={(_, el) => (namespace.value = el.value)}
                  onChange$={(_, el) => setParam("ns", el.value === "granulate" ? null : el.value)}
                />
              </label>
            )}
          </div>
          {!ready && <p class="muted">Enter a valid service name to get the commands.</p>}
          <div class="install-method" data-testid="install-commands">
            {steps.map((step, i) => (
              <div key={`${method.value}-${i}`} class="install-step">
                <h4>{step.title}</h4>
                {step.file && ready && (
                  <InstallFileView
                    file={step.file}
                    service={service.value}
                    namespace={namespace.value || "granulate"}
                  />
                )}
                {step.code && (
                  <CodeBlock disabled={!ready} testId={`install-code-${i}`}>
                    {step.code}
                  </CodeBlock>
                )}
                {step.note && <p class="muted small">{step.note}</p>}
              </div>
            ))}
          </div>
        </li>
        <li>
          <h3>Understand code performance in production</h3>
          <p class="muted">
            The agent samples every process on the host about 11 times a second and uploads a profile each
            minute. Open the flame graph to see where CPU time goes, the table to rank functions, and the
            service view for CPU and memory over time.
          </p>
          <div class="data-status" data-testid="data-status">
            {existing?.hasData ? (
              <>
                <span class="ok-dot" /> Profiling data has arrived from service <b>{existing.name}</b>.
                <Link class="btn primary" href={`/profiles?service=${encodeURIComponent(existing.name)}`}>
                  Open its profiles →
                </Link>
              </>
            ) : (
              <>
                <span class="wait-dot" /> Waiting for data{service.value ? ` from ${service.value}` : ""}…
                (checked every 15 seconds)
              </>
            )}
          </div>
        </li>
      </ol>
    </main>
  );
});

export const head: DocumentHead = { title: "Install · Performance Studio" };
