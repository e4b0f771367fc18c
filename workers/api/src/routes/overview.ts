// GET /api/overview, /api/overview/services and /api/overview/services/{name} (backend-api.md §4.4),
// camelCase as the original's CamelModels; times with their UTC offset (§10.14).
import { Hono } from "hono";
import { isoTime } from "../../../core/src/wire/iso-time";
import { withPostgres } from "../../../shared/src/postgres";
import type { ApiEnv } from "../env";
import { overviewSummary, serviceAgents, servicesSummary } from "../store/overview";
import { serviceIdByName } from "../store/services";

export const overviewRoute = new Hono<ApiEnv>();

overviewRoute.get("/api/overview", async (c) => c.json(await withPostgres(() => overviewSummary(c.var.db))));

overviewRoute.get("/api/overview/services", async (c) => {
  const rows = await withPostgres(() => servicesSummary(c.var.db));
  return c.json(
    rows.map((r) => ({ ...r, createDate: isoTime(r.createDate), lastUpdated: isoTime(r.lastUpdated) })),
  );
});

overviewRoute.get("/api/overview/services/:serviceName", async (c) => {
  const serviceId = await withPostgres(() => serviceIdByName(c.var.db, c.req.param("serviceName")));
  if (serviceId === null) return c.json([]);
  const agents = await withPostgres(() => serviceAgents(c.var.db, serviceId));
  return c.json(agents.map((a) => ({ ...a, lastSeen: isoTime(a.lastSeen) })));
});
