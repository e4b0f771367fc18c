/**
 * The "…" menu (ProfilesActions.jsx, A.3.1): downloads, "Zero values ignored", the untruncated graph
 * (the original's `truncation=1`, which had no control), and "Copy permalink".
 */
import { component$, useSignal, type QRL } from "@builder.io/qwik";
import { Dropdown } from "../ui/dropdown";

interface Props {
  svgHref$: QRL<(kind: "svg" | "collapsed") => Promise<string>>;
  ignoreZeros: boolean;
  truncation: boolean;
  disabled: boolean;
  permalink$: QRL<() => string>;
  onIgnoreZeros$: QRL<(on: boolean) => void>;
  onTruncation$: QRL<(on: boolean) => void>;
}

export const ProfilesActions = component$<Props>((props) => {
  const copied = useSignal("");
  return (
    <Dropdown label="⋯" title="More actions" testId="profiles-actions" align="right" class="dots">
      <div class="menu" role="menu">
        <button
          type="button"
          role="menuitem"
          disabled={props.disabled}
          onClick$={async () => window.open(await props.svgHref$("svg"), "_blank")}
        >
          Download Flame Graph (SVG)
        </button>
        <button
          type="button"
          role="menuitem"
          disabled={props.disabled}
          onClick$={async () => window.open(await props.svgHref$("collapsed"), "_blank")}
        >
          Download collapsed stacks
        </button>
        <label class="check" title="When calculating cores & nodes averages ignore values that are zero">
          <input
            type="checkbox"
            checked={props.ignoreZeros}
            onChange$={(_, el) => props.onIgnoreZeros$(el.checked)}
          />
          <span>Zero values ignored</span>
        </label>
        <label class="check" title="Ask for up to 500,000 stacks instead of the server's default 10,000">
          <input
            type="checkbox"
            data-testid="truncation-toggle"
            checked={props.truncation}
            onChange$={(_, el) => props.onTruncation$(el.checked)}
          />
          <span>Untruncated graph (slower)</span>
        </label>
        <button
          type="button"
          role="menuitem"
          data-testid="copy-permalink"
          onClick$={async () => {
            const link = await props.permalink$();
            if (!window.isSecureContext || !navigator.clipboard) {
              copied.value = "This feature is available only in secure contexts (HTTPS)";
              return;
            }
            await navigator.clipboard.writeText(link);
            copied.value = "Link copied to clipboard";
          }}
        >
          Copy permalink
        </button>
        {copied.value && <p class="menu-note">{copied.value}</p>}
      </div>
    </Dropdown>
  );
});
