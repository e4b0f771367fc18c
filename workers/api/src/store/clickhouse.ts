// What every ClickHouse read of the api shares: the (service, time window, RQL filter) condition and
// the error mapping. Values are query parameters; table and column names come from the callers' whitelists.
import type { Interval } from "../../../core/src/metrics-windows";
import { compileFilter, type FilterColumn, type FilterNode } from "../../../core/src/rql-filter";
import { openClickHouse, type ClickHouseClient, type ClickHouseEnv } from "../../../shared/src/clickhouse";
import { StoreUnavailable } from "../../../shared/src/errors";

export interface Scope {
  serviceId: number;
  /** Inclusive bounds, "YYYY-MM-DD hh:mm:ss" UTC. */
  start: string;
  end: string;
  filter: FilterNode | null;
}

export interface TableShape {
  /** Filter columns the table has. */
  columns: readonly FilterColumn[];
  /** Filter columns whose xxHash32 is in the table's primary key. */
  hashed: readonly FilterColumn[];
}

/**
 * `ServiceId = … AND Timestamp BETWEEN … [AND <filter>]` and its parameters; `key` tells apart the time
 * parameters of several windows in one query (the service and filter parameters are the same in each).
 */
export function scopeCondition(scope: Scope, shape: TableShape, key = "") {
  const filter = scope.filter ? compileFilter(scope.filter, shape) : null;
  return {
    sql:
      `ServiceId = {service:UInt32} AND Timestamp BETWEEN {start${key}:DateTime('UTC')} AND {end${key}:DateTime('UTC')}` +
      (filter ? ` AND ${filter.sql}` : ""),
    params: {
      ...filter?.params,
      service: scope.serviceId,
      [`start${key}`]: scope.start,
      [`end${key}`]: scope.end,
    },
  };
}

const INTERVAL_FUNCTIONS = {
  second: "toIntervalSecond",
  minute: "toIntervalMinute",
  hour: "toIntervalHour",
  day: "toIntervalDay",
};

/** `toStartOfInterval(Timestamp, toInterval<Unit>({interval:UInt32}))`; add `interval: count` to the parameters. */
export const bucketExpression = (interval: Interval, column = "Timestamp") =>
  `toStartOfInterval(${column}, ${INTERVAL_FUNCTIONS[interval.unit]}({interval:UInt32}))`;

/** The rows as objects, or with `compact` as arrays in SELECT order (less to send and parse). */
export async function queryRows<T>(
  clickhouse: ClickHouseClient,
  query: string,
  params: Record<string, unknown>,
  compact = false,
): Promise<T[]> {
  try {
    const result = await clickhouse.query({
      query,
      query_params: params,
      format: compact ? "JSONCompactEachRow" : "JSONEachRow",
      // Long parameters (arrays of hashes) go in a multipart body, not the URL.
      use_multipart_params_auto: true,
    });
    return await result.json<T>();
  } catch (e) {
    throw new StoreUnavailable("ClickHouse", e);
  }
}

/** Runs reads on a client opened for them and closed after. */
export async function withClickHouse<T>(
  env: ClickHouseEnv,
  read: (clickhouse: ClickHouseClient) => Promise<T>,
): Promise<T> {
  const clickhouse = openClickHouse(env);
  try {
    return await read(clickhouse);
  } finally {
    await clickhouse.close();
  }
}
