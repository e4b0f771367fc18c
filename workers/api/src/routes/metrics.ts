// GET /api/metrics/* (backend-api.md §4.6): CPU/memory from flamedb.metrics, samples and instance types
// from samples_1min, a function's CPU share from the samples tables, nodes/cores from Postgres, and the
// Intel/Pinterest fork's html_metadata (a host's newest hardware-metrics HTML report).
// Bodies are snake_case as the original's plain models; no data is 204, as the original.
import { Hono, type Context } from "hono";
import { bucketedSamplesTable } from "../../../core/src/flamegraph-tables";
import {
  chartInterval,
  comparedWindow,
  intervalSeconds,
  nodesCoresInterval,
  type Interval,
} from "../../../core/src/metrics-windows";
import { firstEq, type FilterNode } from "../../../core/src/rql-filter";
import { toClickHouseDateTime } from "../../../core/src/wire/clickhouse-row";
import { isoTime, isoTimeOfClickHouse } from "../../../core/src/wire/iso-time";
import { fail } from "../../../shared/src/errors";
import { withPostgres } from "../../../shared/src/postgres";
import { readJson } from "../body";
import type { ApiEnv } from "../env";
import {
  baseParams,
  boolParam,
  dateParam,
  filterParam,
  scope,
  serviceNameParam,
  type BaseParams,
} from "../params";
import { withClickHouse } from "../store/clickhouse";
import { functionShare } from "../store/flamegraph";
import { newestHtmlReportKey, readHtmlReport } from "../store/html-reports";
import { metricsGraph, metricsSummary, servicesListSummary } from "../store/metrics";
import { nodesCoresGraph, nodesCoresSummary } from "../store/nodes-cores";
import { instanceTypeCount, samplesOverTime } from "../store/samples";
import { serviceIdByName } from "../store/services";

export const metricsRoute = new Hono<ApiEnv>();

const MAX_SERVICES = 1000;

const noContent = (c: Context) => c.body(null, 204);
/** Metrics are per host: a k8s-object filter cannot apply, and the original answered 204 (§4.6). */
const byDeployment = (filter: FilterNode | null) => firstEq(filter, "ContainerEnvName") !== null;

metricsRoute.get("/api/metrics/summary", async (c) => {
  const params = await baseParams(c, c.var.db);
  if (byDeployment(params.filter)) return noContent(c);
  const summary = await withClickHouse(c.env, (ch) => metricsSummary(ch, scope(params, ["HostName"])));
  if (!summary) return noContent(c);
  // exclude_none in the original, and uniq_hostnames omitted when 0 by flamedb
  return c.json(summary);
});

/**
 * The host's newest HTML report in the window, as the fork's GET /api/metrics/html_metadata (its
 * backend/routers/metrics_routes.py): the first HostName $eq of the filter is required (400), no report
 * or no object is 404, else `{"content": "<html…>"}`. The HTML travels as a JSON string only: whoever
 * shows it must sandbox it (no scripts, no same origin); this API never serves it as a page.
 */
metricsRoute.get("/api/metrics/html_metadata", async (c) => {
  const params = await baseParams(c, c.var.db);
  const host = firstEq(params.filter, "HostName");
  if (host === null) fail(400, "Must filter by hostname to get the html metadata");
  // that host only, whatever else the filter allows: another host's report is never returned
  const filter: FilterNode = { kind: "term", column: "HostName", op: "$eq", value: host };
  const key = await withClickHouse(c.env, (ch) => newestHtmlReportKey(ch, scope({ ...params, filter })));
  if (key === null) fail(404, "The html metadata path not found in CH");
  const content = await readHtmlReport(c.env.PROFILES, key);
  if (content === null) fail(404, "The html metadata file not found in S3");
  return c.json({ content });
});

metricsRoute.get("/api/metrics/graph", async (c) => {
  const params = await baseParams(c, c.var.db);
  const interval = intervalParam(c, params);
  if (byDeployment(params.filter)) return noContent(c);
  const rows = await withClickHouse(c.env, (ch) => metricsGraph(ch, scope(params, ["HostName"]), interval));
  if (rows.length === 0) return noContent(c);
  return c.json(rows.map(({ time, ...row }) => ({ ...row, time: isoTimeOfClickHouse(time) })));
});

metricsRoute.get("/api/metrics/cpu_trend", async (c) => {
  const params = await baseParams(c, c.var.db);
  if (byDeployment(params.filter)) return noContent(c);
  const compared = comparedWindow(params.startTime, params.endTime);
  const [current, previous] = await withClickHouse(c.env, (ch) =>
    Promise.all([
      metricsSummary(ch, scope(params, ["HostName", "InstanceType"])),
      metricsSummary(
        ch,
        scope({ ...params, startTime: compared.start, endTime: compared.end }, ["HostName", "InstanceType"]),
      ),
    ]),
  );
  if (!current) return noContent(c);
  return c.json({
    avg_cpu: current.avg_cpu,
    max_cpu: current.max_cpu,
    avg_memory: current.avg_memory,
    max_memory: current.max_memory,
    compared_avg_cpu: previous?.avg_cpu ?? 0,
    compared_max_cpu: previous?.max_cpu ?? 0,
    compared_avg_memory: previous?.avg_memory ?? 0,
    compared_max_memory: previous?.max_memory ?? 0,
  });
});

metricsRoute.get("/api/metrics/instance_type_count", async (c) => {
  const params = await baseParams(c, c.var.db);
  const rows = await withClickHouse(c.env, (ch) => instanceTypeCount(ch, scope(params)));
  return rows.length ? c.json(rows) : noContent(c);
});

metricsRoute.get("/api/metrics/samples", async (c) => {
  const params = await baseParams(c, c.var.db);
  const interval = intervalParam(c, params);
  const rows = await withClickHouse(c.env, (ch) => samplesOverTime(ch, scope(params), interval));
  return rows.length
    ? c.json(rows.map((r) => ({ samples: r.samples, time: isoTimeOfClickHouse(r.time) })))
    : noContent(c);
});

/** The share of all samples in frames named exactly `functionName` (with its suffix, e.g. `foo_[j]`). */
metricsRoute.get("/api/metrics/function_cpu", async (c) => {
  const params = await baseParams(c, c.var.db);
  const functionName = c.req.query("functionName");
  if (!functionName) fail(400, "Missing query parameter 'functionName'");
  if (functionName.length > 4096) fail(400, "'functionName' is longer than 4096 characters");
  const auto = chartInterval(undefined, params.startTime, params.endTime) as Interval;
  // flamedb: sub-minute buckets become one minute here (§4.8)
  const interval = intervalSeconds(auto) < 60 ? { count: 1, unit: "minute" as const } : auto;
  const table = bucketedSamplesTable(intervalSeconds(interval), {
    filtered: params.filter !== null,
    start: params.startTime,
    now: new Date(),
  });
  const rows = await withClickHouse(c.env, (ch) =>
    functionShare(ch, { ...scope(params), table, functionName, interval }),
  );
  if (rows.every((r) => r.share === 0)) return noContent(c);
  return c.json(rows.map((r) => ({ cpu_percentage: r.share, time: isoTimeOfClickHouse(r.time) })));
});

/**
 * Several services' summaries at once, each over the 24 h before its last report in the window (flamedb's
 * services_list_summary, which the original backend never exposed): body `{"services_ids": [int]}`.
 */
metricsRoute.post("/api/metrics/services_list_summary", async (c) => {
  const start = dateParam(c, "startTime");
  const end = dateParam(c, "endTime");
  if (end <= start) fail(400, "'endTime' must be after 'startTime'");
  const ids = (await readJson(c)).services_ids;
  const valid =
    Array.isArray(ids) &&
    ids.length <= MAX_SERVICES &&
    ids.every((id) => Number.isInteger(id) && id >= 0 && id <= 0xffffffff);
  if (!valid) fail(400, `'services_ids' must be a list of at most ${MAX_SERVICES} service ids`);
  if (ids.length === 0) return c.json([]);
  const rows = await withClickHouse(c.env, (ch) =>
    servicesListSummary(ch, ids as number[], toClickHouseDateTime(start), toClickHouseDateTime(end)),
  );
  return c.json(rows);
});

/** Postgres-backed: no 406 for an unknown service, as the original (§4.6). */
metricsRoute.get("/api/metrics/graph/nodes_and_cores", async (c) => {
  const query = await nodesCoresQuery(c);
  if (!query || firstEq(query.filter, "ContainerName") !== null) return query ? noContent(c) : c.json([]);
  const interval = nodesCoresInterval(c.req.query("requested_interval"), query.start, query.end);
  const rows = await withPostgres(() => nodesCoresGraph(c.var.db, query, interval));
  return c.json(rows.map((r) => ({ ...r, time: isoTime(r.time) })));
});

metricsRoute.get("/api/metrics/nodes_cores/summary", async (c) => {
  const query = await nodesCoresQuery(c);
  const ignoreZeros = boolParam(c, "ignoreZeros");
  if (!query) return noContent(c);
  const summary = await withPostgres(() => nodesCoresSummary(c.var.db, query, ignoreZeros));
  return summary ? c.json(summary) : noContent(c);
});

/** The Postgres metrics' parameters; null when the service is unknown or a k8s-object filter is on. */
async function nodesCoresQuery(c: Context<ApiEnv>) {
  const serviceName = serviceNameParam(c);
  const start = dateParam(c, "startTime");
  const end = dateParam(c, "endTime");
  if (end <= start) fail(400, "'endTime' must be after 'startTime'");
  const filter = filterParam(c);
  if (byDeployment(filter)) return null;
  const serviceId = await withPostgres(() => serviceIdByName(c.var.db, serviceName));
  if (serviceId === null) return null;
  return { serviceId, start, end, hostname: firstEq(filter, "HostName"), filter };
}

function intervalParam(c: Context, params: BaseParams): Interval {
  const interval = chartInterval(c.req.query("requested_interval"), params.startTime, params.endTime);
  if ("error" in interval) fail(400, interval.error);
  return interval;
}
