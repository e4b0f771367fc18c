// pprof (google/pprof proto/profile.proto) → collapsed stacks with sample counts, for the ingest routes.
// A sample's location_id lists the leaf first, and a location's lines list the innermost (inlined)
// function first (profile.proto, Location.line), so a stack is both lists reversed, root first.
// The studio stores samples, so one value column is chosen: a count column (`samples`/`sample`, as Go's
// and Node's CPU and wall profiles have) before a time column (`cpu`, `wall`), which is turned into
// samples by the profile's period.
import { Profile } from "pprof-format";
import { frameName, MAX_COUNT } from "./pyroscope-profile";

export interface PprofStacks {
  /** `type/unit` of the column the counts come from. */
  sampleType: string;
  /** `frame;frame;…` (root first) → samples. */
  stacks: Map<string, number>;
  /** Profile start in ms since the epoch, null when the profile does not say. */
  startMs: number | null;
}

export type PprofResult = { ok: true; value: PprofStacks } | { ok: false; message: string };

/** Column names preferred in this order: counts first, then times (converted by the period). */
const PREFERRED_TYPES = ["samples", "sample", "cpu", "wall", "itimer"];
const NANOS_PER_UNIT: Record<string, number> = { nanoseconds: 1, microseconds: 1e3, milliseconds: 1e6, seconds: 1e9 };
/** Pyroscope's default sampleRate: what a time column is divided by when the profile has no period. */
const DEFAULT_SAMPLE_RATE = 100;
const UNKNOWN_FRAME = "[unknown]";

const isGzip = (bytes: Uint8Array) => bytes.length >= 2 && bytes[0] === 0x1f && bytes[1] === 0x8b;

/** The decoded profile, or null when the bytes are not a (non-gzip) profile.proto. */
export function decodePprof(bytes: Uint8Array): Profile | null {
  if (isGzip(bytes) || !isWellFormedMessage(bytes)) return null;
  try {
    return Profile.decode(bytes);
  } catch {
    return null;
  }
}

/**
 * The top-level fields of a protobuf message all end inside the bytes: pprof-format's decoder reads
 * past a truncated or foreign body without complaint, so text or a cut-off upload is caught here.
 */
function isWellFormedMessage(bytes: Uint8Array): boolean {
  let p = 0;
  const varint = () => {
    let value = 0;
    for (let shift = 0; shift < 64; shift += 7) {
      if (p >= bytes.length) return -1;
      const byte = bytes[p++];
      value += (byte & 0x7f) * 2 ** shift;
      if (byte < 0x80) return value;
    }
    return -1;
  };
  while (p < bytes.length) {
    const key = varint();
    if (key < 8) return false;
    const wireType = key % 8;
    if (wireType === 0) {
      if (varint() < 0) return false;
    } else if (wireType === 1 || wireType === 5) p += wireType === 1 ? 8 : 4;
    else if (wireType === 2) {
      const length = varint();
      if (length < 0) return false;
      p += length;
    } else return false;
    if (p > bytes.length) return false;
  }
  return true;
}

export interface PprofOptions {
  /** The `type` (or `type/unit`) to read; by default the first of PREFERRED_TYPES present. */
  sampleType?: string;
  /** Samples per second, for a time column when the profile has no period. */
  sampleRate?: number;
}

export function pprofStacks(profile: Profile, options: PprofOptions = {}): PprofResult {
  const strings = profile.stringTable.strings;
  const text = (index: unknown) => strings[Number(index)] ?? "";
  const types = profile.sampleType.map((t) => ({ type: text(t.type), unit: text(t.unit) }));
  const names = types.map((t) => `${t.type}/${t.unit}`);
  const column = options.sampleType
    ? types.findIndex((t, i) => t.type === options.sampleType || names[i] === options.sampleType)
    : PREFERRED_TYPES.map((name) => types.findIndex((t) => t.type === name)).find((i) => i !== -1) ?? -1;
  if (column === -1) {
    const wanted = options.sampleType ? `no sample type ${options.sampleType}` : "no CPU or wall sample type";
    return { ok: false, message: `The profile has ${wanted} (it has: ${names.join(", ") || "none"})` };
  }
  const divisor = samplesDivisor(profile, types[column].unit, text, options.sampleRate);

  const functions = new Map(profile.function.map((f) => [Number(f.id), text(f.name) || text(f.systemName)]));
  const locationFrames = new Map<number, string>();
  for (const location of profile.location) {
    const frames = location.line.map((line) => frameName(functions.get(Number(line.functionId)) || UNKNOWN_FRAME));
    locationFrames.set(Number(location.id), frames.length ? frames.reverse().join(";") : UNKNOWN_FRAME);
  }

  const totals = new Map<string, number>();
  for (const sample of profile.sample) {
    const value = Number(sample.value[column] ?? 0);
    if (!(value > 0)) continue;
    const parts: string[] = [];
    for (let i = sample.locationId.length - 1; i >= 0; i--) {
      parts.push(locationFrames.get(Number(sample.locationId[i])) ?? UNKNOWN_FRAME);
    }
    if (parts.length === 0) continue;
    const stack = parts.join(";");
    totals.set(stack, (totals.get(stack) ?? 0) + value);
  }
  const stacks = new Map<string, number>();
  for (const [stack, total] of totals) {
    // Times are summed before they become samples, so short stacks are not rounded away one by one.
    const count = Math.min(Math.round(total / divisor), MAX_COUNT);
    if (count > 0) stacks.set(stack, count);
  }
  const timeNanos = Number(profile.timeNanos);
  return {
    ok: true,
    value: { sampleType: names[column], stacks, startMs: timeNanos > 0 ? Math.floor(timeNanos / 1e6) : null },
  };
}

/** 1 for counts; for a time column, the time one sample stands for, in the column's unit. */
function samplesDivisor(profile: Profile, unit: string, text: (i: unknown) => string, sampleRate?: number): number {
  const nanos = NANOS_PER_UNIT[unit];
  if (nanos === undefined) return 1;
  const periodNanos = profile.periodType ? NANOS_PER_UNIT[text(profile.periodType.unit)] : undefined;
  const period = Number(profile.period);
  if (periodNanos !== undefined && period > 0) return (period * periodNanos) / nanos;
  return 1e9 / (sampleRate && sampleRate > 0 ? sampleRate : DEFAULT_SAMPLE_RATE) / nanos;
}
