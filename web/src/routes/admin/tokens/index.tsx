/**
 * `/admin/tokens`: the agents' API keys (admins only). Create one (name, optional service scope,
 * optional expiry; the key is shown once), see each key's prefix, scope, dates and state, expire or
 * revoke it. Agents using a revoked or expired key are refused by the ingest Worker within seconds.
 */
import { $, component$, useSignal, useVisibleTask$ } from "@builder.io/qwik";
import type { DocumentHead } from "@builder.io/qwik-city";
import { errorMessage } from "../../../lib/api-client";
import {
  createToken,
  fetchTokens,
  relativeTime,
  revokeToken,
  setTokenExpiry,
  type AgentToken,
} from "../../../lib/accounts";
import { CopyButton } from "../../../components/ui/copy-button";
import { StateMessage } from "../../../components/ui/state-message";

const EXPIRY = [
  { value: "", label: "Never" },
  { value: "30", label: "30 days" },
  { value: "90", label: "90 days" },
  { value: "365", label: "1 year" },
];

export default component$(() => {
  const tokens = useSignal<AgentToken[] | null>(null);
  const error = useSignal("");
  const name = useSignal("");
  const service = useSignal("");
  const expiry = useSignal("");
  const created = useSignal<{ name: string; token: string } | null>(null);
  const now = useSignal(new Date().toISOString());

  const reload = $(async () => {
    try {
      tokens.value = await fetchTokens();
      now.value = new Date().toISOString();
      error.value = "";
    } catch (err) {
      error.value = errorMessage(err);
    }
  });
  useVisibleTask$(() => reload());

  const act = $(async (step: () => Promise<unknown>) => {
    try {
      await step();
    } catch (err) {
      error.value = errorMessage(err);
      return;
    }
    await reload();
  });

  const at = new Date(now.value);
  return (
    <main class="page" data-testid="tokens-page">
      <div class="page-head">
        <h1>Agent keys</h1>
        <span class="muted">
          The API keys agents send (--token). A key scoped to a service writes only to it.
        </span>
      </div>
      <form
        class="admin-form"
        preventdefault:submit
        onSubmit$={() =>
          act(async () => {
            const t = await createToken({
              name: name.value.trim(),
              service: service.value.trim() || null,
              expiresInDays: expiry.value ? Number(expiry.value) : null,
            });
            created.value = { name: t.name, token: t.token };
            name.value = service.value = "";
          })
        }
      >
        <label>
          Name
          <input
            type="text"
            required
            bind:value={name}
            data-testid="token-name"
            placeholder="e.g. production hosts"
          />
        </label>
        <label>
          Service (optional)
          <input type="text" bind:value={service} data-testid="token-service" placeholder="any service" />
        </label>
        <label>
          Expires
          <select bind:value={expiry} data-testid="token-expiry">
            {EXPIRY.map((e) => (
              <option key={e.value} value={e.value}>
                {e.label}
              </option>
            ))}
          </select>
        </label>
        <button type="submit" class="btn primary" data-testid="token-create">
          Create key
        </button>
      </form>
      {created.value && (
        <div class="new-secret" data-testid="token-created">
          <span>
            Key <b>{created.value.name}</b>, shown only now:
          </span>
          <code data-testid="token-value">{created.value.token}</code>
          <CopyButton text={created.value.token} label="Copy" />
          <button type="button" class="link" onClick$={() => (created.value = null)}>
            done
          </button>
        </div>
      )}
      {error.value && (
        <p class="form-error" data-testid="tokens-error">
          {error.value}
        </p>
      )}
      {tokens.value === null ? (
        !error.value && <p class="muted">Loading…</p>
      ) : tokens.value.length === 0 ? (
        <StateMessage kind="empty" testId="tokens-state" title="No agent keys yet" />
      ) : (
        <div class="table-scroll">
          <table class="grid-table admin-table" data-testid="tokens-table">
            <thead>
              <tr>
                <th>Name</th>
                <th>Key</th>
                <th>Scope</th>
                <th>Created</th>
                <th>Expires</th>
                <th>Last used</th>
                <th>State</th>
                <th />
              </tr>
            </thead>
            <tbody>
              {tokens.value.map((t) => (
                <tr key={t.id} data-token={t.name} data-state={t.state}>
                  <td>
                    {t.name}
                    {t.installKey && (
                      <span class="env" title="Shown on the Install Service page">
                        install
                      </span>
                    )}
                  </td>
                  <td>
                    <code>{t.prefix}…</code>
                  </td>
                  <td>{t.service ?? "any service"}</td>
                  <td title={t.createdAt ?? ""}>{relativeTime(t.createdAt, at, "—")}</td>
                  <td title={t.expiresAt ?? ""}>{relativeTime(t.expiresAt, at)}</td>
                  <td title={t.lastUsed ?? ""}>{relativeTime(t.lastUsed, at, "not yet")}</td>
                  <td>
                    <span class={["state-badge", t.state]}>{t.state}</span>
                  </td>
                  <td class="row-actions">
                    {t.state === "active" && (
                      <button
                        type="button"
                        class="btn small"
                        data-testid="token-expire"
                        title="The key stops working now; revoking is final, expiry can be lifted"
                        onClick$={() => act(() => setTokenExpiry(t.id, new Date().toISOString()))}
                      >
                        Expire now
                      </button>
                    )}
                    {t.state === "expired" && (
                      <button
                        type="button"
                        class="btn small"
                        onClick$={() => act(() => setTokenExpiry(t.id, null))}
                      >
                        Lift expiry
                      </button>
                    )}
                    {t.state !== "revoked" && (
                      <button
                        type="button"
                        class="btn small"
                        data-testid="token-revoke"
                        onClick$={() =>
                          confirm(`Revoke the key "${t.name}"? Agents using it stop uploading.`) &&
                          act(() => revokeToken(t.id))
                        }
                      >
                        Revoke
                      </button>
                    )}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </main>
  );
});

export const head: DocumentHead = { title: "Agent keys · Performance Studio" };
