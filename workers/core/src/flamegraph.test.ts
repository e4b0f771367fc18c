import { describe, expect, it } from "vitest";
import {
  collapsedLines,
  compareUint64,
  compareUtf8,
  flameGraphResponse,
  prepareGraph,
  type FlameGraphOptions,
  type FrameAggregate,
} from "./flamegraph";
import { stringifyFlameGraph, type FlameGraphFrame } from "./wire/flamegraph";
import { readTestdataText, readTestdataTsv } from "./test-utils";

const TIMING = { execTime: 0.25, olapTime: 0.125 };

/** The flamegraph SQL over one raw range, simulated on golden rows (§5.6). */
function query(rowsFile: string, limit: number): FrameAggregate[] {
  const byHash = new Map<string, FrameAggregate>();
  for (const row of readTestdataTsv(rowsFile)) {
    const seen = byHash.get(row.CallStackHash);
    if (seen !== undefined) seen.samples += Number(row.NumSamples);
    else
      byHash.set(row.CallStackHash, {
        hash: row.CallStackHash,
        name: row.CallStackName,
        parent: row.CallStackParent,
        samples: Number(row.NumSamples),
      });
  }
  return [...byHash.values()]
    .sort((a, b) => b.samples - a.samples || compareUint64(a.hash, b.hash))
    .slice(0, limit);
}

function build(rows: FrameAggregate[][], options: FlameGraphOptions) {
  return flameGraphResponse(prepareGraph(rows, options), TIMING);
}

function withoutTimings(response: object) {
  const { exec_time, olap_time, ...rest } = response as Record<string, unknown>;
  return rest;
}

const golden = (name: string) => JSON.parse(readTestdataText(name));
const sortedLines = (name: string) => readTestdataText(name).split("\n").filter(Boolean).sort();

describe.each([
  ["test_stackfile", 10000],
  ["ex1", 10000],
])("%s golden (§4.6)", (name, stacksNum) => {
  const rows = query(`golden/${name}.rows.tsv`, stacksNum);

  it("builds the flamegraph", () => {
    expect(withoutTimings(build([rows], { stacksNum, lang: false }))).toEqual(
      golden(`golden/${name}.flamegraph.json`),
    );
  });

  it("builds the flamegraph with lang enrichment", () => {
    expect(withoutTimings(build([rows], { stacksNum, lang: true }))).toEqual(
      golden(`golden/${name}.flamegraph.lang.json`),
    );
  });

  it("exports the collapsed file", () => {
    expect([...collapsedLines(prepareGraph([rows], { stacksNum, lang: false }))].sort()).toEqual(
      sortedLines(`golden/${name}.collapsed.sorted.txt`),
    );
  });

  it("serializes without recursion exactly like JSON.stringify", () => {
    const response = build([rows], { stacksNum, lang: true });
    expect(stringifyFlameGraph(response)).toBe(JSON.stringify(response));
  });
});

describe("test_stackfile facts (§4.6)", () => {
  const response = build([query("golden/test_stackfile.rows.tsv", 10000)], { stacksNum: 10000, lang: true });

  it("has root value 79, 25 roots and the documented percentiles", () => {
    expect(response.value).toBe(79);
    expect(response.children.map((child) => child.name)).toEqual([
      "6",
      ":-1",
      "PyPerf",
      "clickhouse-serv",
      "containerd",
      "dbus-daemon",
      "dockerd",
      "dpkg-query",
      "exe",
      "gunicorn",
      "gunicorn: worke",
      "indexer",
      "jbd2/xvda1-8",
      "ksoftirqd/0",
      "kthreadd",
      "net-interface-h",
      "networkctl",
      "nginx",
      "perf",
      "runc",
      "snapd",
      "systemd",
      "systemd-resolve",
      "systemd-udevd",
      "uvicorn",
    ]);
    expect(response.percentiles).toMatchObject({
      "1": "1",
      "10": "1",
      "50": "1",
      "90": "2",
      "99": "15",
      "100": "23",
    });
    expect(response).toMatchObject({ exec_time: 0.25, olap_time: 0.125 });
  });

  it("counts 650 frames by language", () => {
    const languages: Record<string, number> = {};
    const todo: FlameGraphFrame[] = [...response.children];
    for (let frame = todo.pop(); frame !== undefined; frame = todo.pop()) {
      languages[frame.language!] = (languages[frame.language!] ?? 0) + 1;
      todo.push(...frame.children);
    }
    expect(languages).toEqual({ Kernel: 252, Other: 195, Go: 115, Python: 86, "C++": 2 });
  });

  it("has 69 collapsed lines", () => {
    expect([
      ...collapsedLines(
        prepareGraph([query("golden/test_stackfile.rows.tsv", 10000)], { stacksNum: 10000, lang: false }),
      ),
    ]).toHaveLength(69);
  });

  it("keeps roots gunicorn (11) and perf (23) with stacks_num=20", () => {
    const top = build([query("golden/test_stackfile.rows.tsv", 20)], { stacksNum: 20, lang: false });
    expect(top.value).toBe(34);
    expect(top.children.map((root) => [root.name, root.value])).toEqual([
      ["gunicorn", 11],
      ["perf", 23],
    ]);
  });
});

describe("prepareGraph", () => {
  const frame = (hash: string, parent: string, name: string, samples: number): FrameAggregate => ({
    hash,
    parent,
    name,
    samples,
  });

  it("drops the tie group at a truncated query's cut, and sums ranges by hash", () => {
    const truncated = [frame("1", "0", "a", 9), frame("2", "1", "b", 5), frame("3", "1", "c", 5)];
    const complete = [frame("1", "0", "a", 1), frame("3", "1", "c", 1)];
    const response = build([truncated, complete], { stacksNum: 3, lang: false });
    expect(response.children).toEqual([
      { name: "a", value: 10, children: [{ name: "c", value: 1, children: [] }] },
    ]);
  });

  it("clamps a child above its parent and drops orphans", () => {
    const rows = [frame("1", "0", "a", 3), frame("2", "1", "b", 4), frame("5", "4", "orphan", 9)];
    const response = build([rows], { stacksNum: 10, lang: false });
    expect(response.children).toEqual([
      { name: "a", value: 3, children: [{ name: "b", value: 3, children: [] }] },
    ]);
    expect(response.percentiles["100"]).toBe("9");
  });

  it("ranks ties by hash as unsigned 64-bit, so the limit is deterministic", () => {
    // three ranges, each below the limit, so nothing is cut before prepareFrames
    const ranges = [
      [frame("18446744073709551615", "0", "big", 1)],
      [frame("9", "0", "small", 1)],
      [frame("10", "0", "mid", 1)],
    ];
    for (const order of [ranges, [...ranges].reverse()]) {
      const graph = prepareGraph(order, { stacksNum: 2, lang: false });
      expect(graph.roots.map((root) => root.name)).toEqual(["small", "mid"]);
    }
  });

  it("resolves Go? from the parent's resolved language", () => {
    const rows = [
      frame("1", "0", "main.main", 4),
      frame("2", "1", "runtime.main", 3),
      frame("3", "2", "pkg.fn", 2),
      frame("4", "1", "other.fn", 1),
    ];
    const response = build([rows], { stacksNum: 10, lang: true });
    expect(response.children).toEqual([
      {
        name: "main.main",
        value: 4,
        language: "Other",
        children: [
          { name: "other.fn", value: 1, children: [], language: "Other" },
          {
            name: "runtime.main",
            value: 3,
            children: [{ name: "pkg.fn", value: 2, children: [], language: "Go" }],
            language: "Go",
          },
        ],
      },
    ]);
  });

  it("sorts siblings with equal display names by raw name, then hash", () => {
    const rows = [
      frame("1", "0", "r", 9),
      frame("3", "1", "f_[j]", 1),
      frame("2", "1", "f_[i]", 1),
      frame("4", "1", "f", 1),
    ];
    const response = build([rows], { stacksNum: 10, lang: false });
    expect(response.children[0].children.map((child) => `${child.name}${child.suffix ?? ""}`)).toEqual([
      "f",
      "f_[i]",
      "f_[j]",
    ]);
  });

  it("gives an empty graph without rows", () => {
    expect(build([[]], { stacksNum: 10, lang: true })).toEqual({
      name: "root",
      value: 0,
      children: [],
      ...{ exec_time: 0.25, olap_time: 0.125 },
      percentiles: {},
    });
    expect([...collapsedLines(prepareGraph([], { stacksNum: 10, lang: false }))]).toEqual([]);
  });
});

describe("deep stacks", () => {
  it("handles a 100,000-deep chain without recursion", () => {
    const depth = 100_000;
    const rows = Array.from({ length: depth }, (_, i): FrameAggregate => ({
      hash: String(i + 1),
      parent: String(i),
      name: `f${i}_[j]`,
      samples: 1,
    }));
    const graph = prepareGraph([rows], { stacksNum: depth + 1, lang: true });
    const response = flameGraphResponse(graph, TIMING);
    let levels = 0;
    for (let node = response.children[0]; node !== undefined; node = node.children[0]) levels++;
    expect(levels).toBe(depth);
    // the engine's own JSON.stringify gives up at this depth (the api falls back to stringifyFlameGraph)
    expect(() => JSON.stringify(response)).toThrow(RangeError);
    const json = stringifyFlameGraph(response);
    expect(
      json.startsWith(
        '{"name":"root","value":1,"children":[{"name":"f0","suffix":"_[j]","value":1,"children":[',
      ),
    ).toBe(true);
    const lines = [...collapsedLines(graph)];
    expect(lines).toHaveLength(1);
    expect(lines[0].endsWith(`;f${depth - 1}_[j] 1`)).toBe(true);
    // not a speed test: a loaded 2-core machine needs several seconds for 100,000 frames
  }, 60_000);
});

describe("orderings", () => {
  it.each([
    ["9", "10", -1],
    ["18446744073709551615", "9223372036854775808", 1],
    ["42", "42", 0],
  ])("compareUint64(%s, %s)", (a, b, sign) => {
    expect(Math.sign(compareUint64(a, b))).toBe(sign);
  });

  it.each([
    ["a", "b", -1],
    ["a", "ab", -1],
    ["\uffff", "\u{10000}", -1],
    ["\ue000", "\ud800\udc00", -1],
    ["Z", "a", -1],
    ["é", "z", 1],
  ])("compareUtf8(%j, %j) is bytewise", (a, b, sign) => {
    expect(Math.sign(compareUtf8(a, b))).toBe(sign);
    const bytes = (s: string) => [...new TextEncoder().encode(s)];
    expect(Math.sign(Buffer.compare(Buffer.from(bytes(a)), Buffer.from(bytes(b))))).toBe(sign);
  });
});
