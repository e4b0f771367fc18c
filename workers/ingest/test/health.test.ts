// The agent's first call and the key checks behind every agent route (backend-api.md §3.1, §10.3),
// inside workerd against the real Postgres.
import { exports } from "cloudflare:workers";
import { beforeAll, describe, expect, test } from "vitest";
import { TOKEN_CACHE_MS } from "../src/store/tokens";
import { insertAgentToken, revokeToken, sql } from "./fixtures";

const get = (path: string, headers: Record<string, string> = {}) =>
  exports.default.fetch(new Request(`http://ingest${path}`, { headers }));
const check = (token: string) => get("/api/v1/health_check", { "GPROFILER-API-KEY": token, "GPROFILER-SERVICE-NAME": "svc" });

describe("GET /api/v{1,2}/health_check", () => {
  let token = "";
  beforeAll(async () => {
    token = await insertAgentToken();
  });

  test("answers ok to an agent with a valid key, on both versions", async () => {
    for (const version of ["v1", "v2"]) {
      const res = await get(`/api/${version}/health_check`, { "GPROFILER-API-KEY": token, "GPROFILER-SERVICE-NAME": "svc" });
      expect(res.status).toBe(200);
      expect(await res.json()).toEqual({ message: "ok" });
    }
  });

  test("rejects an unknown key with 400 and the message the agent logs", async () => {
    const res = await get("/api/v1/health_check", { "GPROFILER-API-KEY": "nope", "GPROFILER-SERVICE-NAME": "svc" });
    expect(res.status).toBe(400);
    expect(await res.json()).toEqual({ message: "Invalid API key" });
  });

  test("checks nothing without both headers, like the original", async () => {
    expect((await get("/api/v2/health_check", { "GPROFILER-API-KEY": "nope" })).status).toBe(200);
    expect((await get("/api/v2/health_check")).status).toBe(200);
  });

  test("/health_check/webapp answers ok without any store", async () => {
    for (const version of ["v1", "v2"]) {
      const res = await get(`/api/${version}/health_check/webapp`);
      expect(res.status).toBe(200);
      expect(await res.json()).toEqual({ message: "ok" });
    }
  });

  test("unknown paths are a JSON 404", async () => {
    const res = await get("/api/v3/health_check");
    expect(res.status).toBe(404);
    expect(await res.json()).toEqual({ message: "Not Found" });
  });
});

describe("agent keys (§10.3, §10.6)", () => {
  test("a revoked key stops working within TOKEN_CACHE_MS (5 s), not 24 h", async () => {
    expect(TOKEN_CACHE_MS).toBeLessThanOrEqual(5_000);
    const token = await insertAgentToken();
    expect((await check(token)).status).toBe(200);
    await revokeToken(token);
    await new Promise((r) => setTimeout(r, TOKEN_CACHE_MS + 100));
    expect((await check(token)).status).toBe(400);
  }, 15_000);

  test("an expired key does not work, and an answer is never cached past the key's expiry", async () => {
    const expired = await insertAgentToken({ expiresAt: new Date(Date.now() - 1000) });
    expect((await check(expired)).status).toBe(400);
    const expiring = await insertAgentToken({ expiresAt: new Date(Date.now() + 1500) });
    expect((await check(expiring)).status).toBe(200);
    await new Promise((r) => setTimeout(r, 1600));
    expect((await check(expiring)).status).toBe(400);
  });

  test("a used key records last_used; the key itself is stored nowhere in Postgres", async () => {
    const token = await insertAgentToken();
    await check(token);
    const [row] = await sql<{ used: boolean; row: string }>(
      "SELECT last_used > now() - interval '1 minute' AS used, row_to_json(t)::text AS row FROM profiler_tokens t ORDER BY id DESC LIMIT 1",
    );
    expect(row.used).toBe(true);
    expect(row.row).not.toContain(token);
    expect(row.row).toContain(token.slice(0, 6)); // only the prefix, to tell keys apart
  });
});
