// Agent API keys for admins (routes/tokens.ts) against the real Postgres; that a key stops working at
// ingest is the e2e test's (test/e2e/sharing-admin.test.ts).
import { describe, expect, test } from "vitest";
import { hashToken } from "../../core/src/api-token";
import { profilerTokens, services } from "../../../migrations/schema";
import { api, basicAuth, createUser, login, ORIGIN, withDb } from "./helpers";
import { eq } from "drizzle-orm";

async function admin() {
  const a = await createUser({ isAdmin: true });
  const h = {
    cookie: await login(a.username, a.password),
    origin: ORIGIN,
    "content-type": "application/json",
  };
  return (method: string, path: string, body?: unknown) =>
    api(path, { method, headers: h, body: body === undefined ? undefined : JSON.stringify(body) });
}

describe("agent tokens (admin only)", () => {
  test("create shows the key once; Postgres keeps only its hash; the list has prefix, scope and state", async () => {
    const call = await admin();
    const service = `svc-${crypto.randomUUID().slice(0, 8)}`;
    await withDb((db) => db.insert(services).values({ name: service }));
    const res = await call("POST", "/api/tokens", { name: "ci agents", service, expiresInDays: 7 });
    expect(res.status).toBe(201);
    const created = await res.json<any>();
    expect(created.token).toMatch(/^[A-Za-z0-9_][A-Za-z0-9_-]{42}$/);
    expect(created).toMatchObject({
      name: "ci agents",
      service,
      state: "active",
      revokedAt: null,
      lastUsed: null,
      installKey: false,
    });
    expect(created.prefix).toBe(created.token.slice(0, 6));
    expect(Date.parse(created.expiresAt) - Date.now()).toBeGreaterThan(6.9 * 86_400_000);
    const [row] = await withDb((db) =>
      db.select().from(profilerTokens).where(eq(profilerTokens.id, created.id)),
    );
    expect(row.tokenHash).toBe(await hashToken(created.token));
    expect(JSON.stringify(row)).not.toContain(created.token);

    const list = (await (await call("GET", "/api/tokens")).json<any>()) as Record<string, unknown>[];
    const listed = list.find((t) => t.id === created.id)!;
    expect(listed).toMatchObject({ name: "ci agents", prefix: created.prefix, service, state: "active" });
    expect(listed).not.toHaveProperty("token");
  });

  test("a scope names a service, registered when no agent has sent it yet; unscoped keys write anywhere", async () => {
    const call = await admin();
    const fresh = `svc-new-${crypto.randomUUID().slice(0, 8)}`;
    const scoped = await (
      await call("POST", "/api/tokens", { name: "new service", service: fresh })
    ).json<any>();
    expect(scoped).toMatchObject({ service: fresh, expiresAt: null });
    const any = await (await call("POST", "/api/tokens", { name: "anything", service: null })).json<any>();
    expect(any.service).toBeNull();
  });

  test("expire (now or later, or never again) and revoke change the state", async () => {
    const call = await admin();
    const { id } = await (await call("POST", "/api/tokens", { name: "temp" })).json<any>();
    const later = new Date(Date.now() + 3_600_000).toISOString();
    expect(await (await call("PATCH", `/api/tokens/${id}`, { expiresAt: later })).json<any>()).toMatchObject({
      state: "active",
    });
    const expired = await call("PATCH", `/api/tokens/${id}`, { expiresAt: new Date().toISOString() });
    expect(await expired.json<any>()).toMatchObject({ state: "expired" });
    expect(await (await call("PATCH", `/api/tokens/${id}`, { expiresAt: null })).json<any>()).toMatchObject({
      state: "active",
      expiresAt: null,
    });
    expect((await call("DELETE", `/api/tokens/${id}`)).status).toBe(204);
    const list = (await (await call("GET", "/api/tokens")).json<any>()) as {
      id: number;
      state: string;
      revokedAt: string;
    }[];
    const revoked = list.find((t) => t.id === id)!;
    expect(revoked.state).toBe("revoked");
    expect(revoked.revokedAt).toMatch(/\+00:00$/);
    // Revoking again changes nothing (the first time stays).
    expect((await call("DELETE", `/api/tokens/${id}`)).status).toBe(204);
    const again = (await (await call("GET", "/api/tokens")).json<any>()) as {
      id: number;
      revokedAt: string;
    }[];
    expect(again.find((t) => t.id === id)!.revokedAt).toBe(revoked.revokedAt);
  });

  test("bad input is 400, unknown ids 404", async () => {
    const call = await admin();
    for (const body of [
      {},
      { name: "" },
      { name: "x".repeat(201) },
      { name: "x", service: "bad name!" },
      { name: "x", service: 5 },
      { name: "x", expiresInDays: 0 },
      { name: "x", expiresInDays: 1.5 },
      { name: "x", expiresInDays: "7" },
    ]) {
      const res = await call("POST", "/api/tokens", body);
      expect(res.status, JSON.stringify(body)).toBe(400);
      expect((await res.json<any>()).message).toBeTruthy();
    }
    const { id } = await (await call("POST", "/api/tokens", { name: "x" })).json<any>();
    expect((await call("PATCH", `/api/tokens/${id}`, {})).status).toBe(400);
    expect((await call("PATCH", `/api/tokens/${id}`, { expiresAt: "soon" })).status).toBe(400);
    expect((await call("PATCH", "/api/tokens/999999999", { expiresAt: null })).status).toBe(404);
    expect((await call("DELETE", "/api/tokens/999999999")).status).toBe(404);
    expect((await call("DELETE", "/api/tokens/abc")).status).toBe(404);
  });

  test("non-admins get 403, strangers 401", async () => {
    const user = await createUser();
    const headers = {
      authorization: basicAuth(user.username, user.password),
      "content-type": "application/json",
    };
    expect((await api("/api/tokens", { headers })).status).toBe(403);
    expect(
      (await api("/api/tokens", { method: "POST", headers, body: JSON.stringify({ name: "x" }) })).status,
    ).toBe(403);
    expect((await api("/api/tokens/1", { method: "DELETE", headers })).status).toBe(403);
    expect((await api("/api/tokens")).status).toBe(401);
  });
});
