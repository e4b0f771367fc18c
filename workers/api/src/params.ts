// The query parameters shared by the flamegraph, metrics and filter-tag routes (backend-api.md §1.1).
import type { Context } from "hono";
import { parseDateTime } from "../../core/src/date-time";
import { fail } from "../../shared/src/errors";
import { withPostgres, type Database } from "../../shared/src/postgres";
import { serviceIdByName } from "./store/services";

export interface BaseParams {
  serviceName: string;
  serviceId: number;
  startTime: Date;
  endTime: Date;
}

export async function baseParams(c: Context, db: Database): Promise<BaseParams> {
  const serviceName = c.req.query("serviceName")?.replace(/^_+/, "");
  if (!serviceName) fail(400, "Missing query parameter 'serviceName'");
  const startTime = dateParam(c, "startTime");
  const endTime = dateParam(c, "endTime");
  if (endTime <= startTime) fail(400, "'endTime' must be after 'startTime'");
  const serviceId = await withPostgres(() => serviceIdByName(db, serviceName));
  if (serviceId === null) fail(406, `service ${serviceName} doesn't exists`);
  return { serviceName, serviceId, startTime, endTime };
}

function dateParam(c: Context, name: string): Date {
  const raw = c.req.query(name);
  if (!raw) fail(400, `Missing query parameter '${name}'`);
  const date = parseDateTime(/^\d+(\.\d+)?$/.test(raw) ? Number(raw) : raw);
  if (!date) fail(400, `Invalid date-time in '${name}'`);
  return date;
}

/** A positive integer parameter with a default and an upper bound (the original had none, §7.19). */
export function intParam(c: Context, name: string, fallback: number, max: number): number {
  const raw = c.req.query(name);
  if (raw === undefined || raw === "") return fallback;
  if (!/^\d+$/.test(raw) || Number(raw) < 1) fail(400, `'${name}' must be a positive integer`);
  return Math.min(Number(raw), max);
}
