// Authentication on every UI route (backend-api.md §10.1 fix): login, cookie, Basic, personal tokens,
// agent keys refused, CSRF, logout, Cloudflare Access.
import { describe, expect, test } from "vitest";
import { generateToken, hashToken, tokenPrefix } from "../../core/src/api-token";
import { profilerTokens } from "../../../migrations/schema";
import { api, basicAuth, createUser, login, ORIGIN, withDb } from "./helpers";

const json = { "content-type": "application/json" };

describe("login and the session cookie", () => {
  test("logging in sets a signed HttpOnly SameSite=Lax cookie that opens UI routes", async () => {
    const user = await createUser();
    const res = await api("/api/auth/login", {
      method: "POST",
      headers: { ...json, origin: ORIGIN },
      body: JSON.stringify({ username: user.username, password: user.password }),
    });
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ username: user.username, isAdmin: false });
    const cookie = res.headers.get("set-cookie")!;
    expect(cookie).toMatch(/^studio_session=[^;]+\.[^;]+;/);
    expect(cookie).toMatch(/HttpOnly/i);
    expect(cookie).toMatch(/SameSite=Lax/i);
    expect(cookie).toMatch(/Path=\//);
    expect(cookie).not.toMatch(/Secure/i); // plain http here; https requests get Secure

    const me = await api("/api/auth/me", { headers: { cookie: cookie.split(";")[0] } });
    expect(me.status).toBe(200);
    expect(await me.json()).toEqual({ username: user.username, isAdmin: false, method: "session" });
  });

  test("wrong password, unknown user and bad bodies are refused", async () => {
    const user = await createUser();
    const attempt = (body: unknown, headers: Record<string, string> = json) =>
      api("/api/auth/login", {
        method: "POST",
        headers,
        body: typeof body === "string" ? body : JSON.stringify(body),
      });
    const wrong = await attempt({ username: user.username, password: "nope" });
    expect(wrong.status).toBe(401);
    expect(await wrong.json()).toEqual({ message: "Invalid username or password" });
    expect((await attempt({ username: "nobody-here", password: "x" })).status).toBe(401);
    expect((await attempt("{not json")).status).toBe(400);
    expect((await attempt({ username: user.username })).status).toBe(400);
    expect((await attempt({ username: 5, password: [] })).status).toBe(400);
    expect((await attempt({ username: "a".repeat(201), password: "x" })).status).toBe(400);
    expect(
      (await attempt(`username=${user.username}`, { "content-type": "application/x-www-form-urlencoded" }))
        .status,
    ).toBe(415);
    // a form on another site cannot log the browser in
    expect(
      (
        await attempt(
          { username: user.username, password: user.password },
          { ...json, origin: "https://evil.example" },
        )
      ).status,
    ).toBe(403);
  });

  test("a forged or unsigned cookie is not a session", async () => {
    for (const cookie of [
      "studio_session=abc",
      "studio_session=abc.AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=",
      "other=1",
    ]) {
      const res = await api("/api/services", { headers: { cookie } });
      expect(res.status).toBe(401);
    }
  });

  test("logout ends the session on the server, not only in the browser", async () => {
    const user = await createUser();
    const cookie = await login(user.username, user.password);
    const out = await api("/api/auth/logout", { method: "POST", headers: { cookie, origin: ORIGIN } });
    expect(out.status).toBe(204);
    expect(out.headers.get("set-cookie")).toMatch(/studio_session=;.*Max-Age=0/i);
    expect((await api("/api/auth/me", { headers: { cookie } })).status).toBe(401);
  });
});

describe("every UI route requires a user", () => {
  test("401 with a JSON message and a challenge that does not pop a browser dialog", async () => {
    for (const path of [
      "/api/services",
      "/api/flamegraph?serviceName=x",
      "/api/auth/me",
      "/api/api_key",
      "/api/nope",
    ]) {
      const res = await api(path);
      expect(res.status, path).toBe(401);
      expect(await res.json()).toEqual({ message: "Authentication required" });
      expect(res.headers.get("www-authenticate")).toBe('Bearer realm="Performance Studio"');
    }
  });

  test("scripts authenticate with Basic user:password", async () => {
    const user = await createUser();
    const ok = await api("/api/auth/me", {
      headers: { authorization: basicAuth(user.username, user.password) },
    });
    expect(await ok.json()).toMatchObject({ username: user.username, method: "basic" });
    const bad = await api("/api/auth/me", { headers: { authorization: basicAuth(user.username, "wrong") } });
    expect(bad.status).toBe(401);
  });

  test("a bad Authorization header does not fall back to the cookie", async () => {
    const user = await createUser();
    const cookie = await login(user.username, user.password);
    const res = await api("/api/auth/me", { headers: { cookie, authorization: "Digest abc" } });
    expect(res.status).toBe(401);
  });

  test("agent keys never open UI routes", async () => {
    const agentKey = generateToken();
    const tokenHash = await hashToken(agentKey);
    await withDb((db) => db.insert(profilerTokens).values({ tokenHash, tokenPrefix: tokenPrefix(agentKey) }));
    for (const authorization of [
      `Bearer ${agentKey}`,
      `Bearer pst_${agentKey}`,
      basicAuth("admin", agentKey),
    ]) {
      expect((await api("/api/auth/me", { headers: { authorization } })).status).toBe(401);
    }
  });
});

describe("personal access tokens", () => {
  test("are created once, work as Bearer, are listed without the secret, and can be revoked", async () => {
    const user = await createUser();
    const basic = { authorization: basicAuth(user.username, user.password) };
    const created = await api("/api/auth/tokens", {
      method: "POST",
      headers: { ...basic, ...json },
      body: JSON.stringify({ name: "ci", expiresInDays: 30 }),
    });
    expect(created.status).toBe(201);
    const { id, token, prefix, expiresAt } = (await created.json()) as Record<string, string>;
    expect(token).toMatch(/^pst_[\w-]{43}$/);
    expect(token.slice(4)).toMatch(new RegExp(`^${prefix.replace(/-/g, "\\-")}`));
    expect(new Date(expiresAt).getTime()).toBeGreaterThan(Date.now() + 29 * 86_400_000);

    const me = await api("/api/auth/me", { headers: { authorization: `Bearer ${token}` } });
    expect(await me.json()).toMatchObject({ username: user.username, method: "token" });

    const list = (await (await api("/api/auth/tokens", { headers: basic })).json()) as Record<
      string,
      unknown
    >[];
    expect(list).toEqual([expect.objectContaining({ id, name: "ci", prefix })]);
    expect(JSON.stringify(list)).not.toContain(token);

    const other = await createUser();
    const stolen = await api(`/api/auth/tokens/${id}`, {
      method: "DELETE",
      headers: { authorization: basicAuth(other.username, other.password) },
    });
    expect(stolen.status).toBe(404);
    expect((await api(`/api/auth/tokens/${id}`, { method: "DELETE", headers: basic })).status).toBe(204);
    expect((await api("/api/auth/me", { headers: { authorization: `Bearer ${token}` } })).status).toBe(401);
  });

  test("reject bad names and expiries", async () => {
    const user = await createUser();
    const headers = { authorization: basicAuth(user.username, user.password), ...json };
    for (const body of [
      {},
      { name: "" },
      { name: "x", expiresInDays: 0 },
      { name: "x", expiresInDays: 1.5 },
      { name: "x", expiresInDays: "3" },
    ]) {
      const res = await api("/api/auth/tokens", { method: "POST", headers, body: JSON.stringify(body) });
      expect(res.status, JSON.stringify(body)).toBe(400);
    }
  });
});

describe("CSRF", () => {
  test("cookie-authenticated unsafe methods must come from the UI's origin", async () => {
    const user = await createUser();
    const cookie = await login(user.username, user.password);
    const body = JSON.stringify({ name: "x" });
    const from = (headers: Record<string, string>) =>
      api("/api/auth/tokens", { method: "POST", headers: { cookie, ...json, ...headers }, body });
    expect((await from({ origin: "https://evil.example" })).status).toBe(403);
    expect((await from({})).status).toBe(403);
    expect((await from({ "sec-fetch-site": "cross-site" })).status).toBe(403);
    expect((await from({ origin: ORIGIN })).status).toBe(201);
    expect((await from({ "sec-fetch-site": "same-origin" })).status).toBe(201);
  });
});

describe("password change", () => {
  test("needs the current password and ends the user's other sessions", async () => {
    const user = await createUser();
    const first = await login(user.username, user.password);
    const second = await login(user.username, user.password);
    const change = (currentPassword: string, newPassword: string) =>
      api("/api/auth/password", {
        method: "POST",
        headers: { cookie: second, origin: ORIGIN, ...json },
        body: JSON.stringify({ currentPassword, newPassword }),
      });
    expect((await change("wrong", "a new long password")).status).toBe(403);
    expect((await change(user.password, "short")).status).toBe(400);
    expect((await change(user.password, "a new long password")).status).toBe(204);
    expect((await api("/api/auth/me", { headers: { cookie: first } })).status).toBe(401);
    expect((await api("/api/auth/me", { headers: { cookie: second } })).status).toBe(200);
    expect(
      (
        await api("/api/auth/me", {
          headers: { authorization: basicAuth(user.username, "a new long password") },
        })
      ).status,
    ).toBe(200);
  });
});
