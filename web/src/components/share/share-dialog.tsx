/**
 * "Share": freezes the current view into a link anyone can open without logging in (lib/shares.ts).
 * The user picks the expiry and may redact function names or file paths with regular expressions; the
 * api refuses bad or risky patterns with a message shown here.
 */
import { $, component$, useSignal, type QRL } from "@builder.io/qwik";
import { errorMessage } from "../../lib/api-client";
import {
  createShare,
  DEFAULT_EXPIRY_DAYS,
  EXPIRY_CHOICES,
  shareUrl,
  type ShareRequest,
} from "../../lib/shares";
import { CopyButton } from "../ui/copy-button";
import { Dropdown } from "../ui/dropdown";

interface Props {
  disabled: boolean;
  /** The scope and view to freeze, resolved when the user clicks Create. */
  request$: QRL<() => Promise<Omit<ShareRequest, "expiresInDays" | "redactNames" | "redactPaths"> | null>>;
}

export const ShareDialog = component$<Props>((props) => {
  const expiry = useSignal(String(DEFAULT_EXPIRY_DAYS));
  const names = useSignal("");
  const paths = useSignal("");
  const busy = useSignal(false);
  const error = useSignal("");
  const link = useSignal("");

  const create = $(async () => {
    busy.value = true;
    error.value = "";
    link.value = "";
    try {
      const base = await props.request$();
      if (!base) throw new Error("Nothing to share yet");
      const created = await createShare({
        ...base,
        expiresInDays: expiry.value === "never" ? null : Number(expiry.value),
        redactNames: names.value,
        redactPaths: paths.value,
      });
      link.value = shareUrl(location.origin, created.id);
    } catch (err) {
      error.value = errorMessage(err);
    } finally {
      busy.value = false;
    }
  });

  return (
    <Dropdown
      label="Share"
      title="Share a frozen copy of this view"
      testId="share-button"
      align="right"
      disabled={props.disabled}
    >
      <div class="menu share-menu" data-testid="share-dialog">
        <p class="menu-title">Share a snapshot of this view</p>
        <p class="menu-note">
          Anyone with the link sees this flamegraph as it is now (with search and zoom), without logging in.
        </p>
        <label class="share-field">
          <span>Expires after</span>
          <select bind:value={expiry} data-testid="share-expiry">
            {EXPIRY_CHOICES.map((c) => (
              <option key={c.label} value={c.days === null ? "never" : String(c.days)}>
                {c.label}
              </option>
            ))}
          </select>
        </label>
        <label class="share-field">
          <span>Redact in function names (regex per line)</span>
          <textarea
            rows={2}
            bind:value={names}
            data-testid="share-redact-names"
            placeholder="com\.acme\.\w+"
          />
        </label>
        <label class="share-field">
          <span>Redact in file paths (regex per line)</span>
          <textarea rows={2} bind:value={paths} data-testid="share-redact-paths" placeholder="^/home/[^/]+" />
        </label>
        <button
          type="button"
          class="btn primary"
          disabled={busy.value}
          data-testid="share-create"
          onClick$={create}
        >
          {busy.value ? "Creating…" : "Create link"}
        </button>
        {error.value && (
          <p class="form-error" data-testid="share-error">
            {error.value}
          </p>
        )}
        {link.value && (
          <div class="share-link">
            <input type="text" readOnly value={link.value} data-testid="share-link" />
            <CopyButton text={link.value} label="Copy" />
          </div>
        )}
      </div>
    </Dropdown>
  );
});
