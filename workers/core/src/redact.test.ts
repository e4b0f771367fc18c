import { describe, expect, test } from "vitest";
import {
  backtrackingRisk,
  compileRedactions,
  compilePattern,
  redactFlameGraph,
  redactText,
  REDACTED,
  MAX_TEXT,
} from "./redact";
import type { FlameGraphFrame, FlameGraphResponse } from "./wire/flamegraph";

const rules = (names: string[] = [], paths: string[] = []) => {
  const r = compileRedactions({ names, paths });
  if (!r.ok) throw new Error(r.message);
  return r.value;
};
const frame = (name: string, value: number, children: FlameGraphFrame[] = []): FlameGraphFrame => ({
  name,
  value,
  children,
});
const graph = (children: FlameGraphFrame[]): FlameGraphResponse => ({
  name: "root",
  value: children.reduce((s, c) => s + c.value, 0),
  children,
  exec_time: 0,
  olap_time: 0,
  percentiles: {},
});

describe("redaction patterns", () => {
  test("ordinary patterns compile", () => {
    for (const p of [
      "acme",
      "com\\.acme\\.\\w+",
      "^/home/[^/]+",
      "secret_[0-9a-f]{8}",
      "(?:foo|bar)_\\d+",
      "[a-z]+Service$",
      ".+",
    ])
      expect(compilePattern(p).ok, p).toBe(true);
  });

  test.each([
    ["(a+)+$", "only `?` may follow a group"],
    ["(a|aa)*b", "only `?` may follow a group"],
    ["a*a*b", "at most one"],
    [".*.*x", "at most one"],
    ["\\w+\\s*=", "at most one"],
    ["x{2,}y+", "at most one"],
    ["(a)\\1", "back-references"],
    ["foo(?=bar)", "lookahead"],
    ["(?<!x)y", "lookahead"],
    ["a?a?a?a?a?aaaaa", "at most 4"],
    ["a|b|c|d|e|f|g|h|i|j", "alternatives"],
    ["(", "not a valid regular expression"],
    ["a*", "matches the empty string"],
    ["", "empty"],
    ["x".repeat(201), "longer than 200"],
  ])("%s is refused (%s)", (pattern, why) => {
    const r = compilePattern(pattern);
    expect(r.ok).toBe(false);
    expect(!r.ok && r.message).toContain(why);
  });

  test("escapes and classes are single atoms: quantifier chars inside them do not count", () => {
    expect(backtrackingRisk("[*+]+\\*\\+")).toBeNull();
    expect(backtrackingRisk("\\u{1F600}+")).toBeNull();
    expect(backtrackingRisk("(?:ab)?c+")).toBeNull();
    expect(backtrackingRisk("a+?b")).toBeNull();
  });

  test("bad shapes and too many patterns", () => {
    expect(compileRedactions({ names: "x" }).ok).toBe(false);
    expect(compileRedactions([]).ok).toBe(false);
    expect(compileRedactions({ names: Array(11).fill("a") }).ok).toBe(false);
    expect(compileRedactions(undefined)).toEqual({ ok: true, value: { names: [], paths: [] } });
  });
});

describe("redactText", () => {
  const py =
    "uvicorn.main.run (/usr/local/lib/python3.10/site-packages/uvicorn/main.py:467 [uvicorn==0.24.0])";

  test("name rules leave paths alone, path rules touch only paths", () => {
    expect(redactText(py, rules(["uvicorn"]))).toBe(
      `${REDACTED}.main.run (/usr/local/lib/python3.10/site-packages/uvicorn/main.py:467 [${REDACTED}==0.24.0])`,
    );
    expect(redactText(py, rules([], ["^.*/"]))).toBe(
      `uvicorn.main.run (${REDACTED}main.py:467 [uvicorn==0.24.0])`,
    );
  });

  test("Go package paths are names, not file paths", () => {
    expect(redactText("github.com/acme/x.F", rules([], [".+"]))).toBe("github.com/acme/x.F");
    expect(redactText("github.com/acme/x.F", rules(["acme"]))).toBe(`github.com/${REDACTED}/x.F`);
  });

  test("text past MAX_TEXT is redacted whole", () => {
    expect(redactText("a".repeat(MAX_TEXT + 1), rules(["zzz"]))).toBe(REDACTED);
    expect(redactText("a".repeat(MAX_TEXT), rules(["zzz"]))).toBe("a".repeat(MAX_TEXT));
  });
});

describe("redactFlameGraph", () => {
  test("renames every frame, merges siblings that became equal, keeps the input intact", () => {
    const input = graph([
      frame("main", 10, [
        frame("secret_b", 4, [frame("x", 4)]),
        frame("secret_a", 3, [frame("x", 1), frame("y", 2)]),
        frame("alpha", 3),
      ]),
    ]);
    const before = JSON.stringify(input);
    const r = redactFlameGraph(input, rules(["secret_\\w"]));
    expect(r.ok).toBe(true);
    const main = r.ok ? r.value.children[0] : null;
    expect(main?.children.map((c) => [c.name, c.value])).toEqual([
      [REDACTED, 7],
      ["alpha", 3],
    ]);
    expect(main?.children[0].children.map((c) => [c.name, c.value])).toEqual([
      ["x", 5],
      ["y", 2],
    ]);
    expect(JSON.stringify(input)).toBe(before);
  });

  test("no rules: the same graph", () => {
    const g = graph([frame("a", 1)]);
    expect(redactFlameGraph(g, rules())).toEqual({ ok: true, value: g });
  });

  test("a 100,000-frame-deep stack (no recursion)", () => {
    let leaf = frame("secret", 1);
    for (let i = 0; i < 100_000; i++) leaf = frame(`f${i}`, 1, [leaf]);
    const r = redactFlameGraph(graph([leaf]), rules(["secret"]));
    let node = r.ok ? r.value.children[0] : undefined;
    while (node?.children.length) node = node.children[0];
    expect(node?.name).toBe(REDACTED);
  });

  test("over the work budget: refused, not hung", () => {
    const g = graph([frame("a".repeat(100), 1, [frame("b".repeat(100), 1, [frame("c".repeat(100), 1)])])]);
    const r = redactFlameGraph(g, rules(["x"]), 15_000);
    expect(r.ok).toBe(false);
    expect(!r.ok && r.message).toMatch(/too large/);
    expect(redactFlameGraph(g, rules(["x"]), 30_000).ok).toBe(true);
  });
});
