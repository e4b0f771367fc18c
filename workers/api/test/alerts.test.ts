// The regression-alert evaluation against real ClickHouse rows and Postgres: a function whose share jumps
// after a deployment gives one alert citing it, posted to a webhook receiver; steady functions give none;
// running again adds nothing. Plus the alerts, settings and deployments routes.
import { env } from "cloudflare:workers";
import { Hono } from "hono";
import { describe, expect, test } from "vitest";
import { evaluationWindow } from "../../core/src/regression";
import { toClickHouseDateTime } from "../../core/src/wire/clickhouse-row";
import { openClickHouse } from "../../shared/src/clickhouse";
import { evaluateAlerts } from "../src/evaluate-alerts";
import { regressionSamples } from "../src/store/regression-samples";
import { deployments, profilerTokens, services } from "../../../migrations/schema";
import { hashToken } from "../../core/src/api-token";
import { api, basicAuth, createUser, get, insertRows, send, withDb } from "./helpers";

const HOUR = 3_600_000;
const now = new Date();
const window = evaluationWindow(now);

/** Stack nodes app → main → {steady, hot}: `hot` samples of every `total` per hour. */
async function insertHours(serviceId: number, hours: Date[], total: number, hot: number) {
  const base = BigInt(serviceId) * 1000n;
  const node = (at: Date, k: bigint, name: string, parent: bigint, n: number) => ({
    Timestamp: toClickHouseDateTime(at),
    ServiceId: serviceId,
    InstanceType: "t3.large",
    ContainerEnvName: "",
    HostName: "host-1",
    ContainerName: "",
    NumSamples: n,
    CallStackHash: String(base + k),
    CallStackName: name,
    CallStackParent: String(parent === 0n ? 0n : base + parent),
    InsertionTimestamp: toClickHouseDateTime(now),
    ErrNumSamples: 0,
  });
  await insertRows(
    "flamedb.samples",
    hours.flatMap((at) => [
      node(at, 1n, "app", 0n, total),
      node(at, 2n, "main", 1n, total),
      node(at, 3n, "steady", 2n, total - hot),
      node(at, 4n, "hot", 2n, hot),
    ]),
  );
}

/** One sample time in each of the baseline's hours (every 6th, enough for a baseline) and in the window. */
const baselineHours = Array.from({ length: 28 }, (_, i) => new Date(window.start.getTime() - (i * 6 + 1) * HOUR + 60_000));
const windowTime = new Date(window.start.getTime() + 30 * 60_000);

/**
 * A new service. Its id is random: the project's ClickHouse keeps rows between runs while Postgres starts
 * fresh, so sequential ids would meet earlier runs' samples.
 */
async function createService() {
  const name = `alerts-${crypto.randomUUID().slice(0, 8)}`;
  const id = 1_000_000 + Math.floor(Math.random() * 2_000_000_000);
  await withDb((db) => db.insert(services).values({ id, name }));
  return { id, name };
}

const received: { path: string; body: Record<string, unknown> }[] = [];
let failuresLeft = 0;
/** The webhook receiver: a route that records what it is sent (and fails when told to). */
const receiver = new Hono()
  .post("/hook", async (c) => {
    received.push({ path: "/hook", body: await c.req.json() });
    return c.json({ ok: true });
  })
  .post("/flaky", async (c) => {
    received.push({ path: "/flaky", body: await c.req.json() });
    if (failuresLeft-- > 0) return c.text("busy", 503);
    return c.body(null, 204);
  })
  .post("/broken", (c) => c.text("gone", 410));
const receiverFetch = (request: Request) => receiver.fetch(request) as Promise<Response>;

async function evaluate() {
  const clickhouse = openClickHouse(env as never);
  try {
    return await withDb((db) => evaluateAlerts({ db, clickhouse, fetch: receiverFetch, uiUrl: "https://studio.example" }, now));
  } finally {
    await clickhouse.close();
  }
}

async function putSettings(serviceName: string, settings: Record<string, unknown>) {
  const res = await send("PUT", `/api/alerts/settings?serviceName=${encodeURIComponent(serviceName)}`, {
    enabled: true,
    minSelfDelta: 0.02,
    minTotalDelta: 0.05,
    minRatio: 1.5,
    minSamples: 100,
    topFunctions: 200,
    ...settings,
  });
  expect(res.status).toBe(200);
}

const alertsOf = async (serviceName: string) =>
  (await (await get(`/api/alerts?serviceName=${encodeURIComponent(serviceName)}`)).json()) as Record<string, any>[];

describe("the hourly evaluation", () => {
  test("a function whose share jumps after a deployment: one alert citing it, posted once; steady ones: none", async () => {
    const jumping = await createService();
    const steady = await createService();
    await insertHours(jumping.id, baselineHours, 1000, 100); // hot: 10% self
    await insertHours(jumping.id, [windowTime], 1000, 600); // hot: 60%
    await insertHours(steady.id, [...baselineHours, windowTime], 1000, 100);
    await putSettings(jumping.name, { webhookUrl: "http://localhost/hook" });
    await putSettings(steady.name, { webhookUrl: "http://localhost/hook" });
    const deployed = new Date(window.start.getTime() + 10 * 60_000);
    const older = new Date(window.start.getTime() - 3 * HOUR);
    const [deployment] = await withDb((db) =>
      db
        .insert(deployments)
        .values([
          { service: jumping.id, version: "2.4.0", time: older, source: "api" as const },
          { service: jumping.id, version: "2.4.1", time: deployed, source: "agent" as const },
        ])
        .returning({ id: deployments.id }),
    ).then((rows) => rows.slice(1));

    const run = await evaluate();
    expect(run.window.start).toEqual(window.start);
    expect(run.failedServices).toEqual([]);

    const [alert, ...others] = await alertsOf(jumping.name);
    expect(others).toEqual([]);
    expect(alert).toMatchObject({
      serviceName: jumping.name,
      functionName: "hot",
      state: "open",
      windowStart: window.start.toISOString().replace(".000Z", "+00:00"),
      deployment: { id: deployment.id, version: "2.4.1", source: "agent" },
      deliveryAttempts: 1,
      deliveryError: null,
    });
    expect(alert.selfBefore).toBeCloseTo(0.1);
    expect(alert.selfAfter).toBeCloseTo(0.6);
    expect(alert.totalBefore).toBeCloseTo(0.1);
    expect(alert.totalAfter).toBeCloseTo(0.6);
    expect(alert.notifiedAt).not.toBeNull();
    expect(await alertsOf(steady.name)).toEqual([]);

    const posts = received.filter((r) => r.body.service === jumping.name);
    expect(posts).toHaveLength(1);
    expect(posts[0].body).toMatchObject({
      alertId: alert.id,
      function: "hot",
      deployment: { id: deployment.id, version: "2.4.1" },
      window: { start: window.start.toISOString(), end: window.end.toISOString() },
    });
    const permalink = new URL(posts[0].body.permalink as string);
    expect(permalink.pathname).toBe("/compare");
    expect(permalink.searchParams.get("service")).toBe(jumping.name);
    expect(permalink.searchParams.get("cStartTime")).toBe(window.start.toISOString());
    expect(permalink.searchParams.get("fn")).toBe("hot");
    expect(received.some((r) => r.body.service === steady.name)).toBe(false);

    // Running again (a retried cron, or the admin route) neither adds alerts nor posts again.
    await evaluate();
    const admin = await createUser({ isAdmin: true });
    const res = await api("/api/alerts/evaluate", {
      method: "POST",
      headers: { authorization: basicAuth(admin.username, admin.password) },
    });
    expect(res.status).toBe(200);
    expect(await alertsOf(jumping.name)).toHaveLength(1);
    expect(received.filter((r) => r.body.service === jumping.name)).toHaveLength(1);
  });

  test("webhook failures: 429/5xx retried, others not; recorded either way", async () => {
    const flaky = await createService();
    const broken = await createService();
    for (const s of [flaky, broken]) {
      await insertHours(s.id, baselineHours, 1000, 50);
      await insertHours(s.id, [windowTime], 1000, 500);
    }
    await putSettings(flaky.name, { webhookUrl: "http://localhost/flaky" });
    await putSettings(broken.name, { webhookUrl: "http://localhost/broken" });
    failuresLeft = 1;
    await evaluate();
    const [delivered] = await alertsOf(flaky.name);
    expect(delivered).toMatchObject({ functionName: "hot", deliveryAttempts: 2, deliveryError: null, deployment: null });
    const [failed] = await alertsOf(broken.name);
    expect(failed).toMatchObject({ functionName: "hot", deliveryAttempts: 1, deliveryError: "HTTP 410", notifiedAt: null });
  });

  test("a disabled service or one with too few samples is not judged", async () => {
    const quiet = await createService();
    await insertHours(quiet.id, baselineHours, 10, 1);
    await insertHours(quiet.id, [windowTime], 10, 9);
    await putSettings(quiet.name, { minSamples: 1000 });
    const off = await createService();
    await insertHours(off.id, baselineHours, 1000, 50);
    await insertHours(off.id, [windowTime], 1000, 500);
    await putSettings(off.name, { enabled: false });
    await evaluate();
    expect(await alertsOf(quiet.name)).toEqual([]);
    expect(await alertsOf(off.name)).toEqual([]);
  });
});

describe("regressionSamples", () => {
  test("self and total samples per function: callers summed, children subtracted, direct recursion once", async () => {
    const s = await createService();
    const base = BigInt(s.id) * 1000n;
    // [hash, name, parent, samples]: app → a → hot → {child, hot}, app → b → hot
    const tree: [bigint, string, bigint, number][] = [
      [1n, "app", 0n, 1000], [2n, "a", 1n, 600], [3n, "hot", 2n, 300], [4n, "child", 3n, 100],
      [5n, "hot", 3n, 50], [6n, "b", 1n, 400], [7n, "hot", 6n, 200],
    ];
    await insertRows(
      "flamedb.samples",
      tree.map(([k, name, parent, n]) => ({
        Timestamp: toClickHouseDateTime(windowTime), ServiceId: s.id, InstanceType: "", ContainerEnvName: "",
        HostName: "h", ContainerName: "", NumSamples: n, CallStackHash: String(base + k), CallStackName: name,
        CallStackParent: String(parent ? base + parent : 0n), InsertionTimestamp: toClickHouseDateTime(now), ErrNumSamples: 0,
      })),
    );
    const clickhouse = openClickHouse(env as never);
    const samples = await regressionSamples(clickhouse, s.id, window, 10).finally(() => clickhouse.close());
    expect(samples.after).toBe(1000);
    expect(samples.before).toBe(0);
    const byName = Object.fromEntries(samples.functions.map((f) => [f.name, [f.selfAfter, f.totalAfter]]));
    expect(byName).toEqual({ app: [0, 1000], a: [300, 600], b: [200, 400], hot: [400, 500], child: [100, 100] });
    expect(samples.functions.map((f) => f.name)).toEqual(["app", "a", "hot", "b", "child"]);
  });
});

describe("/api/alerts", () => {
  test("lists by service and state, acknowledges", async () => {
    const s = await createService();
    await insertHours(s.id, baselineHours, 1000, 50);
    await insertHours(s.id, [windowTime], 1000, 500);
    await putSettings(s.name, {});
    await evaluate();
    const [alert] = await alertsOf(s.name);
    const ack = await send("POST", `/api/alerts/${alert.id}/acknowledge`);
    expect(ack.status).toBe(200);
    expect(await ack.json()).toMatchObject({ id: alert.id, state: "acknowledged", acknowledgedBy: expect.any(String) });
    const open = await get(`/api/alerts?serviceName=${s.name}&state=open`);
    expect(await open.json()).toEqual([]);
    const acknowledged = (await (await get(`/api/alerts?serviceName=${s.name}&state=acknowledged`)).json()) as unknown[];
    expect(acknowledged).toHaveLength(1);
    expect((await send("POST", "/api/alerts/999999999/acknowledge")).status).toBe(404);
    expect((await get("/api/alerts?state=closed")).status).toBe(400);
    expect((await get("/api/alerts?serviceName=no-such-service")).status).toBe(406);
  });

  test("settings: built-in defaults, a service's own, validation", async () => {
    const s = await createService();
    const before = (await (await get(`/api/alerts/settings?serviceName=${s.name}`)).json()) as Record<string, any>;
    expect(before).toMatchObject({ own: false, settings: { enabled: true, minSelfDelta: 0.02, webhookUrl: null } });
    await putSettings(s.name, { minRatio: 2, webhookUrl: "https://hooks.example.com/x" });
    const after = (await (await get(`/api/alerts/settings?serviceName=${s.name}`)).json()) as Record<string, any>;
    expect(after).toMatchObject({ own: true, settings: { minRatio: 2, webhookUrl: "https://hooks.example.com/x" } });
    const bad = async (body: Record<string, unknown>) => {
      const res = await send("PUT", `/api/alerts/settings?serviceName=${s.name}`, {
        enabled: true, minSelfDelta: 0.02, minTotalDelta: 0.05, minRatio: 1.5, minSamples: 100, topFunctions: 200, ...body,
      });
      expect(res.status).toBe(400);
      return ((await res.json()) as { message: string }).message;
    };
    expect(await bad({ webhookUrl: "http://hooks.example.com/x" })).toMatch(/https/);
    expect(await bad({ minRatio: 0.5 })).toMatch(/minRatio/);
    expect(await bad({ topFunctions: 1.5 })).toMatch(/integer/);
    expect(await bad({ enabled: "yes" })).toMatch(/enabled/);
    expect((await send("DELETE", `/api/alerts/settings?serviceName=${s.name}`)).status).toBe(204);
    expect((await send("DELETE", `/api/alerts/settings?serviceName=${s.name}`)).status).toBe(404);
  });

  test("the defaults (no serviceName) apply to every service without its own", async () => {
    const defaults = { enabled: true, minSelfDelta: 0.02, minTotalDelta: 0.05, minRatio: 1.5, minSamples: 1000, topFunctions: 300 };
    for (const webhookUrl of ["https://hooks.example.com/all", null]) {
      const res = await send("PUT", "/api/alerts/settings", { ...defaults, webhookUrl });
      expect(res.status).toBe(200);
    }
    const s = await createService();
    const body = (await (await get(`/api/alerts/settings?serviceName=${s.name}`)).json()) as Record<string, any>;
    expect(body).toMatchObject({ own: false, settings: { topFunctions: 300, webhookUrl: null }, defaults: { topFunctions: 300 } });
    expect((await send("DELETE", "/api/alerts/settings")).status).toBe(400);
  });

  test("only admins run the evaluation on demand", async () => {
    const res = await send("POST", "/api/alerts/evaluate");
    expect(res.status).toBe(403);
  });
});

describe("/api/v1/deployments", () => {
  const post = (body: unknown, headers: Record<string, string>) =>
    api("/api/v1/deployments", { method: "POST", headers: { "content-type": "application/json", ...headers }, body: JSON.stringify(body) });

  test("a user posts one; the charts read it back", async () => {
    const s = await createService();
    const res = await send("POST", "/api/v1/deployments", { serviceName: s.name, version: "1.2.3", description: "release", commit: "abc123" });
    expect(res.status).toBe(201);
    const created = (await res.json()) as Record<string, unknown>;
    expect(created).toMatchObject({ serviceName: s.name, version: "1.2.3", source: "api", description: "release", commit: "abc123" });
    const from = new Date(Date.now() - HOUR).toISOString();
    const to = new Date(Date.now() + HOUR).toISOString();
    const list = await get(`/api/v1/deployments?serviceName=${s.name}&startTime=${from}&endTime=${to}`);
    expect(await list.json()).toEqual([created]);
  });

  test("bad bodies are 4xx with a message", async () => {
    const s = await createService();
    const bad = async (body: unknown, status = 400) => {
      const res = await send("POST", "/api/v1/deployments", body);
      expect(res.status).toBe(status);
      expect(await res.json()).toHaveProperty("message");
    };
    await bad({ serviceName: s.name });
    await bad({ serviceName: s.name, version: 7 });
    await bad({ serviceName: s.name, version: "1", time: "yesterday" });
    await bad({ serviceName: s.name, version: "1", time: "2020-01-01T00:00:00Z" });
    await bad({ version: "1" });
    await bad({ serviceName: "no-such-service", version: "1" }, 406);
    await bad([1, 2]);
  });

  test("agent keys: only one scoped to the service may post", async () => {
    const s = await createService();
    const other = await createService();
    const scoped = `scoped-${crypto.randomUUID()}`;
    const unscoped = `unscoped-${crypto.randomUUID()}`;
    await withDb(async (db) => {
      await db.insert(profilerTokens).values({ tokenHash: await hashToken(scoped), tokenPrefix: "scoped", service: s.id });
      await db.insert(profilerTokens).values({ tokenHash: await hashToken(unscoped), tokenPrefix: "unscop" });
    });
    expect((await post({ serviceName: s.name, version: "9" }, { authorization: `Bearer ${scoped}` })).status).toBe(201);
    expect((await post({ serviceName: other.name, version: "9" }, { authorization: `Bearer ${scoped}` })).status).toBe(403);
    expect((await post({ serviceName: s.name, version: "9" }, { authorization: `Bearer ${unscoped}` })).status).toBe(403);
    expect((await post({ serviceName: s.name, version: "9" }, { authorization: "Bearer not-a-key" })).status).toBe(401);
    expect((await post({ serviceName: s.name, version: "9" }, {})).status).toBe(401);
    // An agent key never reads: GET stays a UI route.
    const list = await api(`/api/v1/deployments?serviceName=${s.name}&startTime=0&endTime=${Date.now() / 1000}`, {
      headers: { authorization: `Bearer ${scoped}` },
    });
    expect(list.status).toBe(401);
  });
});
