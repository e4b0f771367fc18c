// GET /api/metrics/* against the real ClickHouse (metrics, samples_1min, samples) and Postgres (agent
// processes): the original's formulas (backend-api.md §4.6, indexer-flamedb.md §4.8), 204 for no data.
import { beforeAll, describe, expect, test } from "vitest";
import { toClickHouseDateTime } from "../../core/src/wire/clickhouse-row";
import { get, insertRows, send } from "./helpers";
import { createService, insertGoldenSamples, insertMetrics, seedProcess } from "./seed";

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;
/** A whole hour two days ago: every window below is fixed relative to it. */
const T = Math.floor(Date.now() / HOUR) * HOUR - 2 * DAY;
const at = (offset: number) => new Date(T + offset);
const iso = (offset: number) => at(offset).toISOString();
const isoOut = (offset: number) => at(offset).toISOString().replace(".000Z", "+00:00");

let service = "";
let serviceId = 0;
let empty = "";

function path(route: string, params: Record<string, string | undefined> = {}) {
  const search = new URLSearchParams({ serviceName: service, startTime: iso(-2 * HOUR), endTime: iso(0) });
  for (const [key, value] of Object.entries(params))
    if (value === undefined) search.delete(key);
    else search.set(key, value);
  return `/api/metrics/${route}?${search}`;
}
const filter = (document: unknown) => JSON.stringify(document);

beforeAll(async () => {
  const s = await createService();
  service = s.name;
  serviceId = s.id;
  empty = (await createService()).name;
  await insertMetrics([
    { serviceId: s.id, at: at(-90 * MINUTE), hostName: "h1", cpu: 10, memory: 30 },
    { serviceId: s.id, at: at(-30 * MINUTE), hostName: "h1", cpu: 20, memory: 50 },
    { serviceId: s.id, at: at(-30 * MINUTE), hostName: "h2", instanceType: "m5.large", cpu: 40, memory: 60 },
    // the week before, for cpu_trend
    { serviceId: s.id, at: at(-7 * DAY - 60 * MINUTE), hostName: "h1", cpu: 5, memory: 20 },
  ]);
  await insertGoldenSamples({ serviceId: s.id, at: at(-60 * MINUTE) });
  await insertGoldenSamples({
    serviceId: s.id,
    at: at(-60 * MINUTE),
    hostName: "gcp-host",
    instanceType: "projects/p/machineTypes/n1-standard-4",
  });
  await seedProcess({ service: s.id, hostname: "h1", processors: 4, start: at(-2 * HOUR), lastSeen: at(0) });
  await seedProcess({ service: s.id, hostname: "h2", processors: 2, start: at(-HOUR), lastSeen: at(0) });
}, 30_000);

describe("GET /api/metrics/summary", () => {
  test("CPU averaged over every report, memory over each host's peak, 90th percentile by ClickHouse", async () => {
    const res = await get(path("summary"));
    expect(res.status).toBe(200);
    const body = await res.json();
    expect(body).toEqual({
      avg_cpu: expect.closeTo(70 / 3, 10),
      max_cpu: 40,
      avg_memory: 55,
      max_memory: 60,
      percentile_memory: expect.closeTo(59, 6),
      uniq_hostnames: 2,
    });
  });

  test("a host filter narrows; container terms are dropped as the original did; a k8s-object filter is 204", async () => {
    const h1 = await (
      await get(path("summary", { filter: filter({ filter: { $and: [{ HostName: { $eq: "h1" } }] } }) }))
    ).json();
    expect(h1).toMatchObject({ avg_cpu: 15, max_cpu: 20, uniq_hostnames: 1 });
    const container = await (
      await get(path("summary", { filter: filter({ filter: { ContainerName: "x" } }) }))
    ).json();
    expect(container).toMatchObject({ uniq_hostnames: 2 });
    expect(
      (await get(path("summary", { filter: filter({ filter: { ContainerEnvName: "web_prod" } }) }))).status,
    ).toBe(204);
  });

  test("204 without data, 406 for an unknown service, 400 for bad input", async () => {
    expect((await get(path("summary", { serviceName: empty }))).status).toBe(204);
    expect((await get(path("summary", { startTime: iso(-10 * HOUR), endTime: iso(-9 * HOUR) }))).status).toBe(
      204,
    );
    expect((await get(path("summary", { serviceName: "nope-x" }))).status).toBe(406);
    expect((await get(path("summary", { filter: "[" }))).status).toBe(400);
    expect((await get(path("summary", { endTime: undefined }))).status).toBe(400);
  });
});

describe("GET /api/metrics/graph", () => {
  test("per bucket, newest first, with hosts per bucket", async () => {
    const res = await get(path("graph", { requested_interval: "1 hour" }));
    expect(await res.json()).toEqual([
      {
        avg_cpu: 30,
        max_cpu: 40,
        avg_memory: 55,
        max_memory: 60,
        percentile_memory: expect.closeTo(59, 6),
        uniq_hostnames: 2,
        time: isoOut(-HOUR),
      },
      {
        avg_cpu: 10,
        max_cpu: 10,
        avg_memory: 30,
        max_memory: 30,
        percentile_memory: 30,
        uniq_hostnames: 1,
        time: isoOut(-2 * HOUR),
      },
    ]);
  });

  test("the automatic interval for 2 hours is 15 minutes", async () => {
    const rows = (await (await get(path("graph"))).json()) as { time: string }[];
    expect(rows.map((r) => r.time)).toEqual([isoOut(-30 * MINUTE), isoOut(-90 * MINUTE)]);
  });

  test("intervals are parsed, not pasted into SQL (§7.1)", async () => {
    for (const interval of [
      "1 hour') --",
      "1 week",
      "0 minute",
      "1 second; DROP TABLE flamedb.metrics",
      "1 second",
    ]) {
      const res = await get(path("graph", { requested_interval: interval, startTime: iso(-7 * DAY) }));
      expect(res.status, interval).toBe(400);
      expect(await res.json()).toHaveProperty("message");
    }
  });

  test("204 without data", async () => {
    expect((await get(path("graph", { serviceName: empty }))).status).toBe(204);
  });
});

describe("GET /api/metrics/cpu_trend", () => {
  test("compares with the same window a week earlier", async () => {
    expect(await (await get(path("cpu_trend"))).json()).toEqual({
      avg_cpu: expect.closeTo(70 / 3, 10),
      max_cpu: 40,
      avg_memory: 55,
      max_memory: 60,
      compared_avg_cpu: 5,
      compared_max_cpu: 5,
      compared_avg_memory: 20,
      compared_max_memory: 20,
    });
  });

  test("zeros for an empty compared window, 204 for an empty window", async () => {
    const res = await get(path("cpu_trend", { startTime: iso(-50 * MINUTE) }));
    expect(await res.json()).toMatchObject({ max_cpu: 40, compared_avg_cpu: 0, compared_max_memory: 0 });
    expect((await get(path("cpu_trend", { serviceName: empty }))).status).toBe(204);
  });
});

describe("samples_1min routes", () => {
  test("instance_type_count counts hosts per type, GCP types cut after the last /", async () => {
    expect(await (await get(path("instance_type_count"))).json()).toEqual([
      { instance_count: 1, instance_type: "n1-standard-4" },
      { instance_count: 1, instance_type: "t2.medium" },
    ]);
    const one = await get(
      path("instance_type_count", { filter: filter({ filter: { HostName: "gcp-host" } }) }),
    );
    expect(await one.json()).toEqual([{ instance_count: 1, instance_type: "n1-standard-4" }]);
    expect((await get(path("instance_type_count", { serviceName: empty }))).status).toBe(204);
  });

  test("samples per bucket, newest first", async () => {
    expect(await (await get(path("samples", { requested_interval: "30 minute" }))).json()).toEqual([
      { samples: 158, time: isoOut(-HOUR) },
    ]);
    const filtered = await get(
      path("samples", {
        filter: filter({ filter: { ContainerName: "gprofiler-ps-webapp", HostName: "gcp-host" } }),
      }),
    );
    expect(await filtered.json()).toEqual([{ samples: 19, time: isoOut(-HOUR) }]);
    expect((await get(path("samples", { serviceName: empty }))).status).toBe(204);
    expect((await get(path("samples", { requested_interval: "5 fortnight" }))).status).toBe(400);
  });
});

describe("GET /api/metrics/function_cpu", () => {
  test("a frame's share of all samples per bucket", async () => {
    const res = await get(path("function_cpu", { functionName: "gunicorn" }));
    expect(res.status).toBe(200);
    const rows = (await res.json()) as { cpu_percentage: number; time: string }[];
    expect(rows).toContainEqual({ cpu_percentage: 11 / 79, time: isoOut(-HOUR) });
    expect(rows.filter((r) => r.cpu_percentage > 0)).toHaveLength(1);
  });

  test("does not count a function again under itself (direct recursion, §7.11)", async () => {
    const s = await createService();
    const ts = toClickHouseDateTime(at(-60 * MINUTE));
    const row = (hash: string, parent: string, name: string, samples: number) => ({
      Timestamp: ts,
      ServiceId: s.id,
      InstanceType: "",
      ContainerEnvName: "",
      HostName: "h",
      ContainerName: "",
      NumSamples: samples,
      CallStackHash: hash,
      CallStackName: name,
      CallStackParent: parent,
      InsertionTimestamp: ts,
      ErrNumSamples: 0,
    });
    await insertRows("flamedb.samples", [
      row("1", "0", "main", 10),
      row("2", "1", "fib", 8),
      row("3", "2", "fib", 6),
      row("4", "3", "fib", 4),
      row("5", "1", "io", 2),
    ]);
    const rows = (await (
      await get(path("function_cpu", { serviceName: s.name, functionName: "fib" }))
    ).json()) as { cpu_percentage: number }[];
    expect(rows.map((r) => r.cpu_percentage).filter((v) => v > 0)).toEqual([0.8]);
  });

  test("needs functionName; 204 for a function never seen; hostile names are data", async () => {
    expect((await get(path("function_cpu"))).status).toBe(400);
    expect((await get(path("function_cpu", { functionName: "no_such_function" }))).status).toBe(204);
    expect((await get(path("function_cpu", { functionName: "x' OR CallStackName != '" }))).status).toBe(204);
  });

  test("reads the hourly rollup for week-long windows", async () => {
    const res = await get(path("function_cpu", { functionName: "gunicorn", startTime: iso(-6 * DAY) }));
    const rows = (await res.json()) as { cpu_percentage: number }[];
    expect(rows.filter((r) => r.cpu_percentage > 0).map((r) => r.cpu_percentage)).toEqual([11 / 79]);
  });
});

describe("nodes and cores (Postgres)", () => {
  test("summary: averages over the window, rounded up; ignoreZeros divides by the time agents ran", async () => {
    expect(await (await get(path("nodes_cores/summary"))).json()).toEqual({ avg_cores: 5, avg_nodes: 2 });
    expect(await (await get(path("nodes_cores/summary", { startTime: iso(-4 * HOUR) }))).json()).toEqual({
      avg_cores: 3,
      avg_nodes: 1,
    });
    const busy = await get(path("nodes_cores/summary", { startTime: iso(-4 * HOUR), ignoreZeros: "true" }));
    expect(await busy.json()).toEqual({ avg_cores: 5, avg_nodes: 2 });
    const h2 = await get(
      path("nodes_cores/summary", { filter: filter({ filter: { $and: [{ HostName: { $eq: "h2" } }] } }) }),
    );
    expect(await h2.json()).toEqual({ avg_cores: 1, avg_nodes: 1 });
  });

  test("summary: 204 without agents, even with ignoreZeros (the original answered 500, §10.17)", async () => {
    expect((await get(path("nodes_cores/summary", { serviceName: empty, ignoreZeros: "true" }))).status).toBe(
      204,
    );
    expect((await get(path("nodes_cores/summary", { serviceName: "nope-x" }))).status).toBe(204);
    expect((await get(path("nodes_cores/summary", { ignoreZeros: "maybe" }))).status).toBe(400);
  });

  test("graph: per bucket average and peak, only buckets with agents", async () => {
    const res = await get(path("graph/nodes_and_cores", { requested_interval: "1 hours" }));
    expect(await res.json()).toEqual([
      { avg_nodes: 1, max_nodes: 1, avg_cores: 4, max_cores: 4, time: isoOut(-2 * HOUR) },
      { avg_nodes: 2, max_nodes: 2, avg_cores: 6, max_cores: 6, time: isoOut(-HOUR) },
    ]);
  });

  test("graph: unknown service is [], container filters 204, hostile intervals fall back to automatic", async () => {
    expect(await (await get(path("graph/nodes_and_cores", { serviceName: "nope-x" }))).json()).toEqual([]);
    expect(
      (await get(path("graph/nodes_and_cores", { filter: filter({ filter: { ContainerName: "c" } }) })))
        .status,
    ).toBe(204);
    const hostile = await get(
      path("graph/nodes_and_cores", { requested_interval: "1 hours'::interval); DROP TABLE users; --" }),
    );
    expect(hostile.status).toBe(200);
    expect(((await hostile.json()) as unknown[]).length).toBe(8); // automatic 15 minutes over 2 hours
  });
});

describe("POST /api/metrics/services_list_summary", () => {
  const path = (start: number, end: number) =>
    `/api/metrics/services_list_summary?startTime=${iso(start)}&endTime=${iso(end)}`;

  test("each service's summary over the 24 h before its last report", async () => {
    const res = await send("POST", path(-3 * HOUR, 0), { services_ids: [serviceId, 987654321] });
    expect(await res.json()).toEqual([
      {
        avg_cpu: expect.closeTo(70 / 3, 10),
        max_cpu: 40,
        avg_memory: 55,
        max_memory: 60,
        percentile_memory: expect.closeTo(59, 6),
        uniq_hostnames: 2,
        service_id: serviceId,
      },
    ]);
    expect(await (await send("POST", path(-3 * HOUR, 0), { services_ids: [] })).json()).toEqual([]);
  });

  test("bad bodies and windows are 400", async () => {
    for (const body of [
      {},
      { services_ids: "1" },
      { services_ids: [-1] },
      { services_ids: [1.5] },
      { services_ids: Array(1001).fill(1) },
    ]) {
      expect((await send("POST", path(-HOUR, 0), body)).status, JSON.stringify(body).slice(0, 40)).toBe(400);
    }
    expect(
      (await send("POST", `/api/metrics/services_list_summary?startTime=${iso(0)}`, { services_ids: [1] }))
        .status,
    ).toBe(400);
  });
});
