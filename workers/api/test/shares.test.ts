// Share links (routes/shares.ts) against the real ClickHouse, Postgres and local R2: the frozen graph
// equals /api/flamegraph's, opens without login, expires with 410, and redaction is applied and checked.
import { env } from "cloudflare:workers";
import { beforeAll, describe, expect, test } from "vitest";
import { REDACTED } from "../../core/src/redact";
import { deleteExpiredShares } from "../src/store/shares";
import { services } from "../../../migrations/schema";
import { api, get, send, withDb } from "./helpers";
import { insertStackNodes, prefixTree } from "./seed";

const SHARES = (env as unknown as { PROFILES: R2Bucket }).PROFILES;
const now = Date.now();
let service = "";
let scope = "";

const PY = "(/usr/local/lib/python3.10/site-packages/uvicorn/main.py:467 [uvicorn==0.24.0])";
const STACKS: [string[], number][] = [
  [["python", `uvicorn.main.run ${PY}`, "handle_request_[p]"], 30],
  [["python", `uvicorn.main.run ${PY}`, "parse_[p]"], 10],
  [["python", "secret_job_[p]"], 5],
  [["java", "com.acme.Main.main_[j]"], 20],
];

beforeAll(async () => {
  service = `share-svc-${crypto.randomUUID().slice(0, 8)}`;
  const serviceId = 1_000_000 + Math.floor(Math.random() * 1_000_000);
  await withDb((db) => db.insert(services).values({ id: serviceId, name: service }));
  const nodes = prefixTree(STACKS, (i) => String(1000 + serviceId * 100 + i));
  await insertStackNodes(serviceId, new Date(now - 10 * 60_000), nodes);
  scope = new URLSearchParams({
    serviceName: service,
    startTime: new Date(now - 3_600_000).toISOString(),
    endTime: new Date(now).toISOString(),
  }).toString();
}, 30_000);

const share = (body: unknown, query = scope) => send("POST", `/api/shares?${query}`, body);
const names = (node: { name: string; children: unknown[] }): string[] => {
  const out: string[] = [];
  const todo = [node];
  for (let n = todo.pop(); n; n = todo.pop()) {
    out.push(n.name);
    todo.push(...(n.children as (typeof node)[]));
  }
  return out;
};

describe("share links", () => {
  test("freeze the api's flamegraph with the view; anyone with the link reads it without logging in", async () => {
    const res = await share({ expiresInDays: 7, view: "search=uvicorn&zoom=python&service=dropped&time=1h" });
    expect(res.status).toBe(201);
    const created = await res.json<any>();
    expect(created.id).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(created.path).toBe(`/share/${created.id}`);
    expect(Date.parse(created.expiresAt) - now).toBeGreaterThan(6.9 * 86_400_000);

    const open = await api(`/api/shares/${created.id}`); // no cookie, no Authorization
    expect(open.status).toBe(200);
    expect(open.headers.get("cache-control")).toContain("no-cache");
    const doc = await open.json<any>();
    expect(doc.meta).toMatchObject({
      service,
      filter: null,
      redacted: false,
      expiresAt: created.expiresAt,
      compared: null,
    });
    expect(doc.compared).toBeNull();
    expect(doc.view).toBe("search=uvicorn&zoom=python");
    const live = await (await get(`/api/flamegraph?${scope}&enrichment=lang`)).json<any>();
    const strip = ({ exec_time: _e, olap_time: _o, ...rest }: Record<string, unknown>) => rest;
    expect(strip(doc.flamegraph)).toEqual(strip(live));
  });

  test("each share has its own unguessable id, even for the same content", async () => {
    const a = await (await share({})).json<any>();
    const b = await (await share({})).json<any>();
    expect(a.id).not.toBe(b.id);
    // Default expiry: 30 days.
    expect(Math.round((Date.parse(a.expiresAt) - now) / 86_400_000)).toBe(30);
    expect((await (await share({ expiresInDays: null })).json<any>()).expiresAt).toBeNull();
  });

  test("redaction replaces names and paths and says so; the view's frame names too", async () => {
    const res = await share({ redact: { names: ["uvicorn"], paths: [".+"] }, view: "search=uvicorn.main" });
    expect(res.status).toBe(201);
    const doc = await (await api(`/api/shares/${(await res.json<any>()).id}`)).json<any>();
    expect(doc.meta.redacted).toBe(true);
    const all = names(doc.flamegraph).join("\n");
    expect(all).toContain("handle_request");
    expect(all).not.toContain("uvicorn");
    expect(all).not.toMatch(/\/usr\/local\/lib/);
    expect(all).toContain(REDACTED);
    expect(doc.view).toBe(`search=${encodeURIComponent(REDACTED)}.main`);
  });

  test("a compare share freezes both windows' graphs and scopes", async () => {
    const compareWith = {
      serviceName: service,
      startTime: new Date(now - 7_200_000).toISOString(),
      endTime: new Date(now).toISOString(),
    };
    const res = await share({ compareWith, view: "cview=side&zoom=python" });
    expect(res.status).toBe(201);
    const doc = await (await api(`/api/shares/${(await res.json<any>()).id}`)).json<any>();
    expect(doc.meta.compared).toEqual({
      service,
      startTime: compareWith.startTime,
      endTime: compareWith.endTime,
      filter: null,
    });
    expect(doc.compared.value).toBe(doc.flamegraph.value);
    expect(doc.view).toBe("zoom=python&cview=side");
    for (const bad of [
      { compareWith: "x" },
      { compareWith: { ...compareWith, serviceName: "" } },
      { compareWith: { ...compareWith, startTime: "soon" } },
      { compareWith: { ...compareWith, endTime: compareWith.startTime } },
      { compareWith: { ...compareWith, filter: "{not rql" } },
    ])
      expect((await share(bad)).status, JSON.stringify(bad)).toBe(400);
    expect((await share({ compareWith: { ...compareWith, serviceName: "nope" } })).status).toBe(406);
    const old = { ...compareWith, startTime: "2020-01-01T00:00:00Z", endTime: "2020-01-01T01:00:00Z" };
    expect((await share({ compareWith: old })).status).toBe(400);
  });

  test("expired shares answer 410 and are deleted; the cron deletes them without being asked", async () => {
    const { id } = await (await share({ expiresInDays: 1 })).json<any>();
    const key = `shares/${id}.json`;
    const object = await SHARES.get(key);
    const body = await object!.text();
    const past = new Date(now - 1000).toISOString();
    await SHARES.put(key, body, { customMetadata: { ...object!.customMetadata, expiresAt: past } });
    const res = await api(`/api/shares/${id}`);
    expect(res.status).toBe(410);
    expect((await res.json<any>()).message).toMatch(/expired/);

    const other = await (await share({ expiresInDays: 1 })).json<any>();
    const kept = await (await share({ expiresInDays: null })).json<any>();
    const otherKey = `shares/${other.id}.json`;
    const o = await SHARES.get(otherKey);
    await SHARES.put(otherKey, await o!.text(), {
      customMetadata: { ...o!.customMetadata, expiresAt: past },
    });
    expect(await deleteExpiredShares(SHARES, new Date())).toBeGreaterThanOrEqual(1);
    expect(await SHARES.head(otherKey)).toBeNull();
    expect((await api(`/api/shares/${kept.id}`)).status).toBe(200);
  });

  test("a share changed in the bucket is refused; unknown and malformed ids are 404", async () => {
    const { id } = await (await share({})).json<any>();
    const key = `shares/${id}.json`;
    const object = await SHARES.get(key);
    const text = (await object!.text()).replace('"redacted":false', '"redacted":true');
    await SHARES.put(key, text, { customMetadata: object!.customMetadata });
    expect((await api(`/api/shares/${id}`)).status).toBe(500);
    expect((await api(`/api/shares/${"A".repeat(43)}`)).status).toBe(404);
    expect((await api("/api/shares/short")).status).toBe(404);
  });

  test("bad input is 400 (406 for an unknown service), and creating needs a login", async () => {
    for (const body of [
      { expiresInDays: 3 },
      { expiresInDays: "7" },
      { redact: { names: ["(a+)+$"] } },
      { redact: { names: ["("] } },
      { redact: { paths: "x" } },
      { redact: { names: Array(11).fill("a") } },
      { view: 5 },
      { view: "x".repeat(20_000) },
    ]) {
      const res = await share(body);
      expect(res.status, JSON.stringify(body)).toBe(400);
      expect((await res.json<any>()).message).toBeTruthy();
    }
    const empty = new URLSearchParams({
      serviceName: service,
      startTime: "2020-01-01T00:00:00Z",
      endTime: "2020-01-01T01:00:00Z",
    });
    expect((await share({}, empty.toString())).status).toBe(400);
    expect(
      (await share({}, "serviceName=nope&startTime=2020-01-01T00:00:00Z&endTime=2020-01-01T01:00:00Z"))
        .status,
    ).toBe(406);
    expect((await share({}, "")).status).toBe(400);
    const anonymous = await api(`/api/shares?${scope}`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: "{}",
    });
    expect(anonymous.status).toBe(401);
  });
});
