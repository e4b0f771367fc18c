// The regression-alert evaluation against real ClickHouse rows and Postgres: a function whose share jumps
// after a deployment gives one alert citing it, posted, signed, to a real local webhook receiver
// (webhook-receiver.ts); steady functions give none; running again adds nothing; hours the cron missed are
// caught up. Plus the alerts, settings (admins write) and deployments routes.
import { createHmac } from "node:crypto";
import { env } from "cloudflare:workers";
import { describe, expect, inject, test } from "vitest";
import { evaluationWindow, type Window } from "../../core/src/regression";
import { verifyWebhookSignature } from "../../core/src/webhook-signature";
import { toClickHouseDateTime } from "../../core/src/wire/clickhouse-row";
import { openClickHouse } from "../../shared/src/clickhouse";
import type { Env } from "../src/env";
import { catchUpAlerts, evaluateHours, MAX_ATTEMPTS, type EvaluationRun } from "../src/evaluate-alerts";
import worker from "../src/index";
import { regressionSamples } from "../src/store/regression-samples";
import { alertEvaluation, alertRetries, alerts, alertSettings, deployments, profilerTokens, services } from "../../../migrations/schema";
import { hashToken } from "../../core/src/api-token";
import type { Database } from "../../shared/src/postgres";
import { eq } from "drizzle-orm";
import { api, createUser, get, insertRows, login, ORIGIN, send, withDb } from "./helpers";
import type { ReceivedPost } from "./webhook-receiver";

const HOUR = 3_600_000;
const now = new Date();
const window = evaluationWindow(now);
const SESSION_SECRET = (env as unknown as { SESSION_SECRET: string }).SESSION_SECRET;
const RECEIVER = inject("webhookReceiver");
/** An evaluation reads every service with samples in its hours: seconds on a busy machine. */
const EVALUATING = { timeout: 60_000 };

/** Leaves of app → main, each with its own node: `counts` samples per function at `at`. */
const FUNCTIONS = ["steady", "hot", "f1", "f2", "f3"];
function stackRows(serviceId: number, at: Date, counts: Record<string, number>) {
  const base = BigInt(serviceId) * 1000n;
  const total = Object.values(counts).reduce((a, b) => a + b, 0);
  const node = (k: bigint, name: string, parent: bigint, n: number) => ({
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
  return [
    node(1n, "app", 0n, total),
    node(2n, "main", 1n, total),
    ...Object.entries(counts).map(([name, n]) => node(BigInt(3 + FUNCTIONS.indexOf(name)), name, 2n, n)),
  ];
}

/** app → main → {steady, hot}: `hot` samples of every `total` in each of the hours. */
async function insertHours(serviceId: number, hours: Date[], total: number, hot: number) {
  await insertRows("flamedb.samples", hours.flatMap((at) => stackRows(serviceId, at, { steady: total - hot, hot })));
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

/** A webhook URL on the receiver no other test uses; `kind` as webhook-receiver.ts: "hook", "fail/1", "status/410". */
const hookUrl = (kind = "hook") => `${RECEIVER}/${kind}/${crypto.randomUUID()}`;

async function receivedAt(url: string): Promise<ReceivedPost[]> {
  const res = await fetch(`${RECEIVER}/received?path=${encodeURIComponent(new URL(url).pathname)}`);
  return res.json();
}

const withClickHouse = async <T>(step: (db: Database, clickhouse: ReturnType<typeof openClickHouse>) => Promise<T>) => {
  const clickhouse = openClickHouse(env as never);
  try {
    return await withDb((db) => step(db, clickhouse));
  } finally {
    await clickhouse.close();
  }
};

const deps = (db: Database, clickhouse: ReturnType<typeof openClickHouse>) => ({
  db,
  clickhouse,
  fetch: (r: Request) => fetch(r),
  uiUrl: "https://studio.example",
  sessionSecret: SESSION_SECRET,
});

/** Evaluates the hours (the last complete one unless told), as the cron or the admin route do. */
const evaluate = (windows: Window[] = [window]): Promise<EvaluationRun> =>
  withClickHouse((db, clickhouse) => evaluateHours(deps(db, clickhouse), windows, now));

let adminCookie: Promise<string> | undefined;
/** A JSON request as a signed-in administrator. */
async function asAdmin(method: string, path: string, body?: unknown): Promise<Response> {
  adminCookie ??= createUser({ isAdmin: true }).then((u) => login(u.username, u.password));
  const headers = { cookie: await adminCookie, origin: ORIGIN, ...(body === undefined ? {} : { "content-type": "application/json" }) };
  return api(path, { method, headers, body: body === undefined ? undefined : JSON.stringify(body) });
}

const SETTINGS = { enabled: true, minSelfDelta: 0.02, minTotalDelta: 0.05, minRatio: 1.5, minSamples: 100, topFunctions: 200 };

/** Saves a service's settings as an admin; the answer (with `webhookSecret` when a new one was made). */
async function putSettings(serviceName: string, settings: Record<string, unknown>) {
  const res = await asAdmin("PUT", `/api/alerts/settings?serviceName=${encodeURIComponent(serviceName)}`, { ...SETTINGS, ...settings });
  expect(res.status).toBe(200);
  return (await res.json()) as Record<string, any>;
}

const alertsOf = async (serviceName: string) =>
  (await (await get(`/api/alerts?serviceName=${encodeURIComponent(serviceName)}`)).json()) as Record<string, any>[];

const bodyOf = (post: ReceivedPost) => JSON.parse(post.body) as Record<string, any>;
const postsFor = async (url: string, serviceName: string) => (await receivedAt(url)).filter((p) => bodyOf(p).service === serviceName);

/** The receiver's check, written as the README tells receivers, with node:crypto. */
function signedBy(secret: string, post: ReceivedPost, body = post.body): boolean {
  const m = /^t=(\d+),v1=([0-9a-f]{64})$/.exec(String(post.headers["x-studio-signature"]));
  return m !== null && createHmac("sha256", secret).update(`${m[1]}.${body}`).digest("hex") === m[2];
}

describe("the hourly evaluation", EVALUATING, () => {
  test("a function whose share jumps after a deployment: one alert citing it, posted once; steady ones: none", async () => {
    const jumping = await createService();
    const steady = await createService();
    await insertHours(jumping.id, baselineHours, 1000, 100); // hot: 10% self
    await insertHours(jumping.id, [windowTime], 1000, 600); // hot: 60%
    await insertHours(steady.id, [...baselineHours, windowTime], 1000, 100);
    const hook = hookUrl();
    await putSettings(jumping.name, { webhookUrl: hook });
    await putSettings(steady.name, { webhookUrl: hook });
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
    expect(run.hours.map((h) => h.window.start)).toEqual([window.start]);
    expect(run.hours[0].failedServices).toEqual([]);

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

    const posts = await receivedAt(hook);
    expect(posts).toHaveLength(1);
    expect(bodyOf(posts[0])).toMatchObject({
      alertId: alert.id,
      service: jumping.name,
      function: "hot",
      deployment: { id: deployment.id, version: "2.4.1" },
      window: { start: window.start.toISOString(), end: window.end.toISOString() },
    });
    const permalink = new URL(bodyOf(posts[0]).permalink);
    expect(permalink.pathname).toBe("/compare");
    expect(permalink.searchParams.get("service")).toBe(jumping.name);
    expect(permalink.searchParams.get("cStartTime")).toBe(window.start.toISOString());
    expect(permalink.searchParams.get("fn")).toBe("hot");

    // Evaluating the hour again (a retried cron, the admin route) neither adds alerts nor posts again.
    await evaluate();
    expect(await alertsOf(jumping.name)).toHaveLength(1);
    expect(await receivedAt(hook)).toHaveLength(1);
  });

  test("webhook failures: 429/5xx retried, others not; recorded either way", async () => {
    const flaky = await createService();
    const broken = await createService();
    for (const s of [flaky, broken]) {
      await insertHours(s.id, baselineHours, 1000, 50);
      await insertHours(s.id, [windowTime], 1000, 500);
    }
    await putSettings(flaky.name, { webhookUrl: hookUrl("fail/1") });
    await putSettings(broken.name, { webhookUrl: hookUrl("status/410") });
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

describe("signed webhook posts", EVALUATING, () => {
  test("each post is signed over '<t>.<raw body>' with the webhook's secret, one delivery id for every attempt", async () => {
    const s = await createService();
    await insertHours(s.id, baselineHours, 1000, 100);
    await insertHours(s.id, [windowTime], 1000, 600);
    const hook = hookUrl("fail/1"); // the first post is answered 503, the retry 204
    const { webhookSecret: secret } = await putSettings(s.name, { webhookUrl: hook });
    expect(secret).toMatch(/^whsec_[0-9a-f]{64}$/);
    expect(JSON.stringify(await (await get(`/api/alerts/settings?serviceName=${s.name}`)).json())).not.toContain(secret);
    await evaluate();

    const [alert] = await alertsOf(s.name);
    expect(alert).toMatchObject({ deliveryAttempts: 2, deliveryError: null, deliveryId: expect.stringMatching(/^[0-9a-f-]{36}$/) });
    const posts = await postsFor(hook, s.name);
    expect(posts).toHaveLength(2);
    const nowSeconds = Math.floor(Date.now() / 1000);
    for (const post of posts) {
      expect(post.headers["x-studio-delivery"]).toBe(alert.deliveryId);
      expect(post.headers["content-type"]).toBe("application/json");
      const header = String(post.headers["x-studio-signature"]);
      const t = Number(/^t=(\d+),/.exec(header)?.[1]);
      expect(Math.abs(nowSeconds - t)).toBeLessThanOrEqual(60);
      expect(signedBy(secret, post)).toBe(true);
      expect(bodyOf(post)).toMatchObject({ alertId: alert.id, function: "hot" });
      // a receiver refuses a tampered body, another secret and a replay older than 5 minutes
      const tampered = post.body.replace('"function":"hot"', '"function":"cold"');
      expect(tampered).not.toBe(post.body);
      expect(signedBy(secret, post, tampered)).toBe(false);
      expect(signedBy(`${secret}0`, post)).toBe(false);
      expect(await verifyWebhookSignature(secret, header, post.body, nowSeconds)).toBe("ok");
      expect(await verifyWebhookSignature(secret, header, tampered, nowSeconds)).toBe("mismatch");
      expect(await verifyWebhookSignature(secret, header, post.body, t + 301)).toBe("expired");
    }
  });

  test("the same URL keeps its secret, a new URL gets a new one; a rotated secret signs the next attempt", async () => {
    const s = await createService();
    await insertHours(s.id, baselineHours, 1000, 100);
    await insertHours(s.id, [windowTime], 1000, 600);
    const gone = hookUrl("status/410");
    const first = (await putSettings(s.name, { webhookUrl: gone })).webhookSecret;
    expect(first).toMatch(/^whsec_/);
    expect(await putSettings(s.name, { webhookUrl: gone, minRatio: 2 })).not.toHaveProperty("webhookSecret");
    await evaluate(); // answered 410: stays undelivered, posted again by the next run

    const rotated = await asAdmin("POST", `/api/alerts/settings/rotate-secret?serviceName=${s.name}`);
    expect(rotated.status).toBe(200);
    const { webhookSecret: second } = (await rotated.json()) as { webhookSecret: string };
    expect(second).toMatch(/^whsec_[0-9a-f]{64}$/);
    expect(second).not.toBe(first);
    await evaluate();

    const [before, after] = await postsFor(gone, s.name);
    expect(before.headers["x-studio-delivery"]).toBe(after.headers["x-studio-delivery"]);
    expect([signedBy(first, before), signedBy(second, before)]).toEqual([true, false]);
    expect([signedBy(first, after), signedBy(second, after)]).toEqual([false, true]);

    const moved = await putSettings(s.name, { webhookUrl: hookUrl() });
    expect(moved.webhookSecret).toMatch(/^whsec_/);
    expect(moved.webhookSecret).not.toBe(second);
    expect(await putSettings(s.name, { webhookUrl: null })).not.toHaveProperty("webhookSecret");
    const none = await asAdmin("POST", `/api/alerts/settings/rotate-secret?serviceName=${s.name}`);
    expect(none.status).toBe(404);
    expect(await none.json()).toHaveProperty("message");
  });

  test("a webhook without a readable secret is not posted to; the alert says to rotate it", async () => {
    const s = await createService();
    await insertHours(s.id, baselineHours, 1000, 100);
    await insertHours(s.id, [windowTime], 1000, 600);
    const hook = hookUrl();
    await putSettings(s.name, { webhookUrl: hook });
    await withDb((db) => db.update(alertSettings).set({ webhookSecret: "v1.not.sealed" }).where(eq(alertSettings.service, s.id)));
    await evaluate();
    const [alert] = await alertsOf(s.name);
    expect(alert).toMatchObject({ deliveryAttempts: 0, notifiedAt: null, deliveryError: expect.stringMatching(/rotate/) });
    expect(await receivedAt(hook)).toEqual([]);
  });
});

describe("missed hours", EVALUATING, () => {
  const hourStart = (back: number) => new Date(window.start.getTime() - back * HOUR);
  /** Sets the cron's record of the last hour evaluated. */
  const lastEvaluated = (end: Date) =>
    withDb((db) =>
      db.insert(alertEvaluation).values({ lastHourEnd: end }).onConflictDoUpdate({ target: alertEvaluation.single, set: { lastHourEnd: end } }),
    );
  /** f1, f2, f3 at about 3% each; in its hour, one of them at 40%. */
  const usual = { steady: 900, f1: 33, f2: 33, f3: 34 };
  /** A baseline: `usual` in 30 hours, every 6th from `back` hours before the last complete one. */
  const baselineRows = (serviceId: number, back: number) =>
    Array.from({ length: 30 }, (_, i) => stackRows(serviceId, new Date(hourStart(back + i * 6).getTime() + 60_000), usual)).flat();
  /** The baseline from `back`, and f1 at 40% at `at`. */
  const f1Regression = (serviceId: number, back: number, at: Date) =>
    insertRows("flamedb.samples", [...baselineRows(serviceId, back), ...stackRows(serviceId, at, { ...usual, steady: 527, f1: 400 })]);

  test("the cron evaluates every hour since the last one evaluated: one alert per regressed hour, again none", async () => {
    const s = await createService();
    const gap: Record<string, number>[] = [
      { ...usual, steady: 527, f1: 400 }, // 4 hours before the last: f1
      usual,
      { ...usual, steady: 533, f2: 400 }, // f2
      usual,
      { ...usual, steady: 533, f3: 400 }, // the last complete hour: f3
    ];
    await insertRows("flamedb.samples", [
      ...baselineRows(s.id, 6),
      ...gap.flatMap((counts, i) => stackRows(s.id, new Date(hourStart(4 - i).getTime() + 20 * 60_000), counts)),
    ]);
    await putSettings(s.name, {});
    // The cron last evaluated the hour before the gap, then did not run for 5 hours.
    await lastEvaluated(hourStart(4));
    const catchUp = () => withClickHouse((db, clickhouse) => catchUpAlerts(deps(db, clickhouse), now));

    const run = await catchUp();
    expect(run.hours.map((h) => h.window.start)).toEqual([4, 3, 2, 1, 0].map(hourStart));
    const found = (await alertsOf(s.name)).map((a) => [a.functionName, a.windowStart]).sort();
    const iso = (d: Date) => d.toISOString().replace(".000Z", "+00:00");
    expect(found).toEqual([["f1", iso(hourStart(4))], ["f2", iso(hourStart(2))], ["f3", iso(hourStart(0))]]);
    const [cursor] = await withDb((db) => db.select().from(alertEvaluation));
    expect(cursor.lastHourEnd).toEqual(window.end);

    // The next run has nothing to do; the admin route re-evaluating the gap creates nothing either.
    expect(await catchUp()).toMatchObject({ hours: [], alerts: 0 });
    const again = await asAdmin("POST", "/api/alerts/evaluate", { from: hourStart(4).toISOString(), to: window.end.toISOString() });
    expect(again.status).toBe(200);
    const body = (await again.json()) as Record<string, any>;
    expect(body.hours.map((h: { start: string }) => h.start)).toEqual([4, 3, 2, 1, 0].map((b) => iso(hourStart(b))));
    expect(await alertsOf(s.name)).toHaveLength(3);

    // Not only the code: the database refuses a second alert for the same service, function and hour.
    const duplicate = withDb((db) =>
      db.insert(alerts).values({
        service: s.id, functionName: "f1", selfBefore: 0, selfAfter: 0, totalBefore: 0, totalAfter: 0,
        windowStart: hourStart(4), windowEnd: hourStart(3), baselineStart: hourStart(4 + 168),
      }),
    );
    const refused = await duplicate.then(() => null, (e: Error) => e.cause);
    expect(refused).toMatchObject({ code: "23505", constraint_name: "alerts_service_function_window_key" });
  });

  test("a service that fails in an hour is evaluated again by the next runs: until it goes through, or MAX_ATTEMPTS", async () => {
    const flaky = await createService(); // fails twice, then goes through
    const broken = await createService(); // fails every time
    const fine = await createService();
    for (const s of [flaky, broken, fine]) {
      await f1Regression(s.id, 1, new Date(window.start.getTime() + 20 * 60_000));
      await putSettings(s.name, {});
    }
    await lastEvaluated(window.start);
    // The services' regression queries fail as ClickHouse would (flaky's twice, broken's always).
    const failures = new Map([[flaky.id, 2], [broken.id, Infinity]]);
    const failing = (clickhouse: ReturnType<typeof openClickHouse>) =>
      new Proxy(clickhouse, {
        get(target, key, receiver) {
          if (key !== "query") return Reflect.get(target, key, receiver);
          return (params: Parameters<typeof target.query>[0]) => {
            const service = (params.query_params as { service?: number } | undefined)?.service;
            const left = failures.get(service!) ?? 0;
            if (left <= 0) return target.query(params);
            failures.set(service!, left - 1);
            return Promise.reject(new Error("injected: ClickHouse went away"));
          };
        },
      });
    const catchUp = () => withClickHouse((db, clickhouse) => catchUpAlerts(deps(db, failing(clickhouse)), now));
    const retriesOf = (s: { id: number }) =>
      withDb((db) => db.select().from(alertRetries).where(eq(alertRetries.service, s.id)));

    const first = await catchUp();
    expect(first.hours.map((h) => h.window.start)).toEqual([window.start]);
    expect(first.hours[0].failedServices.sort()).toEqual([broken.name, flaky.name].sort());
    expect((await alertsOf(fine.name)).map((a) => a.functionName)).toEqual(["f1"]);
    expect(await alertsOf(flaky.name)).toEqual([]);
    expect(await retriesOf(flaky)).toMatchObject([{ hourStart: window.start, attempts: 1, lastError: expect.stringMatching(/injected/) }]);

    // No new hour; the failed ones again: flaky fails once more, then goes through and is alerted.
    const second = await catchUp();
    expect(second.hours).toEqual([]);
    const ours = (run: EvaluationRun) => run.retried.filter((r) => [flaky.name, broken.name].includes(r.service));
    expect(ours(second).map((r) => [r.service, r.ok]).sort()).toEqual([[broken.name, false], [flaky.name, false]].sort());
    const third = await catchUp();
    expect(ours(third).find((r) => r.service === flaky.name)).toMatchObject({ ok: true, alerts: 1, window: { start: window.start } });
    expect((await alertsOf(flaky.name)).map((a) => a.functionName)).toEqual(["f1"]);
    expect(await retriesOf(flaky)).toEqual([]);

    // broken: evaluated MAX_ATTEMPTS times in all, then left alone (its row says why).
    while ((await retriesOf(broken))[0].attempts < MAX_ATTEMPTS) await catchUp();
    expect(ours(await catchUp())).toEqual([]);
    expect(await retriesOf(broken)).toMatchObject([{ attempts: MAX_ATTEMPTS }]);
    expect(await alertsOf(broken.name)).toEqual([]);
  });

  test("the Cron Trigger's handler runs the catch-up: a regression in a missed hour is alerted and posted", async () => {
    const s = await createService();
    await f1Regression(s.id, 3, new Date(hourStart(1).getTime() + 60_000));
    const hook = hookUrl();
    const { webhookSecret } = await putSettings(s.name, { webhookUrl: hook });
    await lastEvaluated(hourStart(2));
    const controller = { scheduledTime: now.getTime(), cron: "10 * * * *", noRetry() {} } as ScheduledController;
    await worker.scheduled(controller, env as unknown as Env);
    const [alert, ...others] = await alertsOf(s.name);
    expect(others).toEqual([]);
    expect(alert).toMatchObject({ functionName: "f1", windowStart: hourStart(1).toISOString().replace(".000Z", "+00:00") });
    const [post] = await receivedAt(hook);
    expect(signedBy(webhookSecret, post)).toBe(true);
    expect(bodyOf(post).permalink).toMatch(/^http:\/\/127\.0\.0\.1:8788\/compare\?/); // UI_URL of wrangler.toml
    const [cursor] = await withDb((db) => db.select().from(alertEvaluation));
    expect(cursor.lastHourEnd).toEqual(window.end);
  });

  test("POST /api/alerts/evaluate evaluates a past range on demand: hours evaluated, alerts created", async () => {
    const s = await createService();
    await f1Regression(s.id, 40, new Date(hourStart(30).getTime() + 60_000));
    await putSettings(s.name, {});
    const res = await asAdmin("POST", "/api/alerts/evaluate", {
      from: hourStart(31).toISOString(),
      to: new Date(hourStart(29).getTime() - 1).toISOString(),
    });
    expect(res.status).toBe(200);
    const run = (await res.json()) as Record<string, any>;
    expect(run.hours).toHaveLength(2);
    expect(run.hours[1]).toMatchObject({ start: hourStart(30).toISOString().replace(".000Z", "+00:00") });
    expect(run.hours[1].alerts).toBeGreaterThanOrEqual(1);
    expect(run.alerts).toBeGreaterThanOrEqual(1);
    expect((await alertsOf(s.name)).map((a) => a.functionName)).toEqual(["f1"]);
  });

  test("bad ranges are 400, other users 403", async () => {
    const bad = async (body: unknown) => {
      const res = await asAdmin("POST", "/api/alerts/evaluate", body);
      expect(res.status).toBe(400);
      return ((await res.json()) as { message: string }).message;
    };
    const to = window.end.toISOString();
    expect(await bad({ from: hourStart(3).toISOString() })).toMatch(/'to'/);
    expect(await bad({ from: "yesterday", to })).toMatch(/ISO-8601/);
    expect(await bad({ from: to, to })).toMatch(/after/);
    expect(await bad({ from: new Date(window.end.getTime() - 7 * 24 * HOUR - 1).toISOString(), to })).toMatch(/7 days/);
    // Hours with no data, or none complete: evaluated (or not) without complaint.
    for (const [from, hours] of [["1900-01-01T00:00:00Z", 2], ["2999-01-01T00:00:00Z", 0]] as const) {
      const far = await asAdmin("POST", "/api/alerts/evaluate", { from, to: new Date(Date.parse(from) + 2 * HOUR).toISOString() });
      expect(far.status).toBe(200);
      expect(((await far.json()) as { hours: unknown[] }).hours).toHaveLength(hours);
    }
    const res = await send("POST", "/api/alerts/evaluate", { from: hourStart(3).toISOString(), to });
    expect(res.status).toBe(403);
    expect(await res.json()).toEqual({ message: "Administrators only" });
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

describe("/api/alerts", EVALUATING, () => {
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
      const res = await asAdmin("PUT", `/api/alerts/settings?serviceName=${s.name}`, { ...SETTINGS, ...body });
      expect(res.status).toBe(400);
      return ((await res.json()) as { message: string }).message;
    };
    expect(await bad({ webhookUrl: "http://hooks.example.com/x" })).toMatch(/https/);
    expect(await bad({ minRatio: 0.5 })).toMatch(/minRatio/);
    expect(await bad({ topFunctions: 1.5 })).toMatch(/integer/);
    expect(await bad({ enabled: "yes" })).toMatch(/enabled/);
    expect((await asAdmin("DELETE", `/api/alerts/settings?serviceName=${s.name}`)).status).toBe(204);
    expect((await asAdmin("DELETE", `/api/alerts/settings?serviceName=${s.name}`)).status).toBe(404);
  });

  test("the defaults (no serviceName) apply to every service without its own", async () => {
    const defaults = { enabled: true, minSelfDelta: 0.02, minTotalDelta: 0.05, minRatio: 1.5, minSamples: 1000, topFunctions: 300 };
    for (const webhookUrl of ["https://hooks.example.com/all", null]) {
      const res = await asAdmin("PUT", "/api/alerts/settings", { ...defaults, webhookUrl });
      expect(res.status).toBe(200);
    }
    const s = await createService();
    const body = (await (await get(`/api/alerts/settings?serviceName=${s.name}`)).json()) as Record<string, any>;
    expect(body).toMatchObject({ own: false, settings: { topFunctions: 300, webhookUrl: null }, defaults: { topFunctions: 300 } });
    expect((await asAdmin("DELETE", "/api/alerts/settings")).status).toBe(400);
  });

  test("only admins change settings, rotate secrets or run the evaluation; every user reads the settings", async () => {
    const s = await createService();
    await putSettings(s.name, { webhookUrl: hookUrl() });
    const q = `?serviceName=${s.name}`;
    for (const [method, path, body] of [
      ["PUT", `/api/alerts/settings${q}`, { ...SETTINGS, webhookUrl: hookUrl() }],
      ["PUT", "/api/alerts/settings", { ...SETTINGS, webhookUrl: null }],
      ["DELETE", `/api/alerts/settings${q}`, undefined],
      ["POST", `/api/alerts/settings/rotate-secret${q}`, undefined],
      ["POST", "/api/alerts/evaluate", undefined],
    ] as const) {
      const res = await send(method, path, body);
      expect(res.status, `${method} ${path}`).toBe(403);
      expect(await res.json()).toEqual({ message: "Administrators only" });
    }
    const read = await get(`/api/alerts/settings${q}`);
    expect(read.status).toBe(200);
    expect(await read.json()).toMatchObject({ own: true, settings: { webhookUrl: expect.stringContaining(RECEIVER) } });
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
