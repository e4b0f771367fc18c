/**
 * The time picker (A.3.7): relative presets, "Custom time" with start/end in local time, and "Last
 * snapshot" (the last day with data). Custom's defaults and Last snapshot come from
 * /api/flamegraph/datetime_with_data. Custom values go into the URL as ISO strings with `Z`.
 */
import {
  $,
  component$,
  useComputed$,
  useSignal,
  useTask$,
  useVisibleTask$,
  type QRL,
} from "@builder.io/qwik";
import { errorMessage, fetchDatesWithData } from "../lib/api-client";
import type { TagFilter } from "../lib/tag-filter";
import {
  TIME_PRESETS,
  lastSnapshotSelection,
  resolveTimeRange,
  selectionLabel,
  toLocalInputValue,
  type TimePresetId,
  type TimeSelection,
} from "../lib/time-range";

interface Props {
  selection: TimeSelection;
  onChange$: QRL<(selection: TimeSelection) => void>;
  service?: string | null;
  filter?: TagFilter | null;
  label?: string;
  testId?: string;
}

const CUSTOM = "custom";
const LAST_SNAPSHOT = "last-snapshot";
const HOUR = 3_600_000;

export const TimePicker = component$<Props>((props) => {
  const testId = props.testId ?? "time-picker";
  const mode = useSignal<string>(props.selection.kind === "custom" ? CUSTOM : props.selection.preset);
  const start = useSignal("");
  const end = useSignal("");
  const summary = useSignal("");
  const note = useSignal("");
  /** The start/end fields show while a custom range is being edited, not for one already applied. */
  const editing = useSignal(false);

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
      summary.value = selection.kind === "custom" ? selectionLabel(selection) : "";
    },
    { strategy: "document-ready" },
  );

  const valid = useComputed$(() => {
    const s = new Date(start.value).getTime();
    const e = new Date(end.value).getTime();
    return Number.isFinite(s) && Number.isFinite(e) && s < e;
  });

  /** The service's last data point, or null (with a note) when there is none or the route failed. */
  const lastData = $(async (): Promise<Date | null> => {
    if (!props.service) return null;
    note.value = "";
    try {
      const dates = await fetchDatesWithData(props.service, props.filter ?? null);
      if (dates?.lastDateTime) return new Date(dates.lastDateTime);
      note.value = "No data in the last year";
    } catch (err) {
      note.value = `Dates with data unavailable: ${errorMessage(err)}`;
    }
    return null;
  });

  return (
    <div class="time-picker">
      <label class="field">
        <span class="field-label">{props.label ?? "Time"}</span>
        <select
          data-testid={testId}
          onChange$={async (_, el) => {
            mode.value = el.value;
            editing.value = el.value === CUSTOM;
            if (el.value === CUSTOM) {
              // Default custom window: the last hour with data (A.3.7).
              const last = await lastData();
              if (last) {
                end.value = toLocalInputValue(last);
                start.value = toLocalInputValue(new Date(last.getTime() - HOUR));
              }
            } else if (el.value === LAST_SNAPSHOT) {
              const last = await lastData();
              const selection = last && lastSnapshotSelection(last.toISOString());
              if (selection) props.onChange$(selection);
            } else {
              props.onChange$({ kind: "preset", preset: el.value as TimePresetId });
            }
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
          <option value={LAST_SNAPSHOT} disabled={!props.service} selected={mode.value === LAST_SNAPSHOT}>
            Last snapshot (last day with data)
          </option>
        </select>
      </label>
      {mode.value === CUSTOM && !editing.value && (
        <button
          type="button"
          class="btn icon"
          title="Edit the range"
          aria-label="Edit the range"
          data-testid={`${testId}-edit`}
          onClick$={() => (editing.value = true)}
        >
          ✎
        </button>
      )}
      {mode.value === CUSTOM && editing.value && (
        <form
          class="custom-range"
          preventdefault:submit
          onSubmit$={() => {
            if (!valid.value) return;
            editing.value = false;
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
            data-testid={`${testId}-start`}
            bind:value={start}
          />
          <span class="muted">→</span>
          <input
            type="datetime-local"
            aria-label="End time (local)"
            data-testid={`${testId}-end`}
            bind:value={end}
          />
          <button type="submit" class="btn" disabled={!valid.value} data-testid={`${testId}-apply`}>
            Apply
          </button>
          <span class="muted small" title="Times are in your local time zone">
            Local time
          </span>
        </form>
      )}
      {note.value && <span class="muted small">{note.value}</span>}
    </div>
  );
});
