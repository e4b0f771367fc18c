// GET /api/flamegraph: the studio's main view (backend-api.md §4.5, indexer-flamedb.md §4.5-4.6).
// The time window is sliced over the raw and rollup tables, each slice queried for its top frames,
// and the results merged into the tree JSON the original returned.
import { Hono } from "hono";
import { flameGraphResponse, prepareGraph } from "../../../core/src/flamegraph";
import { getTimeRanges } from "../../../core/src/time-ranges";
import { toClickHouseDateTime } from "../../../core/src/wire/clickhouse-row";
import { stringifyFlameGraph } from "../../../core/src/wire/flamegraph";
import { openClickHouse } from "../../../shared/src/clickhouse";
import type { DatabaseVariables } from "../../../shared/src/postgres";
import type { Env } from "../env";
import { baseParams, intParam } from "../params";
import { topFrames } from "../store/flamegraph";

/** A guard the original lacked (§7.19): LIMIT and the in-memory graph stay bounded. */
const MAX_STACKS_COUNT = 200_000;

export const flamegraphRoute = new Hono<{ Bindings: Env; Variables: DatabaseVariables }>();

flamegraphRoute.get("/api/flamegraph", async (c) => {
  const started = performance.now();
  const params = await baseParams(c, c.var.db);
  const stacksNum = intParam(c, "stacksCount", Number(c.env.STACKS_COUNT_DEFAULT) || 10_000, MAX_STACKS_COUNT);
  const lang = c.req.queries("enrichment")?.includes("lang") ?? false;

  const clickhouse = openClickHouse(c.env);
  const ranges = getTimeRanges(params.startTime, params.endTime, "multi", new Date());
  const resultSets = await Promise.all(
    ranges.map((range) =>
      topFrames(clickhouse, {
        table: range.table,
        serviceId: params.serviceId,
        start: toClickHouseDateTime(range.start),
        end: toClickHouseDateTime(range.end),
        limit: stacksNum,
      }),
    ),
  ).finally(() => clickhouse.close());
  const graph = prepareGraph(resultSets, { stacksNum, lang });
  const olapTime = (performance.now() - started) / 1000;
  const body = stringifyFlameGraph(
    flameGraphResponse(graph, { execTime: (performance.now() - started) / 1000, olapTime }),
  );
  // The original passed flamedb's JSON through as text/plain (§4.5); the UI parses it either way.
  return c.body(body, 200, { "content-type": "application/json; charset=utf-8" });
});
