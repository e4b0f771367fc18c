/**
 * Draws a flamegraph with d3-flame-graph, in the browser only (the Qwik component imports this module
 * lazily, so d3 stays out of the page's initial JS). Icicle layout like the original (root at top),
 * frames coloured by runtime (lib/flame/colors.ts), search fading, click-to-zoom with a path that goes
 * into the URL, minesweeper marks, a hover tooltip and a right-click hook (frontend-and-agent.md A.3.3).
 *
 * Big graphs arrive pruned (GET /api/flamegraph/tree): frames too narrow to see are rolled up into one
 * "… N more" frame per parent, and zooming into a frame that has any fetches its subtree (`expand`) and
 * grafts it in. Ctrl/Cmd + wheel (or a pinch) widens the chart around the pointer; dragging pans.
 *
 * Test hooks kept from d3-flame-graph: one `g.frame` per drawn frame, with a `name` attribute; the
 * container's `data-frames` holds the number of drawn frames after every redraw, `data-scale` the wheel
 * zoom, `data-subtree` the hash of the last subtree grafted in (`data-expanding` while it loads).
 */
import flamegraph, { type FlameFrame } from "d3-flame-graph";
import { interrupt, select, selection } from "d3";
import type { FlameNode } from "../../lib/wire";
import { fadedColor, frameColor } from "../../lib/flame/colors";
import { formatCount, formatPercent, frameLabel } from "../../lib/flame/format";
import { coordsKey, findByPath, frameCoords, minedNodes, type FrameCoords } from "../../lib/flame/layout";
import { prepareTree } from "../../lib/flame/prepare";
import { searchStats, selfValue, type FrameMatcher, type SearchStats } from "../../lib/flame/search";
import { hasRolledUp, type FetchSubtree } from "../../lib/flame/subtrees";

type Frame = FlameFrame<FlameNode>;

export const CELL_HEIGHT = 20;
const SILENT_TOOLTIP = Object.assign(() => {}, { show: () => SILENT_TOOLTIP, hide: () => SILENT_TOOLTIP });
/** Minesweeper-marked frames (A.3.3 "Other fixed colours"). */
const MINE_COLOR = "#bfbfbf";
/** Rolled-up frames ("… N more"): no runtime, so no runtime colour. */
const REMAINDER_COLOR = "#e4e4e4";
/** The widest the wheel zoom makes the chart, in viewport widths. */
const MAX_SCALE = 64;
/** Pointer travel before a press becomes a drag (and no longer a click). */
const DRAG_PX = 4;

export interface ChartView {
  /** The frame the view is zoomed to (the root when not zoomed). */
  zoom: { label: string; value: number; total: number; isRoot: boolean; path: string[] };
  /** Search stats relative to the zoomed frame; null without an active search. */
  stats: SearchStats | null;
}

/** What the right-click menu needs about a frame. */
export interface FrameInfo {
  label: string;
  /** Name + suffix, the table's function key. */
  key: string;
  depth: number;
  path: string[];
  coords: FrameCoords;
  marked: boolean;
}

export interface DrawOptions {
  /** Frames deeper than this are replaced by one "depth limit reached" frame. */
  depthLimit: number;
  /** false draws the root at the bottom (the "called by" graph). */
  icicle?: boolean;
  /** false for one function's callers or callees, where depth 1 is no process. */
  processes?: boolean;
  /** Colour override (the differential graph); the runtime colours otherwise. */
  color?: (node: FlameNode, depth: number) => string;
  /** Tooltip rows override; name, runtime, total/own time and samples otherwise. */
  facts?: (node: FlameNode, depth: number, total: number) => FrameFacts;
  onView(view: ChartView): void;
  /** A zoom the user made (click, history): the path to put in the URL. */
  onZoom?(path: string[]): void;
  onContextMenu?(frame: FrameInfo, x: number, y: number): void;
  /** The subtree of a frame that has rolled-up descendants (its children), fetched on zoom. */
  expand?: FetchSubtree;
  /** That subtree if it is already in memory (prefetched): a zoom then draws once, with it. */
  expanded?: (frame: FlameNode, lineage: readonly FlameNode[]) => FlameNode[] | undefined;
}

export interface FlameChart {
  /** Highlights frames `match` accepts and fades the rest; null clears the search. */
  search(match: FrameMatcher | null): void;
  /** The frame the view is zoomed to (the root: path [], no hash). */
  zoomed(): { path: string[]; hash?: string; lineage: FlameNode[] };
  /** Replaces the children of the frame at `path` (the root: []) and redraws; false if there is none. */
  graft(path: readonly string[], children: FlameNode[]): boolean;
  /** Zooms to the frame at `path` without reporting it back; false if there is no such frame. */
  zoomTo(path: readonly string[]): boolean;
  resetZoom(): void;
  /** Minesweeper marks as `level:start:duration` keys. */
  setMarks(marks: ReadonlySet<string>): void;
  destroy(): void;
}

export interface FrameFacts {
  name: string;
  runtime: string;
  swatch: string;
  rows: [label: string, value: string][];
}

export function drawFlameGraph(el: HTMLElement, tree: FlameNode, options: DrawOptions): FlameChart {
  // d3-flame-graph writes hide/fade flags into the data, so it gets its own (depth-limited) copy.
  const data = prepareTree(tree, options.depthLimit);
  const total = data.value;
  let coords = frameCoords(data);
  const processes = options.processes ?? true;
  const colorOf = options.color ?? ((node: FlameNode, depth: number) => frameColor(node, depth, processes));
  const factsOf =
    options.facts ??
    ((node: FlameNode, depth: number, total: number) => defaultFacts(node, depth, total, processes));
  let match: FrameMatcher | null = null;
  let marks: ReadonlySet<string> = new Set();
  let mined = new Set<FlameNode>();
  let zoomed: Frame | null = null;
  let silent = false;
  let scale = 1;
  let destroyed = false;
  const expanded = new WeakSet<FlameNode>();

  const chart = flamegraph<FlameNode>()
    .width(contentWidth(el))
    .cellHeight(CELL_HEIGHT)
    .inverted(options.icicle ?? true)
    // Frames under a pixel wide are not drawn: big profiles have tens of thousands of them.
    .minFrameSize(1)
    // The first draw is immediate (d3-flame-graph delays widths and labels by the transition); zooms animate.
    .transitionDuration(0)
    // Our own tooltip; a silent one here also spares a <title> per frame (10,000 of them on big graphs).
    .tooltip(SILENT_TOOLTIP)
    .getName((d) => frameLabel(d.data, d.depth))
    .setSearchMatch((d) => d.depth > 0 && match !== null && match(d.data))
    .setSearchHandler(() => {})
    .setColorMapper((d) => {
      if (mined.has(d.data)) return MINE_COLOR;
      if (d.data.rolledUp !== undefined) return REMAINDER_COLOR;
      const color = colorOf(d.data, d.depth);
      return match && d.depth > 0 && !d.highlight ? fadedColor(color) : color;
    })
    .onClick((d) => {
      zoomed = d;
      if (scale !== 1) setScale(1, 0);
      if (!silent) options.onZoom?.(pathOf(d));
      redrawn();
      expand(d);
    });

  /**
   * A click on a frame whose subtree is in memory: the subtree grafted in and the zoom drawn in one
   * render, where d3-flame-graph's zoom would draw the frame's old subtree and the graft draw again. The
   * zoom is d3-flame-graph's own (zoom(): the siblings of the frame and of each ancestor hidden, the
   * ancestors faded), set on the data it keeps the zoom in. True if it did.
   */
  function zoomIntoPrefetched(frame: Frame): boolean {
    const node = frame.data;
    if (!options.expanded || !node.hash || expanded.has(node) || !hasRolledUp(node)) return false;
    const children = options.expanded(node, lineageOf(frame));
    if (!children) return false;
    expanded.add(node);
    for (let child = frame, parent = frame.parent; parent; child = parent, parent = parent.parent) {
      for (const sibling of parent.children ?? []) if (sibling !== child) sibling.data.hide = true;
      parent.data.fade = true;
    }
    node.hide = false;
    node.fade = false;
    zoomed = frame;
    if (scale !== 1) {
      scale = 1;
      chart.width(contentWidth(el));
      el.dataset.scale = "1.00";
    }
    options.onZoom?.(pathOf(frame));
    replaceChildren(node, frame.depth, children);
    return true;
  }

  withoutTransitions(() => select(el).datum(data).call(chart));
  chart.transitionDuration(250);
  // A flame (root at the bottom) starts scrolled to its root.
  if (options.icicle === false) el.scrollTop = el.scrollHeight;
  // After the call the selection holds d3-hierarchy nodes, the frames `zoomTo` takes.
  let root = select(el).datum() as unknown as Frame;

  /** Fetches the subtree of a zoomed frame that has rolled-up frames below it and draws it in. */
  function expand(frame: Frame) {
    const node = frame.data;
    if (!options.expand || !node.hash || expanded.has(node) || !hasRolledUp(node)) return;
    expanded.add(node);
    el.dataset.expanding = node.hash;
    options
      .expand(node, lineageOf(frame))
      .then((children) => {
        if (children && !destroyed) replaceChildren(node, frame.depth, children);
      })
      .catch(() => expanded.delete(node))
      .finally(() => delete el.dataset.expanding);
  }

  /**
   * Draws `children` in as the children of `node` (at `depth`). The hierarchy is rebuilt from the same
   * data: d3-flame-graph's zoom lives in the data's hide/fade flags, so the view stays where it is
   * while the new frames appear.
   */
  function replaceChildren(node: FlameNode, depth: number, children: FlameNode[]) {
    node.children = prepareTree({ ...node, children }, options.depthLimit - depth).children;
    // The zoom's transitions would go on tweening elements the rebuild rebinds to other frames.
    for (const element of el.querySelectorAll("*")) interrupt(element);
    // The height follows the deepest frame, which the subtree may have changed.
    chart.height(0);
    withoutTransitions(() => select(el).datum(data).call(chart));
    root = select(el).datum() as unknown as Frame;
    if (zoomed) zoomed = root.descendants().find((d) => d.data === zoomed!.data) ?? null;
    coords = frameCoords(data);
    mined = minedNodes(data, marks);
    if (match) chart.search("");
    if (node.hash) el.dataset.subtree = node.hash;
    redrawn();
  }

  /** Widens the chart to `next` viewport widths, keeping the point `anchor` px from the left in place. */
  function setScale(next: number, anchor: number) {
    next = Math.min(Math.max(next, 1), MAX_SCALE);
    if (next === scale) return;
    const x = el.scrollLeft + anchor;
    const ratio = next / scale;
    scale = next;
    withoutTransitions(() => chart.width(Math.round(contentWidth(el) * scale)).update());
    el.scrollLeft = x * ratio - anchor;
    el.dataset.scale = scale.toFixed(2);
    redrawn();
  }

  function redrawn() {
    const frames = select(el).selectAll<Frame>("g.frame");
    el.dataset.frames = String(frames.size());
    // Both classes need a pass over every frame; skip it when no search is or was active.
    if (match !== null || el.querySelector("g.frame.dim"))
      frames.classed("dim", (d) => match !== null && d.depth > 0 && !d.highlight);
    const node = zoomed ? zoomed.data : data;
    options.onView({
      zoom: {
        label: frameLabel(node, zoomed?.depth ?? 0),
        value: node.value,
        total,
        isRoot: !zoomed || zoomed.depth === 0,
        path: zoomed ? pathOf(zoomed) : [],
      },
      stats: match ? searchStats(node, match) : null,
    });
  }

  const info = (frame: Frame): FrameInfo => {
    const c = coords.get(frame.data)!;
    return {
      label: frameLabel(frame.data, frame.depth),
      key: frameLabel(frame.data, -1),
      depth: frame.depth,
      path: pathOf(frame),
      coords: c,
      marked: marks.has(coordsKey(c)),
    };
  };

  const tooltip = createTooltip();
  const onOver = (e: MouseEvent) => {
    const hit = frameAt(e.target);
    tooltip.show(hit && factsOf(hit.frame.data, hit.frame.depth, total), e);
  };
  const onMove = (e: MouseEvent) => tooltip.move(e);
  const onLeave = () => tooltip.hide();
  const onMenu = (e: MouseEvent) => {
    const hit = frameAt(e.target);
    if (!hit || !options.onContextMenu) return;
    // The browser's own menu is suppressed on frames (A.3.3).
    e.preventDefault();
    tooltip.hide();
    options.onContextMenu(info(hit.frame), e.clientX, e.clientY);
  };
  // Ctrl/Cmd + wheel zooms around the pointer (a trackpad pinch sends the same); a plain wheel scrolls.
  let wheel = 0;
  let wheelAt = 0;
  let wheelFrame = 0;
  const onWheel = (e: WheelEvent) => {
    if (!(e.ctrlKey || e.metaKey)) return;
    e.preventDefault();
    wheel += e.deltaMode === 1 ? e.deltaY * 16 : e.deltaY;
    wheelAt = e.clientX - el.getBoundingClientRect().left;
    wheelFrame ||= requestAnimationFrame(() => {
      setScale(scale * Math.exp(-wheel * 0.002), wheelAt);
      wheel = wheelFrame = 0;
    });
  };
  // Dragging pans the chart; a drag ends in no click (no zoom).
  let drag: { x: number; y: number; left: number; top: number; moved: boolean } | null = null;
  const onDown = (e: MouseEvent) => {
    if (e.button === 0)
      drag = { x: e.clientX, y: e.clientY, left: el.scrollLeft, top: el.scrollTop, moved: false };
  };
  const onDrag = (e: MouseEvent) => {
    if (!drag || !(e.buttons & 1)) return;
    const dx = e.clientX - drag.x;
    const dy = e.clientY - drag.y;
    if (!drag.moved && Math.hypot(dx, dy) < DRAG_PX) return;
    drag.moved = true;
    el.style.cursor = "grabbing";
    el.scrollLeft = drag.left - dx;
    el.scrollTop = drag.top - dy;
  };
  const onClickCapture = (e: MouseEvent) => {
    const moved = drag?.moved;
    drag = null;
    el.style.cursor = "";
    const hit = !moved && frameAt(e.target);
    if (moved || (hit && zoomIntoPrefetched(hit.frame))) e.stopPropagation();
  };
  el.addEventListener("wheel", onWheel, { passive: false });
  el.addEventListener("mousedown", onDown);
  el.addEventListener("mousemove", onDrag);
  el.addEventListener("click", onClickCapture, true);
  el.addEventListener("mouseover", onOver);
  el.addEventListener("click", onLeave);
  el.addEventListener("mousemove", onMove);
  el.addEventListener("mouseleave", onLeave);
  el.addEventListener("contextmenu", onMenu);

  let pending = 0;
  const resizeObserver = new ResizeObserver(() => {
    cancelAnimationFrame(pending);
    pending = requestAnimationFrame(() => {
      const width = Math.round(contentWidth(el) * scale);
      if (width === chart.width()) return;
      withoutTransitions(() => chart.width(width).update());
      redrawn();
    });
  });
  resizeObserver.observe(el);
  redrawn();

  return {
    // Each of these redraws every frame, so they do nothing when nothing changes.
    search(next) {
      if (next === match) return;
      match = next;
      if (match) chart.search("");
      else chart.clear();
      redrawn();
    },
    zoomed() {
      if (!zoomed || zoomed.depth === 0) return { path: [], lineage: [] };
      return { path: pathOf(zoomed), hash: zoomed.data.hash, lineage: lineageOf(zoomed) };
    },
    graft(path, children) {
      const node = findByPath(data, path);
      if (!node || destroyed) return false;
      replaceChildren(node, path.length, children);
      return true;
    },
    zoomTo(path) {
      const node = findByPath(data, path);
      const frame = node && root.descendants().find((d) => d.data === node);
      if (!frame) return false;
      silent = true;
      try {
        chart.zoomTo(frame);
      } finally {
        silent = false;
      }
      return true;
    },
    resetZoom() {
      chart.resetZoom();
    },
    setMarks(next) {
      if (next.size === marks.size && [...next].every((k) => marks.has(k))) return;
      marks = next;
      mined = minedNodes(data, marks);
      chart.update();
      redrawn();
    },
    destroy() {
      cancelAnimationFrame(pending);
      resizeObserver.disconnect();
      el.removeEventListener("mouseover", onOver);
      el.removeEventListener("mousemove", onMove);
      el.removeEventListener("mouseleave", onLeave);
      el.removeEventListener("click", onLeave);
      el.removeEventListener("contextmenu", onMenu);
      el.removeEventListener("wheel", onWheel);
      el.removeEventListener("mousedown", onDown);
      el.removeEventListener("mousemove", onDrag);
      el.removeEventListener("click", onClickCapture, true);
      cancelAnimationFrame(wheelFrame);
      tooltip.remove();
      chart.destroy();
      destroyed = true;
      for (const key of ["frames", "scale", "subtree", "expanding"]) delete el.dataset[key];
    },
  };
}

/**
 * Runs `draw` with d3 transitions replaced by immediate updates. d3-flame-graph sets every frame's width
 * and label through a transition, even at duration 0: on a 10,000-frame graph that is 20,000 transitions
 * scheduled for the next frames. The first draw and resizes need none of them.
 */
function withoutTransitions(draw: () => void) {
  const proto = selection.prototype as unknown as { transition: unknown };
  const original = proto.transition;
  proto.transition = function (this: ImmediateTarget) {
    const target = this;
    const t: Record<string, (...args: unknown[]) => unknown> = {
      duration: () => t,
      delay: () => t,
      ease: () => t,
      attr: (...args) => (target.attr(...args), t),
      style: (...args) => (target.style(...args), t),
      text: (...args) => (target.text(...args), t),
    };
    return t;
  };
  try {
    draw();
  } finally {
    proto.transition = original;
  }
}

interface ImmediateTarget {
  attr(...args: unknown[]): unknown;
  style(...args: unknown[]): unknown;
  text(...args: unknown[]): unknown;
}

/** The frames from the process down to the frame (empty for the root). */
function lineageOf(frame: Frame): FlameNode[] {
  const lineage: FlameNode[] = [];
  for (let f: Frame | null = frame; f && f.depth > 0; f = f.parent) lineage.unshift(f.data);
  return lineage;
}

/** Labels from the process down to the frame (the root's path is empty). */
function pathOf(frame: Frame): string[] {
  return lineageOf(frame).map((node, i) => frameLabel(node, i + 1));
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

/** Name, runtime, total/own time relative to the displayed tree, samples (FgTooltip.jsx in the original). */
function defaultFacts(node: FlameNode, depth: number, total: number, processes: boolean): FrameFacts {
  return {
    name: frameLabel(node, depth),
    runtime:
      depth === 0 ? "" : depth === 1 && processes ? "Process" : (node.specialType ?? node.language ?? ""),
    swatch: frameColor(node, depth, processes),
    rows: [
      ["Total time", formatPercent(node.value, total)],
      ["Own time", formatPercent(selfValue(node), total)],
      ["Samples", formatCount(node.value)],
    ],
  };
}

const div = (className: string, text = "") =>
  Object.assign(document.createElement("div"), { className, textContent: text });

/** A tooltip that follows the pointer: name, runtime and the frame's figures (FgTooltip.jsx, A.3.3). */
function createTooltip() {
  const tip = document.createElement("div");
  tip.className = "flame-tip";
  tip.dataset.testid = "flamegraph-tooltip";
  tip.hidden = true;
  document.body.append(tip);

  return {
    show(facts: FrameFacts | null, e: MouseEvent) {
      if (!facts) {
        tip.hidden = true;
        return;
      }
      const { name, runtime, swatch, rows } = facts;
      const kind = div("flame-tip-runtime", runtime);
      kind.style.setProperty("--swatch", swatch);
      const table = div("flame-tip-rows");
      for (const [label, value] of rows)
        table.append(div("flame-tip-label", label), div("flame-tip-value", value));
      tip.replaceChildren(div("flame-tip-name", name), ...(runtime ? [kind] : []), table);
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
      tip.hidden = true;
    },
    remove() {
      tip.remove();
    },
  };
}
