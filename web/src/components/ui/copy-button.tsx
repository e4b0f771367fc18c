import { component$, Slot, useSignal, type Signal } from "@builder.io/qwik";

type CopyState = "idle" | "copied" | "insecure";

/**
 * The Clipboard API needs a secure context (HTTPS or localhost), as the original notes (A.9); elsewhere
 * the button says so instead of failing silently.
 */
async function copyText(text: string, state: Signal<CopyState>) {
  if (!window.isSecureContext || !navigator.clipboard) {
    state.value = "insecure";
    return;
  }
  await navigator.clipboard.writeText(text);
  state.value = "copied";
  setTimeout(() => (state.value = "idle"), 1500);
}

const copyLabel = (state: CopyState, idle: string) =>
  state === "copied" ? "Copied" : state === "insecure" ? "HTTPS only" : idle;

/** Copies `text` to the clipboard. */
export const CopyButton = component$<{ text: string; label?: string; testId?: string; disabled?: boolean }>(
  (props) => {
    const state = useSignal<CopyState>("idle");
    return (
      <button
        type="button"
        class="btn copy"
        data-testid={props.testId}
        disabled={props.disabled}
        title={state.value === "insecure" ? "Copying needs a secure context (HTTPS)" : "Copy to clipboard"}
        onClick$={() => copyText(props.text, state)}
      >
        {copyLabel(state.value, props.label ?? "Copy")}
      </button>
    );
  },
);

/**
 * A code box with a copy button, for commands and the API key. The code is the slot and the button copies
 * what is shown, so the two cannot disagree.
 */
export const CodeBlock = component$<{ testId?: string; disabled?: boolean }>((props) => {
  const pre = useSignal<HTMLPreElement>();
  const state = useSignal<CopyState>("idle");
  return (
    <div class={["code-block", { disabled: props.disabled }]}>
      <pre ref={pre} data-testid={props.testId}>
        <Slot />
      </pre>
      <button
        type="button"
        class="btn copy"
        disabled={props.disabled}
        data-testid={props.testId ? `${props.testId}-copy` : undefined}
        onClick$={() => copyText(pre.value?.textContent ?? "", state)}
      >
        {copyLabel(state.value, "Copy")}
      </button>
    </div>
  );
});
