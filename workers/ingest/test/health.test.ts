// The agent's first call, inside workerd against the real Postgres (frontend-and-agent.md B.2).
import { exports } from "cloudflare:workers";
import { beforeAll, describe, expect, test } from "vitest";
import { insertAgentToken } from "./fixtures";

const get = (path: string, headers: Record<string, string> = {}) =>
  exports.default.fetch(new Request(`http://ingest${path}`, { headers }));

describe("GET /api/v{1,2}/health_check", () => {
  let token = "";
  beforeAll(async () => {
    token = await insertAgentToken();
  });

  test("answers ok to an agent with a valid key, on both versions", async () => {
    for (const version of ["v1", "v2"]) {
      const res = await get(`/api/${version}/health_check`, {
        "GPROFILER-API-KEY": token,
        "GPROFILER-SERVICE-NAME": "svc",
      });
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
    const res = await get("/api/v2/health_check", { "GPROFILER-API-KEY": "nope" });
    expect(res.status).toBe(200);
  });
});
