// User management for admins (routes/users.ts) and the login rate limit (login-limit.ts), against the
// real Postgres.
import { describe, expect, test } from "vitest";
import { ne } from "drizzle-orm";
import { users } from "../../../migrations/schema";
import type { Database } from "../../shared/src/postgres";
import { deleteAccount, setAdmin } from "../src/store/user-accounts";
import { api, basicAuth, createUser, login, ORIGIN, withDb } from "./helpers";

async function adminHeaders() {
  const admin = await createUser({ isAdmin: true });
  return {
    cookie: await login(admin.username, admin.password),
    origin: ORIGIN,
    "content-type": "application/json",
  };
}

const call = (headers: Record<string, string>, method: string, path: string, body?: unknown) =>
  api(path, {
    method,
    headers,
    body: body === undefined || method === "GET" ? undefined : JSON.stringify(body),
  });

describe("users (admin only)", () => {
  test("an admin creates a user who can then log in; the list shows them, never a password hash", async () => {
    const h = await adminHeaders();
    const username = `new-${crypto.randomUUID().slice(0, 8)}`;
    const res = await call(h, "POST", "/api/users", { username, password: "s3cret-pass", isAdmin: false });
    expect(res.status).toBe(201);
    const created = await res.json<any>();
    expect(created).toMatchObject({ username, isAdmin: false, sessions: 0 });
    expect(created.createdAt).toMatch(/\+00:00$/);
    await login(username, "s3cret-pass");
    const list = (await (await call(h, "GET", "/api/users")).json<any>()) as Record<string, unknown>[];
    expect(list.find((u) => u.username === username)).toMatchObject({ id: created.id, sessions: 1 });
    expect(JSON.stringify(list)).not.toContain("pbkdf2");
  });

  test("bad bodies are 400, a taken name 409", async () => {
    const h = await adminHeaders();
    const { username } = await createUser();
    for (const body of [
      { username: "", password: "longenough" },
      { username: " padded", password: "longenough" },
      { username: "tab\there", password: "longenough" },
      { username: "x".repeat(201), password: "longenough" },
      { username: "short-pass", password: "1234567" },
      { username: "ok-name", password: "longenough", isAdmin: "yes" },
      { password: "longenough" },
    ]) {
      const res = await call(h, "POST", "/api/users", body);
      expect(res.status, JSON.stringify(body)).toBe(400);
      expect((await res.json<any>()).message).toBeTruthy();
    }
    expect((await call(h, "POST", "/api/users", { username, password: "longenough" })).status).toBe(409);
    expect(
      (
        await api("/api/users", {
          method: "POST",
          headers: { ...h, "content-type": "text/plain" },
          body: "x",
        })
      ).status,
    ).toBe(415);
  });

  test("resetting a password ends the user's sessions and the new one works", async () => {
    const h = await adminHeaders();
    const user = await createUser();
    const cookie = await login(user.username, user.password);
    expect((await api("/api/auth/me", { headers: { cookie } })).status).toBe(200);
    const res = await call(h, "POST", `/api/users/${user.id}/password`, { password: "brand-new-pass" });
    expect(res.status).toBe(204);
    expect((await api("/api/auth/me", { headers: { cookie } })).status).toBe(401);
    await login(user.username, "brand-new-pass");
    expect((await call(h, "POST", `/api/users/${user.id}/password`, { password: "short" })).status).toBe(400);
    expect((await call(h, "POST", "/api/users/999999999/password", { password: "long-enough" })).status).toBe(
      404,
    );
  });

  test("make and unmake admin; delete; not yourself", async () => {
    const h = await adminHeaders();
    const me = (await (await call(h, "GET", "/api/auth/me")).json<any>()).username;
    const list = (await (await call(h, "GET", "/api/users")).json<any>()) as {
      id: number;
      username: string;
    }[];
    const myId = list.find((u) => u.username === me)!.id;
    const other = await createUser();
    const promoted = await call(h, "PATCH", `/api/users/${other.id}`, { isAdmin: true });
    expect(promoted.status).toBe(200);
    expect((await promoted.json<any>()).isAdmin).toBe(true);
    expect((await call(h, "PATCH", `/api/users/${other.id}`, { isAdmin: false })).status).toBe(200);
    expect((await call(h, "PATCH", `/api/users/${other.id}`, {})).status).toBe(400);
    expect((await call(h, "PATCH", "/api/users/999999999", { isAdmin: true })).status).toBe(404);

    expect((await call(h, "DELETE", `/api/users/${myId}`)).status).toBe(409);
    expect((await call(h, "DELETE", `/api/users/${other.id}`)).status).toBe(204);
    expect((await call(h, "DELETE", `/api/users/${other.id}`)).status).toBe(404);
    const gone = await api("/api/auth/me", {
      headers: { authorization: basicAuth(other.username, other.password) },
    });
    expect(gone.status).toBe(401);
  });

  test("the last admin can be neither demoted nor deleted (in a transaction rolled back, so other tests' admins stay)", async () => {
    const admin = await createUser({ isAdmin: true });
    const user = await createUser();
    let outcome: string[] = [];
    await withDb((db) =>
      db
        .transaction(async (tx) => {
          await tx.update(users).set({ isAdmin: false }).where(ne(users.id, admin.id));
          const asDb = tx as unknown as Database;
          outcome = [
            await setAdmin(asDb, admin.id, false),
            await deleteAccount(asDb, admin.id),
            await setAdmin(asDb, user.id, true),
            await setAdmin(asDb, admin.id, false),
            await deleteAccount(asDb, user.id),
          ];
          tx.rollback();
        })
        .catch((e) => (e?.constructor?.name === "TransactionRollbackError" ? null : Promise.reject(e))),
    );
    expect(outcome).toEqual(["last-admin", "last-admin", "done", "done", "last-admin"]);
  });

  test("non-admins get 403, strangers 401", async () => {
    const user = await createUser();
    const auth = {
      authorization: basicAuth(user.username, user.password),
      "content-type": "application/json",
    };
    for (const [method, path] of [
      ["GET", "/api/users"],
      ["POST", "/api/users"],
      ["PATCH", `/api/users/${user.id}`],
      ["DELETE", `/api/users/${user.id}`],
      ["POST", `/api/users/${user.id}/password`],
    ]) {
      const res = await call(auth, method, path, { isAdmin: true, username: "x", password: "yyyyyyyyy" });
      expect(res.status, `${method} ${path}`).toBe(403);
      expect((await call({}, method, path)).status).toBe(401);
    }
  });
});

describe("login rate limit", () => {
  const attempt = (username: string, password: string, ip: string) =>
    api("/api/auth/login", {
      method: "POST",
      headers: { "content-type": "application/json", "cf-connecting-ip": ip },
      body: JSON.stringify({ username, password }),
    });

  test("the sixth attempt in a minute from one IP is 429 with Retry-After, even with the right password", async () => {
    const user = await createUser();
    for (let i = 0; i < 5; i++)
      expect((await attempt(user.username, "wrong", "203.0.113.7")).status).toBe(401);
    const limited = await attempt(user.username, user.password, "203.0.113.7");
    expect(limited.status).toBe(429);
    const retryAfter = Number(limited.headers.get("retry-after"));
    expect(retryAfter).toBeGreaterThanOrEqual(1);
    expect(retryAfter).toBeLessThanOrEqual(60);
    expect((await limited.json<any>()).message).toMatch(/Too many login attempts/);
    // Another address, or the same user name in another case from it, is counted apart / together.
    expect((await attempt(user.username, user.password, "203.0.113.8")).status).toBe(200);
    expect((await attempt(user.username.toUpperCase(), "wrong", "203.0.113.7")).status).toBe(429);
  });

  test("the limit covers Basic auth too; successful attempts do not count", async () => {
    const user = await createUser();
    const basic = (password: string) =>
      api("/api/auth/me", {
        headers: { authorization: basicAuth(user.username, password), "cf-connecting-ip": "198.51.100.1" },
      });
    for (let i = 0; i < 10; i++) expect((await basic(user.password)).status).toBe(200);
    for (let i = 0; i < 5; i++) expect((await basic("wrong")).status).toBe(401);
    expect((await basic(user.password)).status).toBe(429);
  });

  test("concurrent guesses cannot slip past the limit", async () => {
    const user = await createUser();
    const results = await Promise.all(
      Array.from({ length: 12 }, () => attempt(user.username, "wrong", "192.0.2.9")),
    );
    const statuses = results.map((r) => r.status).sort();
    expect(statuses.filter((s) => s === 401)).toHaveLength(5);
    expect(statuses.filter((s) => s === 429)).toHaveLength(7);
  });
});
