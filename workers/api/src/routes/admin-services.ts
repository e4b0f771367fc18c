// GET/PUT /api/admin/services/:name/settings (administrators only): a service's downsampling threshold,
// the fraction of its uploads the ingest Worker drops before storing them (backend-api.md §3.2.5; the
// original had it set by hand in SQL). The ingest Worker reads it on every upload: no cache to wait for.
import { Hono } from "hono";
import { fail } from "../../../shared/src/errors";
import { withPostgres } from "../../../shared/src/postgres";
import { readJson } from "../body";
import type { ApiEnv } from "../env";
import { readServiceSettings, writeServiceSettings } from "../store/service-settings";

export const adminServicesRoute = new Hono<ApiEnv>();

const PATH = "/api/admin/services/:name/settings";
const notFound = (name: string) => fail(404, `No service named ${JSON.stringify(name)}`);

adminServicesRoute.get(PATH, async (c) => {
  const name = c.req.param("name");
  return c.json((await withPostgres(() => readServiceSettings(c.var.db, name))) ?? notFound(name));
});

adminServicesRoute.put(PATH, async (c) => {
  const name = c.req.param("name");
  const body = await readJson(c);
  const unknown = Object.keys(body).filter((key) => key !== "sampleThreshold");
  if (unknown.length) fail(400, `Unknown setting(s): ${unknown.join(", ")}`);
  const { sampleThreshold } = body;
  if (typeof sampleThreshold !== "number" || !(sampleThreshold >= 0 && sampleThreshold <= 1)) {
    fail(400, "'sampleThreshold' must be a number from 0 (keep every upload) to 1 (drop every upload)");
  }
  return c.json((await withPostgres(() => writeServiceSettings(c.var.db, name, { sampleThreshold }))) ?? notFound(name));
});
