/**
 * `/agent-logs` (ours; the original wrote agent logs to a file nobody could read from the UI): the log
 * lines the agents shipped (`POST /api/v1/logs`, stored in ClickHouse `agent_logs`), for a service and
 * time range, filtered by host, minimum severity and text. Filters live in the URL.
 */
import { $, component$, useComputed$, useSignal, useVisibleTask$ } from "@builder.io/qwik";
import { useLocation, useNavigate, type DocumentHead } from "@builder.io/qwik-city";
import { errorMessage, fetchAgentLogs, isMissingRoute } from "../../lib/api-client";
import {
  LIMITS,
  parseAgentLogsQuery,
  SEVERITIES,
  severityLabel,
  type AgentLogsQuery,
} from "../../lib/agent-logs-query";
import { useServices } from "../../lib/loaders";
import { relativeHref, withParams } from "../../lib/profiles-query";
import { pickService } from "../../lib/services";
import { parseApiTime, resolveTimeRange, timeSelectionParams } from "../../lib/time-range";
import type { AgentLog } from "../../lib/wire";
import { ServicePicker } from "../../components/service-picker";
import { TimePicker } from "../../components/time-picker";
import { Skeleton, StateMessage } from "../../components/ui/state-message";

export { useServices } from "../../lib/loaders";

type State =
  | { kind: "loading" }
  | { kind: "ok"; logs: AgentLog[]; nextCursor: string | null; more: boolean }
  | { kind: "error"; message: string; missing: boolean };

const pad = (n: number, w = 2) => String(n).padStart(w, "0");
function formatTime(value: string): string {
  const t = /^\d+(\.\d+)?$/.test(value) ? Number(value) : parseApiTime(value);
  const d = new Date(t);
  if (Number.isNaN(d.getTime())) return value;
  return `${pad(d.getDate())}/${pad(d.getMonth() + 1)} ${pad(d.getHours())}:${pad(d.getMinutes())}:${pad(d.getSeconds())}.${pad(d.getMilliseconds(), 3)}`;
}

export default component$(() => {
  const servicesResult = useServices();
  const loc = useLocation();
  const nav = useNavigate();
  const query = useComputed$(() => parseAgentLogsQuery(loc.url.searchParams));
  const service = useComputed$(() => pickService(servicesResult.value.services, query.value.service));
  const state = useSignal<State>({ kind: "loading" });
  const reload = useSignal(0);
  const expanded = useSignal<number | null>(null);
  /** The resolved window of the shown lines, so "Load older" continues the same query. */
  const request = useSignal<{ service: string; start: string; end: string } | null>(null);

  const loadOlder = $(async () => {
    const s = state.value;
    const r = request.value;
    if (s.kind !== "ok" || !s.nextCursor || !r) return;
    state.value = { ...s, more: true };
    const q = query.value;
    try {
      const page = await fetchAgentLogs({
        service: r.service,
        range: { start: new Date(r.start), end: new Date(r.end) },
        hostname: q.host,
        severity: q.severity,
        search: q.search,
        limit: q.limit,
        cursor: s.nextCursor,
      });
      state.value = { kind: "ok", logs: [...s.logs, ...page.logs], nextCursor: page.nextCursor, more: false };
    } catch (err) {
      state.value = { kind: "error", message: errorMessage(err), missing: isMissingRoute(err) };
    }
  });

  const setQuery = $((fields: Partial<AgentLogsQuery>) => {
    const { time, ...rest } = fields;
    const updates: Record<string, string | null> = { ...(time && timeSelectionParams(time)) };
    for (const [k, v] of Object.entries(rest))
      updates[k] = v === "" || v === 0 || v === null ? null : String(v);
    return nav(relativeHref(withParams(new URL(window.location.href), updates)));
  });

  useVisibleTask$(
    async ({ track, cleanup }) => {
      const q = track(() => query.value);
      track(() => reload.value);
      const name = service.value;
      if (!name) return;
      const controller = new AbortController();
      cleanup(() => controller.abort());
      state.value = { kind: "loading" };
      expanded.value = null;
      try {
        const range = resolveTimeRange(q.time, new Date());
        request.value = { service: name, start: range.start.toISOString(), end: range.end.toISOString() };
        const page = await fetchAgentLogs(
          { service: name, range, hostname: q.host, severity: q.severity, search: q.search, limit: q.limit },
          controller.signal,
        );
        state.value = { kind: "ok", logs: page.logs, nextCursor: page.nextCursor, more: false };
      } catch (err) {
        if (!controller.signal.aborted)
          state.value = { kind: "error", message: errorMessage(err), missing: isMissingRoute(err) };
      }
    },
    { strategy: "document-ready" },
  );

  const s = state.value;
  return (
    <main class="page agent-logs" data-testid="agent-logs">
      <header class="controls">
        <ServicePicker
          services={servicesResult.value.services}
          selected={service.value}
          onSelect$={(name) => setQuery({ service: name })}
        />
        <TimePicker
          selection={query.value.time}
          service={service.value}
          onChange$={(time) => setQuery({ time })}
        />
        <form
          class="log-filters"
          preventdefault:submit
          onSubmit$={(_, form) => {
            const data = new FormData(form);
            return setQuery({
              host: String(data.get("host") ?? ""),
              search: String(data.get("search") ?? ""),
            });
          }}
        >
          <input
            type="text"
            name="host"
            placeholder="Host name"
            aria-label="Host name"
            value={query.value.host}
            data-testid="logs-host"
          />
          <input
            type="text"
            name="search"
            placeholder="Text in the message"
            aria-label="Search messages"
            value={query.value.search}
            data-testid="logs-search"
          />
          <button type="submit" class="btn">
            Filter
          </button>
        </form>
        <label class="field compact">
          <span class="field-label">Severity</span>
          <select data-testid="logs-severity" onChange$={(_, el) => setQuery({ severity: Number(el.value) })}>
            <option value="0" selected={query.value.severity === 0}>
              All
            </option>
            {SEVERITIES.map((sv) => (
              <option key={sv.level} value={String(sv.level)} selected={query.value.severity === sv.level}>
                {`${sv.label} and above`}
              </option>
            ))}
          </select>
        </label>
        <label class="field compact">
          <span class="field-label">Rows</span>
          <select onChange$={(_, el) => setQuery({ limit: Number(el.value) })}>
            {LIMITS.map((l) => (
              <option key={l} value={String(l)} selected={query.value.limit === l}>
                {String(l)}
              </option>
            ))}
          </select>
        </label>
        <button
          type="button"
          class="btn icon"
          aria-label="Refresh"
          title="Refresh"
          onClick$={() => reload.value++}
        >
          ↻
        </button>
      </header>
      {servicesResult.value.error ? (
        <StateMessage
          kind="error"
          testId="logs-state"
          title="Oops, something failed…"
          detail={servicesResult.value.error}
        />
      ) : !service.value ? (
        <StateMessage
          kind="empty"
          testId="logs-state"
          title="No services installed yet"
          detail="Agents ship their logs along with their profiles."
        />
      ) : s.kind === "loading" ? (
        <Skeleton testId="logs-state" label="Loading logs…" />
      ) : s.kind === "error" ? (
        <StateMessage
          kind="error"
          testId="logs-state"
          title={s.missing ? "Agent logs are not available yet" : "Loading the agent logs failed"}
          detail={s.missing ? `The api does not serve /api/agent_logs (${s.message}).` : s.message}
        >
          <button type="button" class="btn" onClick$={() => reload.value++}>
            Try again
          </button>
        </StateMessage>
      ) : s.logs.length === 0 ? (
        <StateMessage
          kind="empty"
          testId="logs-state"
          title="No log lines"
          detail={`No agent of ${service.value} logged anything${query.value.severity ? ` at ${severityLabel(query.value.severity)} or above` : ""} in this window.`}
        />
      ) : (
        <div class="table-scroll logs-table">
          <table class="grid-table" data-testid="logs-table">
            <thead>
              <tr>
                <th>
                  <button type="button" disabled>
                    Time
                  </button>
                </th>
                <th>
                  <button type="button" disabled>
                    Level
                  </button>
                </th>
                <th>
                  <button type="button" disabled>
                    Host
                  </button>
                </th>
                <th>
                  <button type="button" disabled>
                    Message
                  </button>
                </th>
              </tr>
            </thead>
            <tbody>
              {s.logs.map((log, i) => (
                <>
                  <tr
                    key={i}
                    class={`sev-${log.severity}`}
                    onClick$={() => (expanded.value = expanded.value === i ? null : i)}
                  >
                    <td class="mono">{formatTime(log.timestamp)}</td>
                    <td>
                      <span class={["sev", `sev-${log.severity}`]}>{severityLabel(log.severity)}</span>
                    </td>
                    <td>{log.hostname}</td>
                    <td class="message">{log.message}</td>
                  </tr>
                  {expanded.value === i && (
                    <tr key={`${i}-x`} class="log-extra">
                      <td colSpan={4}>
                        <pre>{JSON.stringify({ runId: log.runId, ...log.extra }, null, 2)}</pre>
                      </td>
                    </tr>
                  )}
                </>
              ))}
            </tbody>
          </table>
          <div class="table-footer">
            <span class="muted" data-testid="logs-count">
              {s.logs.length} lines, newest first
            </span>
            {s.nextCursor && (
              <button type="button" class="btn" disabled={s.more} onClick$={loadOlder}>
                {s.more ? "Loading…" : "Load older"}
              </button>
            )}
          </div>
        </div>
      )}
    </main>
  );
});

export const head: DocumentHead = { title: "Agent logs · Performance Studio" };
