// The flamegraph routes (backend-api.md §4.5, indexer-flamedb.md §4.5-4.6): GET /api/flamegraph, its
// downloads as SVG and collapsed text, and datetime_with_data. The time window is sliced over the raw
// and rollup tables, each slice queried for its top frames, and the results merged into one graph.
import { Hono, type Context } from "hono";
import {
  collapsedLines,
  flameGraphResponse,
  prepareMergedGraph,
  type PreparedGraph,
} from "../../../core/src/flamegraph";
import { flamegraphTableRanges } from "../../../core/src/flamegraph-tables";
import { formatFilter } from "../../../core/src/rql-filter";
import { renderFlameGraphSvg } from "../../../core/src/svg-flamegraph";
import { getTimeRanges } from "../../../core/src/time-ranges";
import { toClickHouseDateTime } from "../../../core/src/wire/clickhouse-row";
import { stringifyFlameGraph, type FlameGraphResponse } from "../../../core/src/wire/flamegraph";
import { isoTimeOfClickHouse } from "../../../core/src/wire/iso-time";
import { attachment } from "../download";
import type { ApiEnv } from "../env";
import {
  baseParams,
  filterParam,
  intParam,
  scope,
  serviceIdOf,
  serviceNameParam,
  type BaseParams,
} from "../params";
import { withClickHouse } from "../store/clickhouse";
import { mergedTopFrames, type TableWindow } from "../store/flamegraph";
import { timeRangeWithData } from "../store/samples";

/**
 * A guard the original lacked (§7.19): LIMIT and the in-memory graph stay bounded within a Worker's
 * 128 MB (up to 5 windows of this many rows). Larger requests (the UI's "untruncated" 500,000) get this.
 */
const MAX_STACKS_COUNT = 200_000;
const YEAR_MS = 365 * 86_400_000;

export const flamegraphRoute = new Hono<ApiEnv>();

flamegraphRoute.get("/api/flamegraph", async (c) => {
  const started = performance.now();
  const params = await baseParams(c, c.var.db);
  const lang = c.req.queries("enrichment")?.includes("lang") ?? false;
  const graph = await loadGraph(c, params, lang);
  const olapTime = (performance.now() - started) / 1000;
  const body = responseBody(
    flameGraphResponse(graph, { execTime: (performance.now() - started) / 1000, olapTime }),
  );
  // The original passed flamedb's JSON through as text/plain (§4.5); the UI parses it either way.
  return c.body(body, 200, { "content-type": "application/json; charset=utf-8" });
});

flamegraphRoute.get("/api/flamegraph/download_svg", async (c) => {
  const params = await baseParams(c, c.var.db);
  const graph = await loadGraph(c, params, false);
  if (graph.roots.length === 0) return c.body(null, 204);
  const filter = formatFilter(params.filter);
  const svg = renderFlameGraphSvg(graph.roots, {
    title: `${params.serviceName}: ${params.startTime.toISOString()} – ${params.endTime.toISOString()}`,
    subtitle: filter ? `filter: ${filter}` : undefined,
  });
  return c.body(svg, 200, {
    "content-type": "image/svg+xml; charset=utf-8",
    "content-disposition": attachment(`${params.serviceName}_${rangeName(params)}.svg`),
  });
});

/** The collapsed stacks (flamedb's format=collapsed_file, §4.6): `frame;frame;… <self samples>` lines. */
flamegraphRoute.get("/api/flamegraph/download_collapsed", async (c) => {
  const params = await baseParams(c, c.var.db);
  const graph = await loadGraph(c, params, false);
  const lines = [...collapsedLines(graph)];
  if (lines.length === 0) return c.body(null, 204);
  return c.body(lines.join("\n") + "\n", 200, {
    "content-type": "text/plain; charset=utf-8",
    "content-disposition": attachment(`${params.serviceName}_${rangeName(params)}.collapsed.txt`),
  });
});

/** The first and last minute with samples in the past year (time picker, §4.5); 204 when none. */
flamegraphRoute.get("/api/flamegraph/datetime_with_data", async (c) => {
  const serviceName = serviceNameParam(c);
  const filter = filterParam(c);
  const serviceId = await serviceIdOf(c.var.db, serviceName);
  const end = new Date();
  const start = new Date(end.getTime() - YEAR_MS);
  const range = await withClickHouse(c.env, (ch) =>
    timeRangeWithData(ch, scope({ serviceId, startTime: start, endTime: end, filter })),
  );
  if (!range) return c.body(null, 204);
  return c.json({
    firstDateTime: isoTimeOfClickHouse(range.first),
    lastDateTime: isoTimeOfClickHouse(range.last),
  });
});

/**
 * The prepared graph of a view (/api/flamegraph, its exports, share links and the diff's sides): the window
 * sliced over the tables, cut to `stacksCount` frames.
 */
export async function loadGraph(c: Context<ApiEnv>, params: BaseParams, lang: boolean): Promise<PreparedGraph> {
  const stacksNum = intParam(
    c,
    "stacksCount",
    Number(c.env.STACKS_COUNT_DEFAULT) || 10_000,
    MAX_STACKS_COUNT,
  );
  const windows = sampleWindows(params);
  const frames = await withClickHouse(c.env, (ch) => mergedTopFrames(ch, params, windows, stacksNum));
  return prepareMergedGraph(frames, { stacksNum, lang });
}

/** The request's range sliced over the raw and rollup tables (indexer-flamedb.md §4.5). */
export function sampleWindows(params: BaseParams, now = new Date()): TableWindow[] {
  const ranges = flamegraphTableRanges(getTimeRanges(params.startTime, params.endTime, "multi", now), {
    filtered: params.filter !== null,
  });
  return ranges.map((range) => ({
    ...range,
    start: toClickHouseDateTime(range.start),
    end: toClickHouseDateTime(range.end),
  }));
}

/**
 * The engine's JSON.stringify, about twice as fast, writes flameGraphResponse's objects exactly as
 * stringifyFlameGraph does (same keys, same order); only a tree too deep for its recursion (§7.20)
 * needs the iterative writer.
 */
function responseBody(response: FlameGraphResponse): string {
  try {
    return JSON.stringify(response);
  } catch (e) {
    if (e instanceof RangeError) return stringifyFlameGraph(response);
    throw e;
  }
}

/** The original's download name by exact window length (backend-api.md §4.5). */
export function rangeName({ startTime, endTime }: BaseParams): string {
  const seconds = (endTime.getTime() - startTime.getTime()) / 1000;
  const names: Record<number, string> = {
    86400: "daily",
    604800: "weekly",
    21600: "6hour",
    3600: "hourly",
    1800: "30min",
    900: "15min",
  };
  return names[seconds] ?? "custom";
}
