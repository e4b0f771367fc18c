// GET /api/flamegraph/tree (issue 9): the flamegraph pruned to what can be drawn, for profiles of up to
// millions of distinct stacks. The UI asks for the whole graph first, then for the subtree of a frame
// it zooms into (`root` = the frame's `hash`), each pruned relative to its own root. /api/flamegraph
// stays as it was (the original's contract, golden tests).
//
// Answers are kept in the Cache API, keyed by the normalised query (service id, exact range, parsed
// filter, root, limits). The key holds no user: every signed-in user may read every service's
// flamegraph (the studio has no per-service permissions), so one user's answer is as good as another's.
// The lookup runs in the handler, after the authenticate middleware, so a request without valid
// credentials gets its 401 before the cache is ever read; and the key is a path no client can ask for,
// so nothing reaches a cached answer except this handler. Per-service permissions, if they come, must
// go into the key.
import { Hono, type Context } from "hono";
import { flameGraphResponse, prepareMergedGraph } from "../../../core/src/flamegraph";
import type { FrameAggregate } from "../../../core/src/flamegraph";
import {
  addFound,
  attachRemainders,
  findFrame,
  pruneFlameGraph,
  searchSummary,
  type RolledUp,
} from "../../../core/src/flamegraph-prune";
import { stringifyFlameGraph, type SearchSummary } from "../../../core/src/wire/flamegraph";
import type { ClickHouseClient } from "../../../shared/src/clickhouse";
import { fail, StoreUnavailable } from "../../../shared/src/errors";
import type { ApiEnv } from "../env";
import { baseParams, intParam, type BaseParams } from "../params";
import { withClickHouse } from "../store/clickhouse";
import { searchFrames, wideFrames } from "../store/flamegraph-tree";
import type { TableWindow } from "../store/flamegraph";
import { sampleWindows } from "./flamegraph";

/** Frames per answer: far more than a screen shows, little enough to draw at once. */
const DEFAULT_MAX_NODES = 5_000;
const MAX_NODES = 50_000;
/** Frames narrower than this fraction of the view are rolled up (1 px of a 2,000 px wide chart). */
const DEFAULT_MIN_WIDTH = 0.0005;
/** Rows read from ClickHouse at most: bounds the Worker's memory on deep zooms into huge profiles. */
const MAX_FRAMES_READ = 200_000;
/** Ranges ending this long ago are done filling (agents upload every minute, indexing follows). */
const SETTLED_MS = 15 * 60_000;
const CACHE_SECONDS = { settled: 600, recent: 30 };
const UINT64_MAX = 18446744073709551615n;
/** Matching frames a search keeps at most (the widest), with their ancestors. */
const SEARCH_LIMIT = 1000;
/** Ancestor lookups at most: a match this far below the nearest wide frame is left out. */
const SEARCH_ROUNDS = 64;
const SEARCH_MAX_LENGTH = 500;

export const flamegraphTreeRoute = new Hono<ApiEnv>();

flamegraphTreeRoute.get("/api/flamegraph/tree", async (c) => {
  const started = performance.now();
  const params = await baseParams(c, c.var.db);
  const q = {
    lang: c.req.queries("enrichment")?.includes("lang") ?? false,
    root: rootParam(c),
    maxNodes: intParam(c, "maxNodes", DEFAULT_MAX_NODES, MAX_NODES),
    minWidth: minWidthParam(c),
    search: searchParam(c),
  };
  const cache = await caches.open("flamegraph-tree");
  const key = cacheKey(c, params, q);
  const cached = await cache.match(key);
  if (cached) return withCacheStatus(cached, "hit");

  const windows = sampleWindows(params);
  const { frames, rolledUp, search } = await withClickHouse(c.env, async (ch) => {
    const wide = await wideFrames(ch, params, windows, {
      root: q.root,
      minFraction: q.minWidth,
      limit: MAX_FRAMES_READ,
      // A zoom's view is a subtree and a search adds frames back, so only the whole graph is cut early.
      keep: q.root === null && q.search === null ? q.maxNodes : undefined,
    });
    return q.search === null ? { ...wide, search: null } : withMatches(ch, params, windows, wide, q.search);
  });
  const graph = prepareMergedGraph(frames, { stacksNum: frames.length, lang: q.lang });
  const olapTime = (performance.now() - started) / 1000;
  const full = flameGraphResponse(graph, { execTime: 0, olapTime }, { hashes: true });
  attachRemainders(full, rolledUp);
  const view = q.root === null ? full : findFrame(full, q.root);
  if (!view) fail(404, `No frame ${q.root} in this flamegraph`);
  const pruned = pruneFlameGraph(view, {
    maxNodes: q.maxNodes,
    minValue: q.minWidth * view.value,
    keep: search?.keep,
  });
  const summary: SearchSummary | undefined = search
    ? { ...searchSummary(view, search.matches), matches: search.count, complete: search.complete }
    : undefined;
  const body = stringifyFlameGraph({
    ...full,
    value: pruned.value,
    children: pruned.children,
    exec_time: (performance.now() - started) / 1000,
    search: summary,
  });
  const settled = Date.now() - params.endTime.getTime() > SETTLED_MS;
  const response = new Response(body, {
    headers: {
      "content-type": "application/json; charset=utf-8",
      "cache-control": `max-age=${settled ? CACHE_SECONDS.settled : CACHE_SECONDS.recent}`,
    },
  });
  c.executionCtx.waitUntil(cache.put(key, response.clone()));
  return withCacheStatus(response, "miss");
});

/** The wide frames with the widest `SEARCH_LIMIT` matches of `pattern` and their ancestors added. */
async function withMatches(
  clickhouse: ClickHouseClient,
  scope: BaseParams,
  windows: readonly TableWindow[],
  wide: { frames: FrameAggregate[]; rolledUp: Map<string, RolledUp> },
  pattern: string,
) {
  const { hashes, count, found } = await searchFrames(clickhouse, scope, windows, {
    pattern,
    limit: SEARCH_LIMIT,
    known: new Set(wide.frames.map((f) => f.hash)),
    rounds: SEARCH_ROUNDS,
  }).catch((e: unknown) => {
    // A pattern RE2 cannot compile is the caller's mistake (ClickHouse's CANNOT_COMPILE_REGEXP).
    if (e instanceof StoreUnavailable && (e.cause as { type?: string })?.type === "CANNOT_COMPILE_REGEXP")
      fail(400, "'search' is not a valid regular expression");
    throw e;
  });
  const { frames, rolledUp, keep } = addFound(wide.frames, wide.rolledUp, found, hashes);
  return {
    frames,
    rolledUp,
    search: { matches: new Set(hashes), keep, count, complete: count <= SEARCH_LIMIT },
  };
}

/** `search`: a case-insensitive regular expression (RE2) on frame names; null without. */
function searchParam(c: Context): string | null {
  const raw = c.req.query("search");
  if (raw === undefined || raw.trim() === "") return null;
  if (raw.length > SEARCH_MAX_LENGTH) fail(400, `'search' is longer than ${SEARCH_MAX_LENGTH} characters`);
  return raw.trim();
}

/** `root`: a frame's CallStackHash, a decimal unsigned 64-bit integer; null without. */
function rootParam(c: Context): string | null {
  const raw = c.req.query("root");
  if (raw === undefined || raw === "") return null;
  if (!/^\d{1,20}$/.test(raw) || BigInt(raw) === 0n || BigInt(raw) > UINT64_MAX)
    fail(400, "'root' must be a frame's hash (a decimal unsigned 64-bit integer)");
  return String(BigInt(raw));
}

/** `minWidth`: the narrowest frame drawn, as a fraction of the view's width, 0 ≤ x < 1. */
function minWidthParam(c: Context): number {
  const raw = c.req.query("minWidth");
  if (raw === undefined || raw === "") return DEFAULT_MIN_WIDTH;
  const value = Number(raw);
  if (!/^\d*\.?\d+(e-?\d+)?$/i.test(raw) || !(value >= 0 && value < 1))
    fail(400, "'minWidth' must be a fraction of the view's width, at least 0 and below 1");
  return value;
}

/** The normalised query as a URL under a path no route answers. */
function cacheKey(
  c: Context,
  params: BaseParams,
  q: { lang: boolean; root: string | null; maxNodes: number; minWidth: number; search: string | null },
): Request {
  const key = new URLSearchParams({
    service: String(params.serviceId),
    start: params.startTime.toISOString(),
    end: params.endTime.toISOString(),
    filter: JSON.stringify(params.filter),
    lang: String(q.lang),
    root: q.root ?? "",
    maxNodes: String(q.maxNodes),
    minWidth: String(q.minWidth),
    search: q.search ?? "",
  });
  return new Request(`${new URL(c.req.url).origin}/__cache/flamegraph-tree?${key}`);
}

/** The answer for the browser: the edge's copy is not the browser's to keep; says whether it was cached. */
function withCacheStatus(response: Response, status: "hit" | "miss"): Response {
  const out = new Response(response.body, response);
  out.headers.set("cache-control", "private, no-cache");
  out.headers.set("x-studio-cache", status);
  return out;
}
