import { describe, expect, test } from "vitest";
import { compareUint64, prepareGraph, type FrameAggregate } from "./flamegraph";
import { escapeXml, renderFlameGraphSvg, type SvgFrame } from "./svg-flamegraph";
import { readTestdataTsv } from "./test-utils";

/** A small well-formedness check: balanced tags, escaped text and attributes, nothing after the root. */
function assertWellFormedXml(svg: string): void {
  const body = svg.replace(/^<\?xml[^>]*\?>\s*/, "").replace(/<!\[CDATA\[[\s\S]*?\]\]>/g, "");
  const stack: string[] = [];
  const token = /<(\/?)([A-Za-z][\w:-]*)((?:\s+[\w:-]+="[^"<]*")*)\s*(\/?)>|([^<]+)|(<)/g;
  let closedRoot = false;
  for (const m of body.matchAll(token)) {
    const [, closing, name, , selfClosing, text, stray] = m;
    if (stray) throw new Error(`unescaped '<' at ${m.index}: ${body.slice(m.index!, m.index! + 40)}`);
    if (text !== undefined) {
      if (/&(?!(amp|lt|gt|quot|#\d+);)/.test(text)) throw new Error(`unescaped '&' in ${text.slice(0, 40)}`);
      if (closedRoot && text.trim()) throw new Error("text after the root element");
      continue;
    }
    if (closedRoot) throw new Error("element after the root element");
    if (closing) {
      if (stack.pop() !== name) throw new Error(`mismatched </${name}>`);
      if (stack.length === 0) closedRoot = true;
    } else if (!selfClosing) stack.push(name);
  }
  if (stack.length || !closedRoot) throw new Error(`unclosed: ${stack.join(",")}`);
}

const frame = (name: string, samples: number, children: SvgFrame[] = []): SvgFrame => ({
  name,
  samples,
  children,
});
const frames = (svg: string) => [
  ...svg.matchAll(/<g class="f" data-d="(\d+)" data-x="([\d.]+)" data-w="([\d.]+)" data-n="([^"]*)">/g),
];

describe("renderFlameGraphSvg", () => {
  test("draws an icicle: the total on top, children below in name order, widths by samples", () => {
    const svg = renderFlameGraphSvg(
      [
        frame("python", 6, [frame("main_[p]", 6, [frame("foo_[p]", 3), frame("bar_[p]", 2)])]),
        frame("java", 5),
      ],
      {
        title: "Flame Graph",
      },
    );
    assertWellFormedXml(svg);
    const drawn = frames(svg).map(([, depth, x, width, name]) => ({
      depth: +depth,
      x: +x,
      width: +width,
      name,
    }));
    const byName = Object.fromEntries(drawn.map((f) => [f.name, f]));
    expect(byName.all).toMatchObject({ depth: 0, x: 10, width: 1180 });
    expect(byName.java).toMatchObject({ depth: 1, x: 10 }); // "java" < "python"
    expect(byName.python.x).toBeCloseTo(10 + (1180 * 5) / 11, 1);
    expect(byName["bar_[p]"]).toMatchObject({ depth: 3 });
    expect(byName["bar_[p]"].x).toBeLessThan(byName["foo_[p]"].x);
    expect(byName["foo_[p]"].width).toBeCloseTo((1180 * 3) / 11, 1);
    expect(svg).toContain("<title>main_[p] (6 samples, 54.55%)</title>");
    // runtimes get different colour families
    const fill = (name: string) =>
      new RegExp(
        `data-n="${name.replace(/[[\]]/g, "\\$&")}"><title>[^<]*</title><rect [^>]*fill="([^"]+)"`,
      ).exec(svg)![1];
    expect(fill("main_[p]")).not.toBe(fill("java"));
  });

  test("escapes hostile frame names everywhere and stays well-formed", () => {
    const hostile = [
      `<script>alert(1)</script>`,
      `]]><script>alert(2)</script>`,
      `" onload="alert(3)`,
      `' onclick='x`,
      `a & b &amp; <c>`,
      "ctrl\u0000\u0001\u001f",
      "lone \ud800 surrogate",
      "emoji 🔥 ok",
    ];
    const svg = renderFlameGraphSvg(
      [
        frame(
          "root",
          100,
          hostile.map((name) => frame(name, 10)),
        ),
      ],
      { title: `<b>"svc"</b>`, subtitle: "x & y" },
    );
    assertWellFormedXml(svg);
    expect(svg).not.toContain("<script>alert");
    expect(svg).not.toMatch(/ on\w+="alert/);
    expect(svg.match(/<script/g)).toHaveLength(1);
    expect(svg).toContain("&lt;script&gt;alert(1)&lt;/script&gt;");
    expect(svg).toContain("emoji 🔥 ok");
    expect(escapeXml("ctrl\u0000")).toBe("ctrl\ufffd");
  });

  test("renders the golden profile's 650 frames, skipping those narrower than 0.1 px", () => {
    const byHash = new Map<string, FrameAggregate>();
    for (const row of readTestdataTsv("golden/test_stackfile.rows.tsv")) {
      const seen = byHash.get(row.CallStackHash);
      if (seen) seen.samples += Number(row.NumSamples);
      else
        byHash.set(row.CallStackHash, {
          hash: row.CallStackHash,
          name: row.CallStackName,
          parent: row.CallStackParent,
          samples: Number(row.NumSamples),
        });
    }
    const rows = [...byHash.values()].sort((a, b) => b.samples - a.samples || compareUint64(a.hash, b.hash));
    const graph = prepareGraph([rows], { stacksNum: 10000, lang: false });
    const svg = renderFlameGraphSvg(graph.roots, { title: "Flame Graph" });
    assertWellFormedXml(svg);
    expect(frames(svg)).toHaveLength(651); // 650 frames + "all"
    expect(svg).toContain("<title>all (79 samples, 100.00%)</title>");
  });

  test("an empty graph is a valid picture of nothing", () => {
    const svg = renderFlameGraphSvg([], { title: "empty" });
    assertWellFormedXml(svg);
    expect(frames(svg)).toHaveLength(0);
  });

  test("very deep stacks do not overflow the call stack", () => {
    let deep = frame("leaf", 1);
    for (let i = 0; i < 20_000; i++) deep = frame(`f${i}`, 1, [deep]);
    const svg = renderFlameGraphSvg([deep], { title: "deep" });
    expect(frames(svg)).toHaveLength(20_002);
  });
});
