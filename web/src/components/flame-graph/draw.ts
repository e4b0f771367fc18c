/**
 * Draws a flamegraph with d3-flame-graph, in the browser only (the Qwik component imports this module
 * lazily, so d3 stays out of the page's initial JS). Icicle layout like the original (root at top),
 * frames coloured by runtime (lib/flame/colors.ts), search fading, click-to-zoom and a hover tooltip.
 *
 * Test hooks kept from d3-flame-graph: one `g.frame` per drawn frame, with a `name` attribute and a
 * `<title>`; the container's `data-frames` holds the number of drawn frames after every redraw.
 */
import flamegraph, { type FlameFrame } from "d3-flame-graph";
import { select } from "d3";
import type { FlameNode } from "../../lib/wire";
import { fadedColor, frameColor } from "../../lib/flame/colors";
import { formatCount, formatPercent, frameLabel } from "../../lib/flame/format";
import { prepareTree } from "../../lib/flame/prepare";
import { searchStats, selfValue, type FrameMatcher, type SearchStats } from "../../lib/flame/search";

type Frame = FlameFrame<FlameNode>;

export const CELL_HEIGHT = 20;

export interface ChartView {
  /** The frame the view is zoomed to (the root when not zoomed). */
  zoom: { label: string; value: number; total: number; isRoot: boolean };
  /** Search stats relative to the zoomed frame; null without an active search. */
  stats: SearchStats | null;
}

export interface FlameChart {
  /** Highlights frames `match` accepts and fades the rest; null clears the search. */
  search(match: FrameMatcher | null): void;
  resetZoom(): void;
  destroy(): void;
}

export function drawFlameGraph(
  el: HTMLElement,
  tree: FlameNode,
  onView: (view: ChartView) => void,
): FlameChart {
  // d3-flame-graph writes hide/fade flags into the data, so it gets its own (depth-limited) copy.
  const data = prepareTree(tree);
  const total = data.value;
  let match: FrameMatcher | null = null;
  let zoomed: Frame | null = null;

  const chart = flamegraph<FlameNode>()
    .width(contentWidth(el))
    .cellHeight(CELL_HEIGHT)
    .inverted(true)
    // Frames under a pixel wide are not drawn: big profiles have tens of thousands of them.
    .minFrameSize(1)
    .transitionDuration(250)
    .getName((d) => frameLabel(d.data, d.depth))
    .label((d) => titleText(d, total))
    .setSearchMatch((d) => d.depth > 0 && match !== null && match(d.data))
    .setSearchHandler(() => {})
    .setColorMapper((d) => {
      const color = frameColor(d.data, d.depth);
      return match && d.depth > 0 && !d.highlight ? fadedColor(color) : color;
    })
    .onClick((d) => {
      zoomed = d;
      redrawn();
    });

  select(el).datum(data).call(chart);

  function redrawn() {
    const frames = select(el).selectAll<Frame>("g.frame");
    frames
      .classed("root", (d) => d.depth === 0)
      .classed("dim", (d) => match !== null && d.depth > 0 && !d.highlight);
    el.dataset.frames = String(frames.size());
    const node = zoomed ? zoomed.data : data;
    onView({
      zoom: {
        label: frameLabel(node, zoomed?.depth ?? 0),
        value: node.value,
        total,
        isRoot: !zoomed || zoomed.depth === 0,
      },
      stats: match ? searchStats(node, match) : null,
    });
  }

  const tooltip = createTooltip(total);
  const onOver = (e: MouseEvent) => tooltip.show(frameAt(e.target), e);
  const onMove = (e: MouseEvent) => tooltip.move(e);
  const onLeave = () => tooltip.hide();
  el.addEventListener("mouseover", onOver);
  el.addEventListener("click", onLeave);
  el.addEventListener("mousemove", onMove);
  el.addEventListener("mouseleave", onLeave);

  let pending = 0;
  const resizeObserver = new ResizeObserver(() => {
    cancelAnimationFrame(pending);
    pending = requestAnimationFrame(() => {
      const width = contentWidth(el);
      if (width === chart.width()) return;
      chart.width(width).update();
      redrawn();
    });
  });
  resizeObserver.observe(el);
  redrawn();

  return {
    search(next) {
      match = next;
      if (match) chart.search("");
      else chart.clear();
      redrawn();
    },
    resetZoom() {
      chart.resetZoom();
    },
    destroy() {
      cancelAnimationFrame(pending);
      resizeObserver.disconnect();
      el.removeEventListener("mouseover", onOver);
      el.removeEventListener("mousemove", onMove);
      el.removeEventListener("mouseleave", onLeave);
      el.removeEventListener("click", onLeave);
      tooltip.remove();
      chart.destroy();
      delete el.dataset.frames;
    },
  };
}

/** Inner width of the container (without padding and scrollbar); the chart is drawn at that width. */
function contentWidth(el: HTMLElement): number {
  const style = getComputedStyle(el);
  const padding = parseFloat(style.paddingLeft) + parseFloat(style.paddingRight);
  return Math.max(Math.floor(el.clientWidth - padding), 320);
}

/** The frame under the pointer: d3 keeps each node's datum on its element as `__data__`. */
function frameAt(target: EventTarget | null): { el: SVGGElement; frame: Frame } | null {
  const g = target instanceof Element ? target.closest<SVGGElement>("g.frame") : null;
  const frame = g && (g as unknown as { __data__?: Frame }).__data__;
  return g && frame ? { el: g, frame } : null;
}

interface FrameFacts {
  name: string;
  runtime: string;
  rows: [label: string, value: string][];
}

/** Name, runtime, total/own time relative to the whole tree, samples (FgTooltip.jsx in the original). */
function frameFacts(d: Frame, total: number): FrameFacts {
  const node = d.data;
  return {
    name: frameLabel(node, d.depth),
    runtime: d.depth === 0 ? "" : d.depth === 1 ? "Process" : (node.specialType ?? node.language ?? ""),
    rows: [
      ["Total time", formatPercent(node.value, total)],
      ["Own time", formatPercent(selfValue(node), total)],
      ["Samples", formatCount(node.value)],
    ],
  };
}

function titleText(d: Frame, total: number): string {
  const { name, runtime, rows } = frameFacts(d, total);
  return [name, ...(runtime ? [runtime] : []), ...rows.map(([label, value]) => `${label} ${value}`)].join(
    "\n",
  );
}

const div = (className: string, text = "") =>
  Object.assign(document.createElement("div"), { className, textContent: text });

/**
 * A tooltip that follows the pointer. While it shows, the hovered frame's `<title>` is emptied so the
 * browser's own (slow, unstyled) tooltip does not appear on top of it; it is restored on leave.
 */
function createTooltip(total: number) {
  const tip = document.createElement("div");
  tip.className = "flame-tip";
  tip.dataset.testid = "flamegraph-tooltip";
  tip.hidden = true;
  document.body.append(tip);
  let current: { title: SVGTitleElement; text: string } | null = null;

  const restoreTitle = () => {
    if (current) current.title.textContent = current.text;
    current = null;
  };

  return {
    show(hit: ReturnType<typeof frameAt>, e: MouseEvent) {
      restoreTitle();
      if (!hit) {
        tip.hidden = true;
        return;
      }
      const title = hit.el.querySelector<SVGTitleElement>("title");
      if (title) {
        current = { title, text: title.textContent ?? "" };
        title.textContent = "";
      }
      const { name, runtime, rows } = frameFacts(hit.frame, total);
      const header = div("flame-tip-name", name);
      const kind = div("flame-tip-runtime", runtime);
      kind.style.setProperty("--swatch", frameColor(hit.frame.data, hit.frame.depth));
      const table = div("flame-tip-rows");
      for (const [label, value] of rows)
        table.append(div("flame-tip-label", label), div("flame-tip-value", value));
      tip.replaceChildren(header, ...(runtime ? [kind] : []), table);
      tip.hidden = false;
      this.move(e);
    },
    move(e: MouseEvent) {
      if (tip.hidden) return;
      const pad = 14;
      const { offsetWidth: w, offsetHeight: h } = tip;
      const x = e.clientX + pad + w > window.innerWidth ? e.clientX - pad - w : e.clientX + pad;
      const y = e.clientY + pad + h > window.innerHeight ? e.clientY - pad - h : e.clientY + pad;
      tip.style.transform = `translate(${Math.max(4, x)}px, ${Math.max(4, y)}px)`;
    },
    hide() {
      restoreTitle();
      tip.hidden = true;
    },
    remove() {
      restoreTitle();
      tip.remove();
    },
  };
}
