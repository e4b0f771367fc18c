// A standalone flame graph SVG for /api/flamegraph/download_svg (backend-api.md §4.5). The original ran
// Brendan Gregg's flamegraph.pl `--inverted --colors=combined`; Workers cannot run Perl, so this draws
// the same kind of picture: an icicle (root on top), one row per stack depth, frames as wide as their
// samples, siblings in name order, coloured by runtime, with tooltips and click-to-zoom.
// Frame names are agent data: every one is XML-escaped, and the script never reads them as code.
import { identifyFrameLanguage, type Language } from "./lang";

/** A frame of the prepared graph (workers/core/src/flamegraph.ts): raw name, inclusive samples. */
export interface SvgFrame {
  name: string;
  samples: number;
  children: readonly SvgFrame[];
}

export interface SvgOptions {
  title: string;
  subtitle?: string;
  width?: number;
}

const FRAME_HEIGHT = 16;
const FONT_SIZE = 12;
/** Average glyph width of Verdana at 1px, as flamegraph.pl estimates text. */
const FONT_WIDTH = 0.59;
const X_PAD = 10;
const BOTTOM = FONT_SIZE * 2 + 10;
/** Frames narrower than this are left out, as flamegraph.pl's --minwidth. */
const MIN_WIDTH = 0.1;

/** Base hue, saturation and lightness per runtime ("combined" colours: one family per language). */
const PALETTE: Record<Language, [number, number, number]> = {
  Java: [120, 55, 48],
  Python: [210, 60, 58],
  PHP: [250, 45, 65],
  Ruby: [350, 60, 58],
  Node: [90, 55, 48],
  "C++": [55, 70, 52],
  Kernel: [28, 85, 55],
  ".NET": [280, 45, 60],
  Go: [185, 55, 45],
  "Go?": [185, 55, 45],
  Other: [8, 70, 60],
};

interface Placed {
  frame: SvgFrame;
  depth: number;
  x: number;
  width: number;
}

export function renderFlameGraphSvg(roots: readonly SvgFrame[], options: SvgOptions): string {
  const width = options.width ?? 1200;
  const total = roots.reduce((sum, root) => sum + root.samples, 0);
  const scale = total > 0 ? (width - 2 * X_PAD) / total : 0;
  const all: SvgFrame = { name: "all", samples: total, children: roots };
  const placed = layout(all, scale);
  const maxDepth = placed.reduce((max, p) => Math.max(max, p.depth), 0);
  const top = FONT_SIZE * (options.subtitle ? 4 : 3);
  const height = top + (maxDepth + 1) * FRAME_HEIGHT + BOTTOM;

  const frames = placed.map(({ frame, depth, x, width: w }) => {
    const y = top + depth * FRAME_HEIGHT;
    const percent = total > 0 ? ((100 * frame.samples) / total).toFixed(2) : "0.00";
    const samples = frame.samples.toLocaleString("en-US");
    const name = escapeXml(frame.name);
    return (
      `<g class="f" data-d="${depth}" data-x="${fixed(x)}" data-w="${fixed(w)}" data-n="${name}">` +
      `<title>${name} (${samples} samples, ${percent}%)</title>` +
      `<rect x="${fixed(x)}" y="${y}" width="${fixed(w)}" height="${FRAME_HEIGHT - 1}" fill="${color(frame.name)}" rx="2" ry="2"/>` +
      `<text x="${fixed(x + 3)}" y="${y + FRAME_HEIGHT - 4.5}">${escapeXml(fitText(frame.name, w))}</text></g>`
    );
  });

  return [
    `<?xml version="1.0" standalone="no"?>`,
    `<svg version="1.1" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" xmlns="http://www.w3.org/2000/svg">`,
    `<style>text{font-family:Verdana,sans-serif;font-size:${FONT_SIZE}px;fill:#000}.f{cursor:pointer}.f:hover rect{stroke:#000;stroke-width:0.5}#title{font-size:${FONT_SIZE + 5}px}#details,#reset{font-size:${FONT_SIZE}px}</style>`,
    `<rect x="0" y="0" width="${width}" height="${height}" fill="#f8f8f8"/>`,
    `<text id="title" x="${width / 2}" y="${FONT_SIZE * 1.5 + 2}" text-anchor="middle">${escapeXml(options.title)}</text>`,
    options.subtitle
      ? `<text x="${width / 2}" y="${FONT_SIZE * 2.6 + 2}" text-anchor="middle" fill="#666">${escapeXml(options.subtitle)}</text>`
      : "",
    `<text id="reset" x="${X_PAD}" y="${FONT_SIZE * 1.5 + 2}" style="display:none">Reset Zoom</text>`,
    `<text id="details" x="${X_PAD}" y="${height - FONT_SIZE / 2 - 4}"> </text>`,
    `<g id="frames">`,
    ...frames,
    `</g>`,
    `<script type="text/ecmascript"><![CDATA[${ZOOM_SCRIPT.replace("WIDTH", String(width - 2 * X_PAD))}]]></script>`,
    `</svg>`,
    "",
  ].join("\n");
}

/** Depth-first with an explicit stack (stacks can be thousands deep); children in name order. */
function layout(root: SvgFrame, scale: number): Placed[] {
  const out: Placed[] = [];
  const todo: Placed[] = [{ frame: root, depth: 0, x: X_PAD, width: root.samples * scale }];
  for (let next = todo.pop(); next !== undefined; next = todo.pop()) {
    if (next.width < MIN_WIDTH) continue;
    out.push(next);
    const children = [...next.frame.children].sort((a, b) =>
      a.name < b.name ? -1 : a.name > b.name ? 1 : 0,
    );
    const right = next.x + next.width;
    let x = next.x;
    for (const child of children) {
      // a child never draws past its parent, even where clamped values overshoot (prepareFrames' glitch)
      const width = Math.min(child.samples * scale, right - x);
      todo.push({ frame: child, depth: next.depth + 1, x, width });
      x += width;
    }
  }
  return out;
}

function fitText(name: string, width: number): string {
  const chars = Math.floor(width / (FONT_SIZE * FONT_WIDTH));
  if (chars < 3) return "";
  return name.length <= chars ? name : `${name.slice(0, chars - 2)}..`;
}

const fixed = (n: number) => (Math.round(n * 100) / 100).toString();

/** A colour of the frame's runtime family, its shade fixed by the name so a frame keeps its colour. */
function color(name: string): string {
  const [hue, saturation, lightness] = PALETTE[identifyFrameLanguage(name).language];
  let hash = 0x811c9dc5;
  for (let i = 0; i < name.length; i++) hash = Math.imul(hash ^ name.charCodeAt(i), 0x01000193);
  const shade = ((hash >>> 0) % 1000) / 1000;
  return hslToRgb(hue + (shade - 0.5) * 16, saturation, lightness + (shade - 0.5) * 14);
}

function hslToRgb(h: number, s: number, l: number): string {
  const sat = s / 100;
  const light = l / 100;
  const k = (n: number) => (n + h / 30) % 12;
  const a = sat * Math.min(light, 1 - light);
  const f = (n: number) => Math.round(255 * (light - a * Math.max(-1, Math.min(k(n) - 3, 9 - k(n), 1))));
  return `rgb(${f(0)},${f(8)},${f(4)})`;
}

/** XML text/attribute escaping; characters XML 1.0 forbids (controls, lone surrogates) become U+FFFD. */
export function escapeXml(text: string): string {
  return text
    .replace(
      /[\u0000-\u0008\u000b\u000c\u000e-\u001f\ufffe\uffff]|[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g,
      "\ufffd",
    )
    .replace(/&/g, "&amp;")
    .replace(/</g, "&lt;")
    .replace(/>/g, "&gt;")
    .replace(/"/g, "&quot;")
    .replace(/'/g, "&#39;");
}

// Click a frame to zoom to it (its ancestors span the width, unrelated frames hide); "Reset Zoom" undoes.
// Names are read back from data-n as text only.
const ZOOM_SCRIPT = `
(function () {
  var full = WIDTH, pad = ${X_PAD}, frames = document.querySelectorAll("#frames .f");
  var reset = document.getElementById("reset"), details = document.getElementById("details");
  function fit(g, w) {
    var name = g.getAttribute("data-n"), chars = Math.floor(w / (${FONT_SIZE} * ${FONT_WIDTH}));
    g.querySelector("text").textContent = chars < 3 ? "" : name.length <= chars ? name : name.slice(0, chars - 2) + "..";
  }
  function place(g, x, w) {
    var rect = g.querySelector("rect");
    rect.setAttribute("x", x); rect.setAttribute("width", w);
    g.querySelector("text").setAttribute("x", x + 3);
    fit(g, w);
  }
  function zoom(target) {
    var x0 = +target.getAttribute("data-x"), w0 = +target.getAttribute("data-w"), d0 = +target.getAttribute("data-d");
    var scale = full / w0;
    for (var i = 0; i < frames.length; i++) {
      var g = frames[i], x = +g.getAttribute("data-x"), w = +g.getAttribute("data-w"), d = +g.getAttribute("data-d");
      var inside = x >= x0 - 0.001 && x + w <= x0 + w0 + 0.001 && d >= d0;
      var above = d < d0 && x <= x0 + 0.001 && x + w >= x0 + w0 - 0.001;
      g.style.display = inside || above ? "" : "none";
      g.style.opacity = above ? "0.6" : "";
      if (inside) place(g, pad + (x - x0) * scale, w * scale);
      else if (above) place(g, pad, full);
    }
    reset.style.display = "";
  }
  function unzoom() {
    for (var i = 0; i < frames.length; i++) {
      var g = frames[i];
      g.style.display = ""; g.style.opacity = "";
      place(g, +g.getAttribute("data-x"), +g.getAttribute("data-w"));
    }
    reset.style.display = "none";
  }
  for (var i = 0; i < frames.length; i++) {
    frames[i].addEventListener("click", function (e) { zoom(e.currentTarget); });
    frames[i].addEventListener("mouseover", function (e) { details.textContent = e.currentTarget.querySelector("title").textContent; });
    frames[i].addEventListener("mouseout", function () { details.textContent = " "; });
  }
  reset.addEventListener("click", unzoom);
  reset.style.cursor = "pointer";
})();
`;
