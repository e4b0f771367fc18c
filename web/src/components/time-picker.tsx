import { component$, useComputed$, useSignal, useTask$, useVisibleTask$, type QRL } from "@builder.io/qwik";
import {
  TIME_PRESETS,
  formatShortDate,
  resolveTimeRange,
  toLocalInputValue,
  type TimePresetId,
  type TimeSelection,
} from "../lib/time-range";

interface Props {
  selection: TimeSelection;
  onChange$: QRL<(selection: TimeSelection) => void>;
}

const CUSTOM = "custom";

/**
 * Relative presets, or a custom start/end in local time (A.3.7). Custom values are written to the URL as
 * ISO strings with `Z`, like the original picker.
 */
export const TimePicker = component$<Props>((props) => {
  const mode = useSignal(props.selection.kind === "custom" ? CUSTOM : props.selection.preset);
  const start = useSignal("");
  const end = useSignal("");
  const summary = useSignal("");

  useTask$(({ track }) => {
    const selection = track(() => props.selection);
    mode.value = selection.kind === "custom" ? CUSTOM : selection.preset;
  });

  // Local-time values need the browser's time zone, so they are filled in on the client.
  useVisibleTask$(
    ({ track }) => {
      const selection = track(() => props.selection);
      const range = resolveTimeRange(selection, new Date());
      start.value = toLocalInputValue(range.start);
      end.value = toLocalInputValue(range.end);
      summary.value =
        selection.kind === "custom" ? `${formatShortDate(range.start)} → ${formatShortDate(range.end)}` : "";
    },
    { strategy: "document-ready" },
  );

  const valid = useComputed$(() => {
    const s = new Date(start.value).getTime();
    const e = new Date(end.value).getTime();
    return Number.isFinite(s) && Number.isFinite(e) && s < e;
  });

  return (
    <div class="time-picker">
      <label class="field">
        <span class="field-label">Time</span>
        <select
          data-testid="time-picker"
          onChange$={(_, el) => {
            mode.value = el.value;
            if (el.value !== CUSTOM) props.onChange$({ kind: "preset", preset: el.value as TimePresetId });
          }}
        >
          {TIME_PRESETS.map((p) => (
            <option key={p.id} value={p.id} selected={mode.value === p.id}>
              {p.label}
            </option>
          ))}
          <option value={CUSTOM} selected={mode.value === CUSTOM}>
            {summary.value || "Custom time…"}
          </option>
        </select>
      </label>
      {mode.value === CUSTOM && (
        <form
          class="custom-range"
          preventdefault:submit
          onSubmit$={() => {
            if (!valid.value) return;
            props.onChange$({
              kind: "custom",
              startTime: new Date(start.value).toISOString(),
              endTime: new Date(end.value).toISOString(),
            });
          }}
        >
          <input
            type="datetime-local"
            aria-label="Start time (local)"
            data-testid="time-start"
            bind:value={start}
          />
          <span class="muted">→</span>
          <input
            type="datetime-local"
            aria-label="End time (local)"
            data-testid="time-end"
            bind:value={end}
          />
          <button type="submit" class="btn" disabled={!valid.value}>
            Apply
          </button>
        </form>
      )}
    </div>
  );
});
