// Saved filters and filter tags (backend-api.md §4.7) against the real Postgres and ClickHouse.
import { beforeAll, describe, expect, test } from "vitest";
import { get, send } from "./helpers";
import { createService, insertGoldenSamples } from "./seed";

const HOUR = 3_600_000;
const now = Date.now();
let service = "";

beforeAll(async () => {
  const s = await createService();
  service = s.name;
  await insertGoldenSamples({ serviceId: s.id, at: new Date(now - 20 * 60_000) });
});

const RQL = { $and: [{ HostName: { $eq: "ip-172-31-33-27" } }, { ContainerName: { $neq: "x" } }] };

describe("saved filters", () => {
  test("create (201, bare id), list, update in place, delete", async () => {
    const created = await send("POST", `/api/v1/filters/service/${service}`, { id: "", filter: RQL });
    expect(created.status).toBe(201);
    const id = await created.json();
    expect(Number.isInteger(id)).toBe(true);

    expect(await (await get(`/api/v1/filters/service/${service}`)).json()).toEqual([{ filter: RQL, id }]);
    expect(await (await get(`/api/v1/filters?serviceName=${service}`)).json()).toEqual([{ filter: RQL, id }]);

    const changed = { $or: [{ ContainerEnvName: { $eq: "web_prod" } }] };
    const put = await send("PUT", "/api/v1/filters", { id, filter: changed });
    expect(put.status).toBe(201);
    expect(await put.json()).toBeNull();
    // the id is not stored inside the document (§10.16)
    expect(await (await get(`/api/v1/filters/service/${service}`)).json()).toEqual([{ filter: changed, id }]);

    expect((await send("DELETE", `/api/v1/filters/${id}`)).status).toBe(204);
    expect(await (await get(`/api/v1/filters/service/${service}`)).json()).toEqual([]);
  });

  test("unknown services and ids are 404, bad filters 400 (the original stored or 500ed)", async () => {
    expect((await send("POST", "/api/v1/filters/service/no-such-service", { filter: RQL })).status).toBe(404);
    expect((await send("PUT", "/api/v1/filters", { id: 987654321, filter: RQL })).status).toBe(404);
    expect((await send("DELETE", "/api/v1/filters/987654321")).status).toBe(404);
    for (const body of [
      {},
      { filter: "HostName = 'x'" },
      { filter: { hostname: "x" } },
      { filter: { HostName: { $in: ["x"] } } },
      { filter: [] },
    ]) {
      const res = await send("POST", `/api/v1/filters/service/${service}`, body);
      expect(res.status, JSON.stringify(body)).toBe(400);
      expect(await res.json()).toHaveProperty("message");
    }
    expect((await send("PUT", "/api/v1/filters", { id: "1", filter: RQL })).status).toBe(400);
    expect(await (await get("/api/v1/filters/service/no-such-service")).json()).toEqual([]);
  });
});

describe("GET /api/v1/filters/tags/{filter_type}", () => {
  const window = () =>
    `serviceName=${service}&startTime=${new Date(now - HOUR).toISOString()}&endTime=${new Date(now).toISOString()}`;

  test("containers with their samples, busiest first (empty names dropped)", async () => {
    const res = await get(`/api/v1/filters/tags/ContainerName?${window()}`);
    expect(await res.json()).toEqual([
      { name: "gprofiler-ps-webapp", samples: 19 },
      { name: "gprofiler-ps-clickhouse", samples: 4 },
      { name: "gprofiler-ps-ch-indexer", samples: 2 },
      { name: "gprofiler-ps-agents-logs-backend", samples: 1 },
    ]);
  });

  test("hosts and instance types without counts, as flamedb", async () => {
    expect(await (await get(`/api/v1/filters/tags/HostName?${window()}`)).json()).toEqual([
      { name: "ip-172-31-33-27", samples: null },
    ]);
    expect(await (await get(`/api/v1/filters/tags/InstanceType?${window()}`)).json()).toEqual([
      { name: "t2.medium", samples: null },
    ]);
  });

  test("204 when there are no values, 400 for other tag types, 406 for unknown services", async () => {
    expect((await get(`/api/v1/filters/tags/ContainerEnvName?${window()}`)).status).toBe(204);
    const other = await get(`/api/v1/filters/tags/CallStackName?${window()}`);
    expect(other.status).toBe(400);
    expect((await get(`/api/v1/filters/tags/HostName?${window().replace(service, "nope-x")}`)).status).toBe(
      406,
    );
  });

  test("the filter applies to the tag lookup", async () => {
    const filter = encodeURIComponent(JSON.stringify({ filter: { ContainerName: { $like: "%click%" } } }));
    expect(
      await (await get(`/api/v1/filters/tags/ContainerName?${window()}&filter=${filter}`)).json(),
    ).toEqual([{ name: "gprofiler-ps-clickhouse", samples: 4 }]);
  });
});
