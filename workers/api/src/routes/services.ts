// GET /api/services: the service picker's list (backend-api.md §4.3); 204 when there is none.
import { Hono } from "hono";
import { isoTime } from "../../../core/src/wire/iso-time";
import { withPostgres } from "../../../shared/src/postgres";
import type { ApiEnv } from "../env";
import { servicesWithData } from "../store/services";

export const servicesRoute = new Hono<ApiEnv>();

servicesRoute.get("/api/services", async (c) => {
  const list = await withPostgres(() => servicesWithData(c.var.db));
  if (list.length === 0) return c.body(null, 204);
  return c.json(list.map((s) => ({ ...s, createDate: isoTime(s.createDate) })));
});
