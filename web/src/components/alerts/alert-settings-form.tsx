/**
 * The regression-alert settings of one service (or, with no service, the defaults every service without
 * its own follows): on/off, thresholds, webhook. Shares are edited as percentage points. Admins change
 * them; everyone else sees them read-only. A webhook's signing secret is shown once, when its URL is set
 * or the secret rotated.
 */
import { $, component$, useSignal, useVisibleTask$ } from "@builder.io/qwik";
import {
  fetchAlertSettings,
  resetAlertSettings,
  rotateWebhookSecret,
  saveAlertSettings,
  type AlertSettings,
  type AlertSettingsAnswer,
} from "../../lib/alerts-api";
import { errorMessage } from "../../lib/api-client";
import { CopyButton } from "../ui/copy-button";

type State =
  { kind: "loading" } | { kind: "ok"; answer: AlertSettingsAnswer } | { kind: "error"; message: string };

function settingsFrom(form: HTMLFormElement): AlertSettings {
  const data = new FormData(form);
  const num = (name: string) => Number(data.get(name));
  return {
    enabled: data.get("enabled") === "on",
    minSelfDelta: num("minSelfDelta") / 100,
    minTotalDelta: num("minTotalDelta") / 100,
    minRatio: num("minRatio"),
    minSamples: num("minSamples"),
    topFunctions: num("topFunctions"),
    webhookUrl: String(data.get("webhookUrl") ?? "").trim() || null,
  };
}

const points = (share: number) => String(+(share * 100).toFixed(2));

/** One labelled number input of the form. */
const NumberField = (f: {
  label: string;
  name: string;
  step: string;
  min: string;
  max?: string;
  value: string;
}) => (
  <label class="field">
    <span class="field-label">{f.label}</span>
    <input type="number" name={f.name} step={f.step} min={f.min} max={f.max} value={f.value} />
  </label>
);

export const AlertSettingsForm = component$<{ service: string | null; canEdit: boolean }>((props) => {
  const state = useSignal<State>({ kind: "loading" });
  const status = useSignal<{ ok: boolean; text: string } | null>(null);
  /** A webhook secret just made: shown until dismissed or another service is picked. */
  const secret = useSignal<string | null>(null);
  const reload = useSignal(0);

  useVisibleTask$(({ track }) => {
    track(() => props.service);
    status.value = null;
    secret.value = null;
  });

  const rotate = $(async () => {
    try {
      secret.value = await rotateWebhookSecret(props.service);
      status.value = { ok: true, text: "New signing secret made" };
    } catch (err) {
      status.value = { ok: false, text: errorMessage(err) };
    }
  });

  useVisibleTask$(async ({ track }) => {
    const service = track(() => props.service);
    track(() => reload.value);
    try {
      state.value = { kind: "ok", answer: await fetchAlertSettings(service) };
    } catch (err) {
      state.value = { kind: "error", message: errorMessage(err) };
    }
  });

  const s = state.value;
  const who = props.service ? `for ${props.service}` : "for every service without its own";
  /** This view edits a row with a webhook: the service's own, or the defaults. */
  const ownWebhook =
    s.kind === "ok" && (!props.service || s.answer.own) && s.answer.settings.webhookUrl !== null;
  return (
    <section class="alert-settings" data-testid="alert-settings">
      <h2>Alert settings {who}</h2>
      {s.kind === "loading" ? (
        <p class="muted">Loading…</p>
      ) : s.kind === "error" ? (
        <p class="form-error">{s.message}</p>
      ) : (
        <form
          key={`${props.service ?? ""}-${reload.value}`}
          preventdefault:submit
          onSubmit$={async (_, form) => {
            try {
              const saved = await saveAlertSettings(props.service, settingsFrom(form));
              if (saved.webhookSecret) secret.value = saved.webhookSecret;
              reload.value++;
              status.value = { ok: true, text: "Saved" };
            } catch (err) {
              status.value = { ok: false, text: errorMessage(err) };
            }
          }}
        >
          {props.service && (
            <p class="muted small" data-testid="alert-settings-source">
              {s.answer.own
                ? "This service has its own settings."
                : "This service follows the default settings."}
            </p>
          )}
          <fieldset class="settings-grid" disabled={!props.canEdit}>
            <label class="check">
              <input type="checkbox" name="enabled" checked={s.answer.settings.enabled} /> Alerts on
            </label>
            <NumberField
              label="Self share rise (points)"
              name="minSelfDelta"
              step="0.1"
              min="0.1"
              max="100"
              value={points(s.answer.settings.minSelfDelta)}
            />
            <NumberField
              label="Total share rise (points)"
              name="minTotalDelta"
              step="0.1"
              min="0.1"
              max="100"
              value={points(s.answer.settings.minTotalDelta)}
            />
            <NumberField
              label="and at least × before"
              name="minRatio"
              step="0.1"
              min="1"
              value={String(s.answer.settings.minRatio)}
            />
            <NumberField
              label="Samples needed per window"
              name="minSamples"
              step="1"
              min="1"
              value={String(s.answer.settings.minSamples)}
            />
            <NumberField
              label="Functions compared"
              name="topFunctions"
              step="1"
              min="1"
              max="5000"
              value={String(s.answer.settings.topFunctions)}
            />
            <label class="field wide">
              <span class="field-label">Webhook (https; http only to localhost)</span>
              <input
                type="url"
                name="webhookUrl"
                placeholder="https://hooks.example.com/…"
                value={s.answer.settings.webhookUrl ?? ""}
                data-testid="alert-webhook"
              />
              <span class="muted small">
                Each post is signed: <code>X-Studio-Signature: t=…,v1=…</code>, HMAC-SHA256 of{" "}
                <code>&lt;t&gt;.&lt;body&gt;</code> with the webhook's secret
              </span>
            </label>
          </fieldset>
          {secret.value && (
            <div class="new-secret" data-testid="alert-webhook-secret">
              <span>Signing secret of this webhook, shown only now:</span>
              <code data-testid="alert-webhook-secret-value">{secret.value}</code>
              <CopyButton text={secret.value} label="Copy" />
              <button type="button" class="link" onClick$={() => (secret.value = null)}>
                done
              </button>
            </div>
          )}
          {props.canEdit ? (
            <div class="settings-actions">
              <button type="submit" class="btn primary" data-testid="alert-settings-save">
                Save
              </button>
              {ownWebhook && (
                <button type="button" class="btn" data-testid="alert-rotate-secret" onClick$={rotate}>
                  Rotate signing secret
                </button>
              )}
              {props.service && s.answer.own && (
                <button
                  type="button"
                  class="btn"
                  onClick$={async () => {
                    await resetAlertSettings(props.service!).catch(() => {});
                    reload.value++;
                    status.value = { ok: true, text: "Following the defaults again" };
                  }}
                >
                  Use the defaults
                </button>
              )}
              {status.value && (
                <span class={status.value.ok ? "muted" : "form-error"} data-testid="alert-settings-status">
                  {status.value.text}
                </span>
              )}
            </div>
          ) : (
            <p class="muted small" data-testid="alert-settings-readonly">
              Only administrators change alert settings.
            </p>
          )}
        </form>
      )}
    </section>
  );
});
