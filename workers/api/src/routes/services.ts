// GET /api/services: the service picker's list (backend-api.md §4.3); 204 when there is none.
import { Hono } from "hono";
import { withPostgres, type DatabaseVariables } from "../../../shared/src/postgres";
import type { Env } from "../env";
import { servicesWithData } from "../store/services";

export const servicesRoute = new Hono<{ Bindings: Env; Variables: DatabaseVariables }>();

servicesRoute.get("/api/services", async (c) => {
  const list = await withPostgres(() => servicesWithData(c.var.db));
  return list.length ? c.json(list) : c.body(null, 204);
});
