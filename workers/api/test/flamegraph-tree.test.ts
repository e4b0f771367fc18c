// GET /api/flamegraph/tree against the real ClickHouse: a synthetic profile of 2,000 stacks, the pruned
// graph (two hosts' uploads) against /api/flamegraph's full one, subtrees, the parameters' errors and the edge cache.
import { beforeAll, describe, expect, test } from "vitest";
import { pruneFlameGraph } from "../../core/src/flamegraph-prune";
import type { FlameGraphFrame, SearchSummary } from "../../core/src/wire/flamegraph";
import * as schema from "../../../migrations/schema";
import { api, get, withDb } from "./helpers";
import { insertStackNodes, prefixTree } from "./seed";

const now = Date.now();
let service = "";
const range = { startTime: new Date(now - 3_600_000).toISOString(), endTime: new Date(now).toISOString() };
/**
 * A start that leaves the earlier of the two uploads out. With both, a frame may be wide in one upload and
 * narrow in the other; with the last alone, every frame is one row (the query's shortcut).
 */
const lastUpload = new Date(now - 20 * 60_000).toISOString();

/** `count` random stacks (frames root first, samples); every 40th ends in a rare `needle`. */
function syntheticStacks(count: number): [string[], number][] {
  let x = 11;
  // The high bits: an LCG's low bits repeat with a short period.
  const rand = (n: number) => ((x = (x * 1103515245 + 12345) % 2 ** 31), Math.floor(x / 65536) % n);
  const stacks: [string[], number][] = [];
  for (let i = 0; i < count; i++) {
    const samples = 1 + rand(40);
    const frames: string[] = [];
    for (let depth = 0, n = 2 + rand(10); depth < n + (i % 40 === 0 ? 1 : 0); depth++)
      frames.push(`${depth === n ? "needle" : `fn${rand(depth < 2 ? 3 : 8)}`}_[p]`);
    stacks.push([frames, samples]);
  }
  return stacks;
}

beforeAll(async () => {
  service = `tree-${now.toString(36)}`;
  const id = 1_000_000 + Math.floor(Math.random() * 2_000_000_000);
  await withDb((db) => db.insert(schema.services).values({ id, name: service, envType: "containers" }));
  const hashes = new Map<string, string>();
  const hashOf = (_: number, path: string) =>
    hashes.get(path) ?? hashes.set(path, String(1_000_000 + hashes.size)).get(path)!;
  const stacks = syntheticStacks(2000);
  await insertStackNodes(id, new Date(now - 10 * 60_000), prefixTree(stacks, hashOf), {
    instanceType: "t3",
    insertedAt: new Date(now),
  });
  // A second host's upload of some of the stacks, with other counts: a frame has rows of other widths in
  // two blocks (and windows), so a wide frame may be narrow in one of them.
  const again = stacks
    .slice(0, 600)
    .map(([frames, samples]): [string[], number] => [frames, ((samples * 7) % 23) + 1]);
  await insertStackNodes(id, new Date(now - 50 * 60_000), prefixTree(again, hashOf), {
    hostName: "host-2",
    instanceType: "t3",
    insertedAt: new Date(now),
  });
}, 30_000);

type Body = FlameGraphFrame & { message?: string; search?: SearchSummary };

async function tree(params: Record<string, string | number> = {}): Promise<{ res: Response; body: Body }> {
  const search = new URLSearchParams({ serviceName: service, ...range });
  for (const [k, v] of Object.entries(params)) search.set(k, String(v));
  const res = await get(`/api/flamegraph/tree?${search}`);
  return { res, body: (await res.json()) as Body };
}

function* frames(root: FlameGraphFrame): Generator<FlameGraphFrame> {
  const todo = [...root.children];
  for (let f = todo.pop(); f !== undefined; f = todo.pop()) {
    yield f;
    todo.push(...f.children);
  }
}
const withoutHashes = (root: FlameGraphFrame): unknown =>
  JSON.parse(JSON.stringify(root, (k, v) => (k === "hash" ? undefined : v)));
const sum = (xs: FlameGraphFrame[]) => xs.reduce((s, f) => s + f.value, 0);

describe("GET /api/flamegraph/tree", () => {
  test("unpruned, it is /api/flamegraph's graph with each frame's hash", async () => {
    for (const startTime of [range.startTime, lastUpload]) {
      const search = new URLSearchParams({
        serviceName: service,
        ...range,
        startTime,
        stacksCount: "200000",
      });
      const full = (await (await get(`/api/flamegraph?${search}`)).json()) as Record<string, unknown>;
      const { res, body } = await tree({ startTime, maxNodes: 50_000, minWidth: 0 });
      expect(res.status).toBe(200);
      expect(res.headers.get("content-type")).toMatch(/^application\/json/);
      expect([...frames(body)].every((f) => /^\d+$/.test(f.hash!))).toBe(true);
      expect([...frames(body)].some((f) => f.rolledUp !== undefined)).toBe(false);
      const strip = ({ exec_time: _e, olap_time: _o, ...rest }: Record<string, unknown>) => rest;
      expect(withoutHashes(strip({ ...body }) as never)).toEqual(strip(full));
    }
  });

  test("pruned: at most maxNodes frames, none narrower than minWidth, every level still sums up", async () => {
    const { body: full } = await tree({ maxNodes: 50_000, minWidth: 0 });
    const { body } = await tree({ maxNodes: 40, minWidth: 0.01 });
    const all = [...frames(body)];
    const kept = all.filter((f) => f.rolledUp === undefined);
    expect(kept.length).toBeLessThanOrEqual(40);
    expect(kept.every((f) => f.value >= 0.01 * body.value)).toBe(true);
    expect(all.some((f) => f.name === "…" && f.rolledUp! > 0)).toBe(true);
    expect(body.value).toBe(full.value);
    const byHash = new Map([...frames(full)].map((f) => [f.hash, f]));
    expect(sum(body.children)).toBe(sum(full.children));
    for (const frame of kept) {
      const original = byHash.get(frame.hash)!;
      expect(sum(frame.children)).toBe(sum(original.children));
      const remainder = frame.children.find((c) => c.rolledUp !== undefined);
      expect(remainder?.rolledUp ?? 0).toBe(
        original.children.length - frame.children.filter((c) => c.hash).length,
      );
    }
  });

  test("pruned: the same frames as pruning the whole graph (the query leaves the narrower ones out early)", async () => {
    for (const startTime of [range.startTime, lastUpload]) {
      const { body: full } = await tree({ startTime, maxNodes: 50_000, minWidth: 0 });
      for (const [maxNodes, minWidth] of [
        [40, 0.01],
        [7, 0],
        [200, 0.001],
      ] as const) {
        const { body } = await tree({ startTime, maxNodes, minWidth });
        const expected = pruneFlameGraph(full, { maxNodes, minValue: minWidth * full.value });
        expect(body.children).toEqual(expected.children);
      }
    }
  });

  test("root: the frame's subtree, pruned relative to the frame", async () => {
    const { body: full } = await tree({ maxNodes: 50_000, minWidth: 0 });
    const frame = [...frames(full)].find((f) => f.children.length > 2 && f.value < full.value / 3)!;
    const { body } = await tree({ root: frame.hash!, maxNodes: 50_000, minWidth: 0 });
    expect(body.value).toBe(frame.value);
    expect(body.children).toEqual(frame.children);
    const { body: pruned } = await tree({ root: frame.hash!, maxNodes: 3 });
    expect([...frames(pruned)].filter((f) => f.rolledUp === undefined).length).toBe(3);
    expect(sum(pruned.children)).toBe(sum(frame.children));
  });

  test("search: every match (the widest 1,000) and its ancestors kept however narrow, the share exact", async () => {
    const { body: full } = await tree({ maxNodes: 50_000, minWidth: 0 });
    const isMatch = (f: FlameGraphFrame) => /^needle$/i.test(f.name);
    // Top-most matches and the self samples of all, on the whole unpruned graph.
    let matched = 0;
    let own = 0;
    const todo: [FlameGraphFrame, boolean][] = full.children.map((c) => [c, false]);
    for (let next = todo.pop(); next; next = todo.pop()) {
      const [f, inside] = next;
      if (isMatch(f)) {
        if (!inside) matched += f.value;
        own += f.value - sum(f.children);
      }
      for (const c of f.children) todo.push([c, inside || isMatch(f)]);
    }
    const matches = [...frames(full)].filter(isMatch);
    expect(matches.length).toBeGreaterThan(20);
    expect(matches.length).toBeLessThanOrEqual(1000);

    const { res, body } = await tree({ maxNodes: 20, minWidth: 0.05, search: "^NEEDLE$" });
    expect(res.status).toBe(200);
    const found = [...frames(body)].filter(isMatch);
    expect(found.map((f) => f.hash).sort()).toEqual(matches.map((f) => f.hash).sort());
    expect(found.some((f) => f.value < 0.05 * body.value)).toBe(true);
    expect(body.search).toEqual({ matched, own, matches: matches.length, complete: true });
    // Still a tree whose levels add up, remainders and all.
    const byHash = new Map([...frames(full)].map((f) => [f.hash, f]));
    expect(sum(body.children)).toBe(sum(full.children));
    for (const frame of [...frames(body)].filter((f) => f.hash))
      expect(sum(frame.children)).toBe(sum(byHash.get(frame.hash)!.children));

    // Relative to a zoomed frame: the matches below it only.
    const zoom = [...frames(full)].find((f) => f.children.some(isMatch) && f.value < full.value / 2)!;
    const { body: sub } = await tree({ root: zoom.hash!, maxNodes: 5, minWidth: 0.2, search: "^needle$" });
    const below = [...frames(zoom)].filter(isMatch);
    expect([...frames(sub)].filter(isMatch).length).toBe(below.length);
    expect(sub.search!.matches).toBe(matches.length);
  });

  test("search: more matches than an answer holds, patterns as data, bad patterns a 400", async () => {
    const { body } = await tree({ maxNodes: 10, search: "fn" });
    expect(body.search!.complete).toBe(false);
    expect(body.search!.matches).toBeGreaterThan(1000);
    expect(body.search!.matched).toBe(body.value); // every frame is an fn
    // SQL-looking and quote-laden patterns are just patterns: nothing matches them.
    for (const search of ["' OR '1'='1", "'; DROP TABLE flamedb.samples; --", "\\'", "{root:UInt64}"]) {
      const { res, body: none } = await tree({ search });
      expect(res.status, search).toBe(200);
      expect(none.search).toEqual({ matched: 0, own: 0, matches: 0, complete: true });
    }
    for (const search of ["') OR 1=1 --", "(", "a{2000}", "x".repeat(501)]) {
      const { res, body: bad } = await tree({ search });
      expect(res.status, search).toBe(400);
      expect(bad.message).toMatch(/'search'/);
    }
  });

  test("no data: an empty graph", async () => {
    const { res, body } = await tree({
      startTime: new Date(now - 5 * 86_400_000).toISOString(),
      endTime: new Date(now - 4 * 86_400_000).toISOString(),
    });
    expect(res.status).toBe(200);
    expect(body).toMatchObject({ name: "root", value: 0, children: [] });
  });

  test.each([
    [{ root: "abc" }, 400, /'root'/],
    [{ root: "0" }, 400, /'root'/],
    [{ root: "18446744073709551616" }, 400, /'root'/],
    [{ root: "42" }, 404, /No frame 42/],
    [{ minWidth: "1" }, 400, /'minWidth'/],
    [{ minWidth: "-0.1" }, 400, /'minWidth'/],
    [{ minWidth: "x" }, 400, /'minWidth'/],
    [{ maxNodes: "0" }, 400, /'maxNodes'/],
    [{ serviceName: "no-such-service" }, 406, /doesn't exists/],
    [{ endTime: range.startTime }, 400, /'endTime'/],
  ])("%j → %i with a message", async (params, status, message) => {
    const { res, body } = await tree(params);
    expect(res.status).toBe(status);
    expect(body.message).toMatch(message as RegExp);
  });

  test("answers repeat from the edge cache, never to a request without credentials", async () => {
    const params = { maxNodes: 77, minWidth: 0.002 };
    const first = await tree(params);
    expect(first.res.headers.get("x-studio-cache")).toBe("miss");
    const second = await tree(params);
    expect(second.res.headers.get("x-studio-cache")).toBe("hit");
    expect(second.body).toEqual(first.body);
    expect(second.res.headers.get("cache-control")).toBe("private, no-cache");
    // The same query spelled differently (parameter order, a leading underscore) is the same entry.
    const search = new URLSearchParams({
      minWidth: "0.002",
      ...range,
      maxNodes: "77",
      serviceName: `_${service}`,
    });
    expect((await get(`/api/flamegraph/tree?${search}`)).headers.get("x-studio-cache")).toBe("hit");
    const anonymous = await api(`/api/flamegraph/tree?${search}`);
    expect(anonymous.status).toBe(401);
    expect(await anonymous.json()).toEqual({ message: "Authentication required" });
    // Another window is another entry.
    expect((await tree({ ...params, minWidth: 0.003 })).res.headers.get("x-studio-cache")).toBe("miss");
  });
});
