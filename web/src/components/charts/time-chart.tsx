/**
 * A small SVG time chart (the original uses Chart.js): lines (avg solid, max dashed) or bars, a hover
 * readout, and drag-select on the plot to pick a time window (the service view's zoom, A.3.5).
 */
import { component$, useComputed$, useSignal, useVisibleTask$, type QRL } from "@builder.io/qwik";
import {
  elapsedLabel,
  elapsedTicks,
  isolatedPoints,
  linearScale,
  linePath,
  nearestIndex,
  niceTicks,
  timeTicks,
  type Point,
} from "../../lib/chart";

export interface Series {
  label: string;
  color: string;
  dashed?: boolean;
  points: Point[];
}

/** A vertical annotation, e.g. a deployment with its version. */
export interface Marker {
  t: number;
  label: string;
  title?: string;
}

interface Props {
  series: Series[];
  markers?: Marker[];
  start: number;
  end: number;
  kind?: "line" | "bar";
  format?: "percent" | "number";
  /** The axis counts the time since `start` (windows of other times drawn over each other). */
  elapsed?: boolean;
  height?: number;
  testId?: string;
  onSelect$?: QRL<(start: number, end: number) => void>;
}

const PAD = { left: 48, right: 12, top: 10, bottom: 24 };

/** The time under the pointer, clamped to the plot. */
function timeAt(el: HTMLElement, clientX: number, width: number, start: number, end: number): number {
  const rect = el.getBoundingClientRect();
  const px = Math.min(Math.max(clientX - rect.left, PAD.left), width - PAD.right);
  return start + ((px - PAD.left) / (width - PAD.left - PAD.right)) * (end - start);
}

export const TimeChart = component$<Props>((props) => {
  const box = useSignal<HTMLDivElement>();
  const width = useSignal(800);
  const hover = useSignal<number | null>(null);
  const drag = useSignal<{ from: number; to: number } | null>(null);
  const height = props.height ?? 220;

  // Native listeners, attached once the chart is visible: a drag must not wait for handlers to load.
  useVisibleTask$(({ cleanup }) => {
    const el = box.value!;
    const observer = new ResizeObserver(() => (width.value = Math.max(320, el.clientWidth)));
    observer.observe(el);
    const at = (e: MouseEvent) => timeAt(el, e.clientX, width.value, props.start, props.end);
    const onMove = (e: MouseEvent) => {
      hover.value = at(e);
      if (drag.value) drag.value = { ...drag.value, to: hover.value };
    };
    const onDown = (e: MouseEvent) => {
      if (!props.onSelect$ || e.button !== 0) return;
      e.preventDefault();
      const t = at(e);
      drag.value = { from: t, to: t };
    };
    const onUp = () => {
      const d = drag.value;
      drag.value = null;
      if (!d || !props.onSelect$) return;
      const [a, b] = d.from < d.to ? [d.from, d.to] : [d.to, d.from];
      // A click is not a selection: at least 1% of the window.
      if (b - a > (props.end - props.start) / 100) props.onSelect$(Math.round(a), Math.round(b));
    };
    const onLeave = () => {
      hover.value = null;
      drag.value = null;
    };
    el.addEventListener("mousemove", onMove);
    el.addEventListener("mousedown", onDown);
    el.addEventListener("mouseup", onUp);
    el.addEventListener("mouseleave", onLeave);
    cleanup(() => {
      observer.disconnect();
      el.removeEventListener("mousemove", onMove);
      el.removeEventListener("mousedown", onDown);
      el.removeEventListener("mouseup", onUp);
      el.removeEventListener("mouseleave", onLeave);
    });
  });

  const geometry = useComputed$(() => {
    const values = props.series
      .flatMap((s) => s.points.map((p) => p.v))
      .filter((v): v is number => v !== null && Number.isFinite(v));
    const max = Math.max(props.format === "percent" ? 1 : 0, ...values) * 1.1 || 1;
    const yTicks = niceTicks(0, max, 4);
    const top = Math.max(max, yTicks[yTicks.length - 1] ?? max);
    return { top, yTicks };
  });

  const w = width.value;
  const x = linearScale([props.start, props.end], [PAD.left, w - PAD.right]);
  const y = linearScale([0, geometry.value.top], [height - PAD.bottom, PAD.top]);
  const fmt = (v: number) =>
    props.format === "percent"
      ? `${+v.toFixed(1)}%`
      : v >= 1000
        ? `${+(v / 1000).toFixed(1)}k`
        : `${+v.toFixed(1)}`;
  const base = props.series[0]?.points ?? [];
  const hi = hover.value === null ? -1 : nearestIndex(base, hover.value);
  // Bars as wide as the closest two points allow, but visible and not slabs.
  const gap = base.slice(1).reduce((min, p, i) => Math.min(min, x(p.t) - x(base[i].t)), Infinity);
  const barWidth = Math.min(40, Math.max(3, Number.isFinite(gap) ? gap * 0.8 : 6));
  const tickCount = Math.max(2, Math.floor(w / 110));
  const ticks = props.elapsed
    ? elapsedTicks(props.end - props.start, tickCount).map((t) => ({ ...t, t: t.t + props.start }))
    : timeTicks(props.start, props.end, tickCount);
  const timeLabel = (t: number) => (props.elapsed ? elapsedLabel(t - props.start) : new Date(t).toLocaleString());

  return (
    <div ref={box} class="time-chart" data-testid={props.testId} data-points={base.length}>
      <svg width={w} height={height} role="img" aria-label={props.series.map((s) => s.label).join(", ")}>
        {geometry.value.yTicks.map((t) => (
          <g key={t}>
            <line class="grid" x1={PAD.left} x2={w - PAD.right} y1={y(t)} y2={y(t)} />
            <text class="axis" x={PAD.left - 6} y={y(t) + 4} text-anchor="end">
              {fmt(t)}
            </text>
          </g>
        ))}
        {ticks.map((t) => (
          <text key={t.t} class="axis" x={x(t.t)} y={height - 6} text-anchor="middle">
            {t.label}
          </text>
        ))}
        {props.series.map((s) =>
          props.kind === "bar" ? (
            <g key={s.label} fill={s.color}>
              {s.points.map((p) =>
                p.v ? (
                  <rect
                    key={p.t}
                    x={x(p.t) - barWidth / 2}
                    y={y(p.v)}
                    width={barWidth}
                    height={y(0) - y(p.v)}
                  />
                ) : null,
              )}
            </g>
          ) : (
            <g key={s.label} data-series={s.label} data-points={s.points.length}>
              <path
                d={linePath(s.points, x, y)}
                fill="none"
                stroke={s.color}
                stroke-width="1.6"
                stroke-dasharray={s.dashed ? "5 4" : undefined}
              />
              {isolatedPoints(s.points).map((p) => (
                <circle key={p.t} cx={x(p.t)} cy={y(p.v!)} r="3" fill={s.color} />
              ))}
            </g>
          ),
        )}
        {props.markers
          ?.filter((m) => m.t >= props.start && m.t <= props.end)
          .map((m) => (
            <g key={`${m.t}-${m.label}`} class="deploy-marker" data-testid="chart-marker">
              <title>{m.title ?? m.label}</title>
              <line x1={x(m.t)} x2={x(m.t)} y1={PAD.top} y2={height - PAD.bottom} />
              {/* near the right edge the label goes to the line's left, so it is not cut off */}
              <text
                x={x(m.t) > w - 80 ? x(m.t) - 3 : x(m.t) + 3}
                y={PAD.top + 8}
                text-anchor={x(m.t) > w - 80 ? "end" : "start"}
              >
                {m.label}
              </text>
            </g>
          ))}
        {drag.value && (
          <rect
            class="selection"
            x={Math.min(x(drag.value.from), x(drag.value.to))}
            y={PAD.top}
            width={Math.abs(x(drag.value.to) - x(drag.value.from))}
            height={height - PAD.top - PAD.bottom}
          />
        )}
        {hi >= 0 && (
          <line class="cursor" x1={x(base[hi].t)} x2={x(base[hi].t)} y1={PAD.top} y2={height - PAD.bottom} />
        )}
      </svg>
      <div class="chart-legend">
        {props.series.map((s) => {
          // each series' own nearest point: windows drawn over each other need not share their times
          const at = hi >= 0 ? s.points[nearestIndex(s.points, base[hi].t)] : undefined;
          return (
            <span key={s.label}>
              <i class={["line-swatch", { dashed: s.dashed }]} style={{ borderColor: s.color }} />
              {s.label}
              {at && at.v !== null && <b> {fmt(at.v)}</b>}
            </span>
          );
        })}
        {hi >= 0 && <span class="muted">{timeLabel(base[hi].t)}</span>}
      </div>
    </div>
  );
});
