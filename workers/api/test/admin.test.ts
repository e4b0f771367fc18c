// The operator's routes: GET /api/admin/status over the real Postgres, ClickHouse, local R2 and Queues, and
// a service's downsampling threshold; administrators only.
import { env } from "cloudflare:workers";
import { beforeAll, describe, expect, test } from "vitest";
import { generateToken, hashToken, tokenPrefix } from "../../core/src/api-token";
import { alertRetries, profilerTokens, services } from "../../../migrations/schema";
import journal from "../../../migrations/sql/meta/_journal.json";
import { eq } from "drizzle-orm";
import { saveDeadLetter } from "../../indexer/src/store/dead-letters";
import { MAX_ATTEMPTS } from "../src/evaluate-alerts";
import { api, basicAuth, createUser, withDb } from "./helpers";

// Not ./seed: its golden-file import resolves outside a git worktree. A service is one row.
let serial = 0;
async function createService() {
  const name = `admin-svc-${Date.now().toString(36)}-${++serial}`;
  const [row] = await withDb((db) => db.insert(services).values({ name }).returning({ id: services.id }));
  return { id: row.id, name };
}

const testEnv = env as unknown as { PROFILES: R2Bucket };
let admin: Record<string, string>;
let user: Record<string, string>;

beforeAll(async () => {
  const a = await createUser({ isAdmin: true });
  const u = await createUser();
  admin = { authorization: basicAuth(a.username, a.password) };
  user = { authorization: basicAuth(u.username, u.password) };
});

const status = async () => {
  const res = await api("/api/admin/status", { headers: admin });
  expect(res.status).toBe(200);
  return (await res.json()) as { level: string; checkedAt: string; checks: Check[] };
};
type Check = { id: string; level: string; detail: string; fix?: string };
const byId = (checks: Check[], id: string) => checks.find((c) => c.id === id);

const putSettings = (name: string, body: unknown, headers = admin, contentType = "application/json") =>
  api(`/api/admin/services/${encodeURIComponent(name)}/settings`, {
    method: "PUT",
    headers: { ...headers, "content-type": contentType },
    body: typeof body === "string" ? body : JSON.stringify(body),
  });

describe("administrators only", () => {
  test("no credentials 401, a non-admin user 403, an agent key 401, with a JSON message", async () => {
    const agentKey = generateToken();
    await withDb(async (db) => db.insert(profilerTokens).values({ tokenHash: await hashToken(agentKey), tokenPrefix: tokenPrefix(agentKey) }));
    const { name } = await createService();
    for (const path of ["/api/admin/status", `/api/admin/services/${name}/settings`]) {
      const none = await api(path);
      expect([path, none.status]).toEqual([path, 401]);
      const nonAdmin = await api(path, { headers: user });
      expect([path, nonAdmin.status, await nonAdmin.json()]).toEqual([path, 403, { message: "Administrators only" }]);
      expect((await api(path, { headers: { authorization: `Bearer ${agentKey}` } })).status).toBe(401);
    }
    expect((await putSettings(name, { sampleThreshold: 1 }, user)).status).toBe(403);
  });
});

describe("GET /api/admin/status", () => {
  test("the stores at the expected versions, R2 and the Queues answering", async () => {
    const { checks, level, checkedAt } = await status();
    expect(Date.parse(checkedAt)).toBeGreaterThan(Date.now() - 60_000);
    expect(byId(checks, "postgres")).toMatchObject({ level: "ok", detail: `migrations at ${journal.entries.at(-1)!.tag} (${journal.entries.length} of ${journal.entries.length})` });
    expect(byId(checks, "clickhouse")).toMatchObject({ level: "ok", detail: "schema at version 12" });
    expect(byId(checks, "clock")).toMatchObject({ level: "ok" });
    expect(byId(checks, "clock")!.detail).toMatch(/^Postgres [+−±]\d+\.\d s, ClickHouse [+−±]\d+\.\d s vs the Workers$/);
    expect(byId(checks, "r2")).toMatchObject({ level: "ok" });
    expect(byId(checks, "queue")).toMatchObject({ level: "ok", detail: "backlog empty" });
    expect(["ok", "warn"]).toContain(level);
  });

  test("a service hour the alert cron gave up on warns, with its error and how to re-run it", async () => {
    const service = await createService();
    const hourStart = new Date(Math.floor(Date.now() / 3_600_000) * 3_600_000 - 3_600_000);
    await withDb((db) =>
      db.insert(alertRetries).values({ service: service.id, hourStart, attempts: MAX_ATTEMPTS, lastError: "admin-test: ClickHouse unavailable" }),
    );
    try {
      const alerts = byId((await status()).checks, "alerts")!;
      expect(alerts.level).toBe("warn");
      expect(alerts.detail).toMatch(/\d+ given up; last error: /);
      expect(alerts.fix).toContain("POST /api/alerts/evaluate");
    } finally {
      await withDb((db) => db.delete(alertRetries).where(eq(alertRetries.service, service.id)));
    }
  });

  test("dead letters stored by the indexer are counted, with the replay command as the fix", async () => {
    await testEnv.PROFILES.put("dead-letters/admin-test-1.json", "{}");
    try {
      const dead = byId((await status()).checks, "dead-letters")!;
      expect(dead).toMatchObject({ level: "warn", detail: "1 profile(s) the indexer gave up on" });
      expect(dead.fix).toContain("npm run dead-letters -- replay");
    } finally {
      await testEnv.PROFILES.delete("dead-letters/admin-test-1.json");
    }
    expect(byId((await status()).checks, "dead-letters")).toMatchObject({ level: "ok", detail: "none" });
  });
  // The newest indexed profile per service is checked end to end with real uploads (test/e2e/doctor.test.ts).
});

describe("the indexer's dead letters, for production", () => {
  test("are listed and replayed onto profiles-index by an administrator only", async () => {
    const id = `admin-replay-${Date.now()}`;
    const body = { filename: "2026-11-25T10:00:00_x_y.gz", service: "svc", service_id: 7 };
    const now = new Date().toISOString();
    await saveDeadLetter(testEnv.PROFILES, { id, body, attempts: 1, sentAt: now, deadAt: now });
    const list = async (headers: Record<string, string>) => api("/api/admin/dead-letters?limit=1000", { headers });
    expect((await list(user)).status).toBe(403);
    const listed = (await (await list(admin)).json()) as { deadLetters: { id: string; summary: string }[] };
    expect(listed.deadLetters).toContainEqual(expect.objectContaining({ id, summary: "svc/2026-11-25T10:00:00_x_y.gz" }));

    const replay = (ids: unknown, headers = admin) =>
      api("/api/admin/dead-letters/replay", {
        method: "POST",
        headers: { ...headers, "content-type": "application/json" },
        body: JSON.stringify({ ids }),
      });
    expect((await replay([id], user)).status).toBe(403);
    expect(await (await replay(["../etc"])).json()).toEqual({ message: 'not a dead-letter id: "../etc"' });
    expect(await (await replay([id, "missing-one"])).json()).toEqual({ replayed: [id], notFound: ["missing-one"] });
    expect(await testEnv.PROFILES.head(`dead-letters/${id}.json`)).toBeNull();
  });
});

describe("a service's downsampling threshold", () => {
  test("reads 0 by default, is set, read back and stored in services.profiler_sample_threshold", async () => {
    const { id, name } = await createService();
    const get = () => api(`/api/admin/services/${name}/settings`, { headers: admin });
    expect(await (await get()).json()).toEqual({ name, sampleThreshold: 0 });
    for (const value of [0.25, 1, 0]) {
      const res = await putSettings(name, { sampleThreshold: value });
      expect(res.status).toBe(200);
      expect(await res.json()).toEqual({ name, sampleThreshold: value });
      expect(await (await get()).json()).toEqual({ name, sampleThreshold: value });
      const [row] = await withDb((db) => db.select().from(services).where(eq(services.id, id)));
      expect(row.profilerSampleThreshold).toBe(value);
    }
  });

  test("bad input is a 4xx with a JSON message", async () => {
    const { name } = await createService();
    const cases: [unknown, number, RegExp][] = [
      [{ sampleThreshold: 1.5 }, 400, /from 0 .* to 1/],
      [{ sampleThreshold: -0.1 }, 400, /from 0/],
      [{ sampleThreshold: "0.5" }, 400, /must be a number/],
      [{ sampleThreshold: null }, 400, /must be a number/],
      [{}, 400, /must be a number/],
      [{ sampleThreshold: 0.5, hidden: true }, 400, /Unknown setting\(s\): hidden/],
      ["[0.5]", 400, /JSON object/],
      ["{not json", 400, /Invalid JSON/],
    ];
    for (const [body, code, message] of cases) {
      const res = await putSettings(name, body);
      const json = (await res.json()) as { message: string };
      expect([body, res.status]).toEqual([body, code]);
      expect(json.message).toMatch(message);
    }
    const wrongType = await putSettings(name, "sampleThreshold=1", admin, "text/plain");
    expect(wrongType.status).toBe(415);
    const missing = await putSettings("no-such-service", { sampleThreshold: 0.5 });
    expect([missing.status, await missing.json()]).toEqual([404, { message: 'No service named "no-such-service"' }]);
    expect((await api("/api/admin/services/no-such-service/settings", { headers: admin })).status).toBe(404);
  });
});
