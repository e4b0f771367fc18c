/**
 * The profiles page time selection (frontend-and-agent.md A.3.7, URL params in A.8):
 * a relative preset in `time`, or an absolute `startTime`/`endTime` pair (anything `new Date()` parses).
 */

export const TIME_PRESETS = [
  { id: "15min", label: "Last 15 min", ms: 15 * 60_000 },
  { id: "30min", label: "Last 30 min", ms: 30 * 60_000 },
  { id: "1h", label: "Last hour", ms: 3_600_000 },
  { id: "6h", label: "Last 6 hours", ms: 6 * 3_600_000 },
  { id: "1d", label: "Last day", ms: 24 * 3_600_000 },
  { id: "1w", label: "Last week", ms: 7 * 24 * 3_600_000 },
] as const;

export type TimePresetId = (typeof TIME_PRESETS)[number]["id"];
export const DEFAULT_TIME_PRESET: TimePresetId = "1h";

export type TimeSelection =
  { kind: "preset"; preset: TimePresetId } | { kind: "custom"; startTime: string; endTime: string };

export interface TimeRange {
  start: Date;
  end: Date;
}

const isPreset = (id: string | null): id is TimePresetId => TIME_PRESETS.some((p) => p.id === id);

const parseDate = (value: string | null): Date | null => {
  if (!value) return null;
  const date = new Date(value);
  return Number.isNaN(date.getTime()) ? null : date;
};

/** A valid custom pair wins over `time`; anything unusable falls back to the default preset. */
export function parseTimeSelection(params: URLSearchParams): TimeSelection {
  const start = parseDate(params.get("startTime"));
  const end = parseDate(params.get("endTime"));
  if (start && end && start < end) {
    return { kind: "custom", startTime: params.get("startTime")!, endTime: params.get("endTime")! };
  }
  const time = params.get("time");
  return { kind: "preset", preset: isPreset(time) ? time : DEFAULT_TIME_PRESET };
}

/** Relative presets are re-evaluated against `now` on every fetch, like the original. */
export function resolveTimeRange(selection: TimeSelection, now: Date): TimeRange {
  if (selection.kind === "custom") {
    return { start: new Date(selection.startTime), end: new Date(selection.endTime) };
  }
  const preset = TIME_PRESETS.find((p) => p.id === selection.preset) ?? TIME_PRESETS[2];
  return { start: new Date(now.getTime() - preset.ms), end: now };
}

/** URL params for a selection; the other kind's params are cleared. */
export function timeSelectionParams(selection: TimeSelection): Record<string, string | null> {
  return selection.kind === "custom"
    ? { time: null, startTime: selection.startTime, endTime: selection.endTime }
    : { time: selection.preset, startTime: null, endTime: null };
}

const pad = (n: number) => String(n).padStart(2, "0");

/** `yyyy-MM-ddTHH:mm` in local time, the value format of `<input type="datetime-local">`. */
export function toLocalInputValue(date: Date): string {
  return (
    `${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())}` +
    `T${pad(date.getHours())}:${pad(date.getMinutes())}`
  );
}

/** Short local label, e.g. `24/11 13:05`, used for the custom range summary. */
export function formatShortDate(date: Date): string {
  return `${pad(date.getDate())}/${pad(date.getMonth() + 1)} ${pad(date.getHours())}:${pad(date.getMinutes())}`;
}
