/**
 * The frame search (A.3.2): a case-insensitive regex (or `type:javainl|javac1|javac0`), applied 500 ms
 * after the last keystroke or on Enter; shows "Matched: X%. Own: Y%" or "Bad Regex". Ctrl/Cmd+F focuses it.
 */
import { component$, useSignal, useTask$, useVisibleTask$, type QRL, type Signal } from "@builder.io/qwik";
import type { SearchResult } from "./flame-graph/flame-graph";

interface Props {
  /** The applied query (from the URL). */
  query: string;
  result: Signal<SearchResult>;
  onApply$: QRL<(query: string) => void>;
  disabled?: boolean;
  placeholder?: string;
}

const DEBOUNCE_MS = 500;

export const SearchBox = component$<Props>((props) => {
  const text = useSignal(props.query);
  const input = useSignal<HTMLInputElement>();

  // Follow the applied query when it changes from outside (service change, back/forward).
  useTask$(({ track }) => {
    const applied = track(() => props.query);
    if (applied !== text.value) text.value = applied;
  });

  useTask$(({ track, cleanup }) => {
    const next = track(() => text.value);
    if (next === props.query) return;
    const timer = setTimeout(() => props.onApply$(next), DEBOUNCE_MS);
    cleanup(() => clearTimeout(timer));
  });

  // Ctrl/Cmd+F focuses the search instead of the browser's find (useSearchHotkey.js).
  useVisibleTask$(({ cleanup }) => {
    const onKey = (e: KeyboardEvent) => {
      if ((e.ctrlKey || e.metaKey) && e.key.toLowerCase() === "f" && !props.disabled) {
        e.preventDefault();
        input.value?.focus();
        input.value?.select();
      }
    };
    window.addEventListener("keydown", onKey);
    cleanup(() => window.removeEventListener("keydown", onKey));
  });

  const result = props.result.value;
  return (
    <div class="search">
      <svg class="search-icon" viewBox="0 0 16 16" aria-hidden="true">
        <circle cx="6.5" cy="6.5" r="4.5" fill="none" stroke="currentColor" stroke-width="1.6" />
        <path d="M10 10l4 4" stroke="currentColor" stroke-width="1.6" stroke-linecap="round" />
      </svg>
      <input
        ref={input}
        type="text"
        data-testid="flamegraph-search"
        placeholder={props.placeholder ?? "Search frames (regex, or type:javainl)"}
        aria-label="Search frames"
        spellcheck={false}
        autocomplete="off"
        disabled={props.disabled}
        bind:value={text}
        onKeyDown$={(e) => {
          if (e.key === "Enter") props.onApply$(text.value);
        }}
      />
      {text.value && (
        <button
          type="button"
          class="search-clear"
          aria-label="Clear search"
          onClick$={() => ((text.value = ""), props.onApply$(""))}
        >
          ×
        </button>
      )}
      <span
        class={["search-stats", { error: result.kind === "bad-regex" }]}
        data-testid="search-stats"
        aria-live="polite"
      >
        {result.kind === "bad-regex" && "Bad Regex"}
        {result.kind === "ok" && `Matched: ${result.matched}. Own: ${result.own}`}
      </span>
    </div>
  );
});
