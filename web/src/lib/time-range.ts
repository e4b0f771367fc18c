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

/** Param names of a selection: `time`, `startTime`, `endTime`, or the compare page's `cTime`, `cStartTime`, `cEndTime`. */
const keys = (prefix: "" | "c") =>
  prefix
    ? { time: "cTime", start: "cStartTime", end: "cEndTime" }
    : { time: "time", start: "startTime", end: "endTime" };

/** A valid custom pair wins over `time`; anything unusable falls back to the default preset. */
export function parseTimeSelection(params: URLSearchParams, prefix: "" | "c" = ""): TimeSelection {
  const k = keys(prefix);
  const start = parseDate(params.get(k.start));
  const end = parseDate(params.get(k.end));
  if (start && end && start < end) {
    return { kind: "custom", startTime: params.get(k.start)!, endTime: params.get(k.end)! };
  }
  const time = params.get(k.time);
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
export function timeSelectionParams(
  selection: TimeSelection,
  prefix: "" | "c" = "",
): Record<string, string | null> {
  const k = keys(prefix);
  return selection.kind === "custom"
    ? { [k.time]: null, [k.start]: selection.startTime, [k.end]: selection.endTime }
    : { [k.time]: selection.preset, [k.start]: null, [k.end]: null };
}

/** The same selection with a relative preset turned into the absolute range it means now (permalinks, A.8). */
export function absoluteSelection(selection: TimeSelection, now: Date): TimeSelection {
  if (selection.kind === "custom") return selection;
  const { start, end } = resolveTimeRange(selection, now);
  return { kind: "custom", startTime: start.toISOString(), endTime: end.toISOString() };
}

/** "Last snapshot" (A.3.7): the day of data ending at the service's last data point. */
export function lastSnapshotSelection(lastDateTime: string): TimeSelection | null {
  const end = parseDate(lastDateTime);
  if (!end) return null;
  return {
    kind: "custom",
    startTime: new Date(end.getTime() - 24 * 3_600_000).toISOString(),
    endTime: end.toISOString(),
  };
}

/** The selection shifted back by `ms` as a custom range (minesweeper's "stable window", A.3.10). */
export function shiftedSelection(selection: TimeSelection, ms: number, now: Date): TimeSelection {
  const { start, end } = resolveTimeRange(selection, now);
  return {
    kind: "custom",
    startTime: new Date(start.getTime() - ms).toISOString(),
    endTime: new Date(end.getTime() - ms).toISOString(),
  };
}

/** Human label of a selection: the preset's label or `24/11 13:05 → 24/11 14:05`. */
export function selectionLabel(selection: TimeSelection): string {
  if (selection.kind === "preset") return TIME_PRESETS.find((p) => p.id === selection.preset)?.label ?? "";
  return `${formatShortDate(new Date(selection.startTime))} → ${formatShortDate(new Date(selection.endTime))}`;
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

/** Api timestamps may lack a zone (naive UTC wall-clock from Postgres, backend-api.md §1); read them as UTC. */
export function parseApiTime(value: string): number {
  return new Date(/[zZ]|[+-]\d\d:?\d\d$/.test(value) ? value : `${value}Z`).getTime();
}
