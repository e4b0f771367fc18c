// The query parameters shared by the flamegraph, metrics and filter-tag routes (backend-api.md §1.1).
import type { Context } from "hono";
import { parseDateTime } from "../../core/src/date-time";
import {
  parseRqlFilter,
  restrictFilter,
  type FilterColumn,
  type FilterNode,
} from "../../core/src/rql-filter";
import { toClickHouseDateTime } from "../../core/src/wire/clickhouse-row";
import { fail } from "../../shared/src/errors";
import { withPostgres, type Database } from "../../shared/src/postgres";
import type { Scope } from "./store/clickhouse";
import { serviceIdByName } from "./store/services";

export interface BaseParams {
  serviceName: string;
  serviceId: number;
  startTime: Date;
  endTime: Date;
  /** The parsed `filter` (RQL), null when absent or empty. */
  filter: FilterNode | null;
}

export async function baseParams(c: Context, db: Database): Promise<BaseParams> {
  const serviceName = serviceNameParam(c);
  const startTime = dateParam(c, "startTime");
  const endTime = dateParam(c, "endTime");
  if (endTime <= startTime) fail(400, "'endTime' must be after 'startTime'");
  const filter = filterParam(c);
  const serviceId = await serviceIdOf(db, serviceName);
  return { serviceName, serviceId, startTime, endTime, filter };
}

/** `serviceName`, minus the leading underscores the original's ServiceName type stripped (§1). */
export function serviceNameParam(c: Context): string {
  const serviceName = c.req.query("serviceName")?.replace(/^_+/, "");
  if (!serviceName) fail(400, "Missing query parameter 'serviceName'");
  return serviceName;
}

/** The id of a visible top-level service; 406 "service X doesn't exists" as the original (§1). */
export async function serviceIdOf(db: Database, serviceName: string): Promise<number> {
  const serviceId = await withPostgres(() => serviceIdByName(db, serviceName));
  if (serviceId === null) fail(406, `service ${serviceName} doesn't exists`);
  return serviceId;
}

export function dateParam(c: Context, name: string): Date {
  const raw = c.req.query(name);
  if (!raw) fail(400, `Missing query parameter '${name}'`);
  const date = parseDateTime(/^\d+(\.\d+)?$/.test(raw) ? Number(raw) : raw);
  if (!date) fail(400, `Invalid date-time in '${name}'`);
  return date;
}

export function filterParam(c: Context): FilterNode | null {
  const raw = c.req.query("filter");
  if (raw === undefined || raw === "") return null;
  const result = parseRqlFilter(raw);
  if ("error" in result) fail(400, `Invalid 'filter': ${result.error}`);
  return result.filter;
}

/** A positive integer parameter with a default and an upper bound (the original had none, §7.19). */
export function intParam(c: Context, name: string, fallback: number, max: number): number {
  const raw = c.req.query(name);
  if (raw === undefined || raw === "") return fallback;
  if (!/^\d+$/.test(raw) || Number(raw) < 1) fail(400, `'${name}' must be a positive integer`);
  return Math.min(Number(raw), max);
}

/** A boolean parameter as pydantic read it: true/false, 1/0, yes/no, on/off. */
export function boolParam(c: Context, name: string): boolean {
  const raw = c.req.query(name)?.toLowerCase();
  if (raw === undefined || raw === "") return false;
  if (["true", "1", "yes", "on"].includes(raw)) return true;
  if (["false", "0", "no", "off"].includes(raw)) return false;
  fail(400, `'${name}' must be a boolean`);
}

/** The ClickHouse scope of the request, the filter cut to the columns a table has when given. */
export function scope(
  params: Pick<BaseParams, "serviceId" | "startTime" | "endTime" | "filter">,
  columns?: readonly FilterColumn[],
): Scope {
  return {
    serviceId: params.serviceId,
    start: toClickHouseDateTime(params.startTime),
    end: toClickHouseDateTime(params.endTime),
    filter: columns ? restrictFilter(params.filter, columns) : params.filter,
  };
}
