/**
 * `/admin/tokens`: the agents' API keys (admins only). Create one (name, optional service scope,
 * optional expiry; the key is shown once), see each key's prefix, scope, dates and state, expire or
 * revoke it. Agents using a revoked or expired key are refused by the ingest Worker within seconds.
 */
import { $, component$, useSignal } from "@builder.io/qwik";
import type { DocumentHead } from "@builder.io/qwik-city";
import {
  createToken,
  fetchTokens,
  relativeTime,
  revokeToken,
  setTokenExpiry,
  type AgentToken,
} from "../../../lib/accounts";
import { AdminPage, AdminTable, RowAction } from "../../../components/admin/admin-page";
import { useAdminList } from "../../../components/admin/use-admin-list";
import { CopyButton } from "../../../components/ui/copy-button";
import { StateMessage } from "../../../components/ui/state-message";

const EXPIRY = [
  { value: "", label: "Never" },
  { value: "30", label: "30 days" },
  { value: "90", label: "90 days" },
  { value: "365", label: "1 year" },
];

export default component$(() => {
  const { rows: tokens, error, notice, now, act } = useAdminList<AgentToken>($(fetchTokens));
  const name = useSignal("");
  const service = useSignal("");
  const expiry = useSignal("");
  const created = useSignal<{ name: string; token: string } | null>(null);

  const at = new Date(now.value);
  return (
    <AdminPage
      name="tokens"
      title="Agent keys"
      intro="The API keys agents send (--token). A key scoped to a service writes only to it."
      error={error.value}
      notice={notice.value}
      loaded={tokens.value !== null}
    >
      <form
        q:slot="form"
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
        <div q:slot="form" class="new-secret" data-testid="token-created">
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
      {tokens.value?.length === 0 && (
        <StateMessage kind="empty" testId="tokens-state" title="No agent keys yet" />
      )}
      {!!tokens.value?.length && (
        <AdminTable
          testId="tokens-table"
          columns={["Name", "Key", "Scope", "Created", "Expires", "Last used", "State"]}
        >
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
                  <RowAction
                    testId="token-expire"
                    title="The key stops working now; revoking is final, expiry can be lifted"
                    onClick$={() => act(() => setTokenExpiry(t.id, new Date().toISOString()))}
                  >
                    Expire now
                  </RowAction>
                )}
                {t.state === "expired" && (
                  <RowAction onClick$={() => act(() => setTokenExpiry(t.id, null))}>Lift expiry</RowAction>
                )}
                {t.state !== "revoked" && (
                  <RowAction
                    testId="token-revoke"
                    onClick$={() =>
                      confirm(`Revoke the key "${t.name}"? Agents using it stop uploading.`) &&
                      act(() => revokeToken(t.id))
                    }
                  >
                    Revoke
                  </RowAction>
                )}
              </td>
            </tr>
          ))}
        </AdminTable>
      )}
    </AdminPage>
  );
});

export const head: DocumentHead = { title: "Agent keys · Performance Studio" };
