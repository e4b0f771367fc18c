/**
 * Geometry of the small SVG time charts (service view, function CPU, compare): scales, ticks and paths.
 * The original uses Chart.js; these few functions are all our charts need.
 */

export type Scale = (v: number) => number;

export function linearScale([d0, d1]: [number, number], [r0, r1]: [number, number]): Scale {
  const span = d1 - d0 || 1;
  return (v) => r0 + ((v - d0) / span) * (r1 - r0);
}

/** About `count` round ticks covering [min, max] (1, 2, 5 × 10^k steps). */
export function niceTicks(min: number, max: number, count = 5): number[] {
  if (!Number.isFinite(min) || !Number.isFinite(max)) return [];
  if (max <= min) max = min + 1;
  const raw = (max - min) / Math.max(1, count);
  const power = 10 ** Math.floor(Math.log10(raw));
  const step = [1, 2, 5, 10].map((m) => m * power).find((s) => s >= raw) ?? raw;
  const ticks: number[] = [];
  for (let k = Math.ceil(min / step); k * step <= max + step * 1e-9; k++)
    ticks.push(parseFloat((k * step).toPrecision(12)));
  return ticks;
}

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;
const TIME_STEPS = [
  MINUTE,
  5 * MINUTE,
  15 * MINUTE,
  30 * MINUTE,
  HOUR,
  3 * HOUR,
  6 * HOUR,
  12 * HOUR,
  DAY,
  2 * DAY,
  7 * DAY,
];

const pad = (n: number) => String(n).padStart(2, "0");

/** Ticks on round local times, labelled for the span: `HH:mm`, `dd/MM HH:mm` or `dd/MM`. */
export function timeTicks(start: number, end: number, count = 6): { t: number; label: string }[] {
  const span = end - start;
  if (!(span > 0)) return [];
  const step = TIME_STEPS.find((s) => span / s <= count) ?? TIME_STEPS[TIME_STEPS.length - 1];
  // Align to the local day so ticks land on 00:00, 06:00…
  const offset = new Date(start).getTimezoneOffset() * MINUTE;
  const first = Math.ceil((start - offset) / step) * step + offset;
  const ticks: { t: number; label: string }[] = [];
  for (let t = first; t <= end; t += step) {
    const d = new Date(t);
    const hm = `${pad(d.getHours())}:${pad(d.getMinutes())}`;
    const dm = `${pad(d.getDate())}/${pad(d.getMonth() + 1)}`;
    ticks.push({ t, label: span <= DAY ? hm : step >= DAY ? dm : `${dm} ${hm}` });
  }
  return ticks;
}

/** A time since a window's start: `+45m`, `+2h30m`, `+3d`. */
export function elapsedLabel(ms: number): string {
  const m = Math.round(ms / MINUTE);
  if (m < 60) return `+${m}m`;
  if (m < 24 * 60) return `+${Math.floor(m / 60)}h${m % 60 ? pad(m % 60) : ""}`;
  const h = Math.round(m / 60);
  return `+${Math.floor(h / 24)}d${h % 24 ? `${h % 24}h` : ""}`;
}

/**
 * Ticks for times since a window's start (two windows drawn over each other, as the compare page's
 * function chart): round steps from 0 up to `span`.
 */
export function elapsedTicks(span: number, count = 6): { t: number; label: string }[] {
  if (!(span > 0)) return [];
  const step = TIME_STEPS.find((s) => span / s <= count) ?? TIME_STEPS[TIME_STEPS.length - 1];
  const ticks: { t: number; label: string }[] = [];
  for (let t = 0; t <= span; t += step) ticks.push({ t, label: elapsedLabel(t) });
  return ticks;
}

export interface Point {
  t: number;
  v: number | null;
}

/** An SVG path through the points; a null value breaks the line. */
export function linePath(points: Point[], x: Scale, y: Scale): string {
  let d = "";
  let pen = false;
  for (const p of points) {
    if (p.v === null || !Number.isFinite(p.v)) {
      pen = false;
      continue;
    }
    d += `${pen ? "L" : "M"}${x(p.t).toFixed(1)},${y(p.v).toFixed(1)}`;
    pen = true;
  }
  return d;
}

/** The points a line cannot show: those without a drawn neighbour (a window with one profile). */
export function isolatedPoints(points: Point[]): Point[] {
  const drawn = (p: Point | undefined) => p !== undefined && p.v !== null && Number.isFinite(p.v);
  return points.filter((p, i) => drawn(p) && !drawn(points[i - 1]) && !drawn(points[i + 1]));
}

/** The point nearest to time `t` (points sorted by time), for the hover readout. */
export function nearestIndex(points: Point[], t: number): number {
  if (!points.length) return -1;
  let lo = 0;
  let hi = points.length - 1;
  while (hi - lo > 1) {
    const mid = (lo + hi) >> 1;
    if (points[mid].t < t) lo = mid;
    else hi = mid;
  }
  return Math.abs(points[lo].t - t) <= Math.abs(points[hi].t - t) ? lo : hi;
}
