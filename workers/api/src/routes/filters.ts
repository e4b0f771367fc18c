// Saved filters and filter tag values (backend-api.md §4.7), under /api/v1/filters.
// Fixed from the original (§10.16): unknown services and ids are 404 instead of 500 or a silent 201,
// PUT no longer stores the id inside the document, GET /api/v1/filters lists instead of returning [].
import { Hono, type Context } from "hono";
import { FILTER_COLUMNS, parseRqlFilter, type FilterColumn } from "../../../core/src/rql-filter";
import { fail } from "../../../shared/src/errors";
import { withPostgres } from "../../../shared/src/postgres";
import { readJson } from "../body";
import type { ApiEnv } from "../env";
import { baseParams, scope, serviceNameParam } from "../params";
import { withClickHouse } from "../store/clickhouse";
import { addFilter, deleteFilter, listFilters, topLevelServiceId, updateFilter } from "../store/filters";
import { filterTags } from "../store/samples";

export const filtersRoute = new Hono<ApiEnv>();

/** The saved filters of `serviceName` (the original's stub always answered []). */
filtersRoute.get("/api/v1/filters", async (c) => c.json(await savedFilters(c, serviceNameParam(c))));

filtersRoute.get("/api/v1/filters/service/:serviceName", async (c) =>
  c.json(await savedFilters(c, c.req.param("serviceName"))),
);

filtersRoute.post("/api/v1/filters/service/:serviceName", async (c) => {
  const filter = validFilter(await readJson(c));
  const serviceId = await existingService(c, c.req.param("serviceName"));
  const id = await withPostgres(() => addFilter(c.var.db, serviceId, filter));
  return c.json(id, 201);
});

filtersRoute.put("/api/v1/filters", async (c) => {
  const body = await readJson(c);
  const id = body.id;
  if (!Number.isSafeInteger(id) || (id as number) < 1) fail(400, "'id' must be a positive integer");
  const filter = validFilter(body);
  if (!(await withPostgres(() => updateFilter(c.var.db, id as number, filter)))) fail(404, `No filter ${id}`);
  return c.json(null, 201);
});

filtersRoute.delete("/api/v1/filters/:id{[0-9]+}", async (c) => {
  const id = Number(c.req.param("id"));
  if (!(await withPostgres(() => deleteFilter(c.var.db, id)))) fail(404, `No filter ${id}`);
  return c.body(null, 204);
});

/** The values of one tag in the window, for the filter dropdowns; 204 when none. */
filtersRoute.get("/api/v1/filters/tags/:filterType", async (c) => {
  const filterType = c.req.param("filterType");
  if (!(FILTER_COLUMNS as readonly string[]).includes(filterType)) {
    fail(400, `'filter_type' must be one of ${FILTER_COLUMNS.join(", ")}`);
  }
  const params = await baseParams(c, c.var.db);
  const tags = await withClickHouse(c.env, (ch) => filterTags(ch, scope(params), filterType as FilterColumn));
  return tags.length ? c.json(tags) : c.body(null, 204);
});

async function savedFilters(c: Context<ApiEnv>, serviceName: string) {
  const serviceId = await withPostgres(() => topLevelServiceId(c.var.db, serviceName));
  return serviceId === null ? [] : withPostgres(() => listFilters(c.var.db, serviceId));
}

async function existingService(c: Context<ApiEnv>, serviceName: string): Promise<number> {
  const serviceId = await withPostgres(() => topLevelServiceId(c.var.db, serviceName));
  if (serviceId === null) fail(404, `service ${serviceName} doesn't exists`);
  return serviceId;
}

/** The body's `filter` object, checked against the RQL grammar the flamegraph uses. */
function validFilter(body: Record<string, unknown>): unknown {
  if (!body.filter || typeof body.filter !== "object" || Array.isArray(body.filter))
    fail(400, "'filter' must be an RQL object");
  const parsed = parseRqlFilter(JSON.stringify({ filter: body.filter }));
  if ("error" in parsed) fail(400, `Invalid 'filter': ${parsed.error}`);
  return body.filter;
}
