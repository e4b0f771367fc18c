// User management for admins (the original had no users at all, backend-api.md §10.1): list, create,
// reset a password, grant or take admin, delete. Passwords are hashed with core/password.ts; there is
// always at least one admin left.
import { Hono, type Context } from "hono";
import { hashPassword } from "../../../core/src/password";
import { isoTime } from "../../../core/src/wire/iso-time";
import { fail } from "../../../shared/src/errors";
import { withPostgres } from "../../../shared/src/postgres";
import { readJson, stringField } from "../body";
import type { ApiEnv } from "../env";
import { requireAdmin } from "../middleware/require-admin";
import {
  createAccount,
  deleteAccount,
  findAccount,
  listAccounts,
  resetPassword,
  setAdmin,
  type AdminChange,
  type UserAccount,
} from "../store/user-accounts";

const MAX_NAME = 200;
const MIN_PASSWORD = 8;
const MAX_PASSWORD = 1024;

export const usersRoute = new Hono<ApiEnv>();
usersRoute.use("/api/users", requireAdmin());
usersRoute.use("/api/users/*", requireAdmin());

usersRoute.get("/api/users", async (c) => {
  const accounts = await withPostgres(() => listAccounts(c.var.db));
  return c.json(accounts.map(accountJson));
});

usersRoute.post("/api/users", async (c) => {
  const body = await readJson(c);
  const username = usernameField(body);
  const password = passwordField(body);
  const isAdmin = optionalBoolean(body, "isAdmin") ?? false;
  const passwordHash = await hashPassword(password);
  const id = await withPostgres(() => createAccount(c.var.db, { username, passwordHash, isAdmin }));
  if (id === null) fail(409, `A user named ${username} exists already`);
  return c.json(accountJson((await withPostgres(() => findAccount(c.var.db, id)))!), 201);
});

usersRoute.patch("/api/users/:id{[0-9]+}", async (c) => {
  const body = await readJson(c);
  const isAdmin = optionalBoolean(body, "isAdmin");
  if (isAdmin === undefined) fail(400, "'isAdmin' must be true or false");
  const id = idParam(c);
  expectChange(await withPostgres(() => setAdmin(c.var.db, id, isAdmin)));
  return c.json(accountJson((await withPostgres(() => findAccount(c.var.db, id)))!));
});

/** A new password set by an admin; the user's browser sessions end. */
usersRoute.post("/api/users/:id{[0-9]+}/password", async (c) => {
  const password = passwordField(await readJson(c));
  const id = idParam(c);
  const passwordHash = await hashPassword(password);
  if (!(await withPostgres(() => resetPassword(c.var.db, id, passwordHash)))) fail(404, "No such user");
  return c.body(null, 204);
});

usersRoute.delete("/api/users/:id{[0-9]+}", async (c) => {
  const id = idParam(c);
  if (id === c.var.user.id) fail(409, "You cannot delete your own account");
  expectChange(await withPostgres(() => deleteAccount(c.var.db, id)));
  return c.body(null, 204);
});

function idParam(c: Context): number {
  const id = Number(c.req.param("id"));
  if (!Number.isSafeInteger(id)) fail(404, "No such user");
  return id;
}

function expectChange(result: AdminChange): void {
  if (result === "missing") fail(404, "No such user");
  if (result === "last-admin") fail(409, "This is the last admin; make another user admin first");
}

/** 1-200 printable characters without surrounding spaces (Cloudflare Access users are emails). */
function usernameField(body: Record<string, unknown>): string {
  const username = stringField(body, "username", MAX_NAME);
  if (username !== username.trim() || /[\p{Cc}\p{Cf}]/u.test(username))
    fail(400, "'username' must not have control characters or surrounding spaces");
  return username;
}

function passwordField(body: Record<string, unknown>): string {
  const password = stringField(body, "password", MAX_PASSWORD);
  if (password.length < MIN_PASSWORD) fail(400, `'password' must have at least ${MIN_PASSWORD} characters`);
  return password;
}

function optionalBoolean(body: Record<string, unknown>, name: string): boolean | undefined {
  const value = body[name];
  if (value === undefined) return undefined;
  if (typeof value !== "boolean") fail(400, `'${name}' must be true or false`);
  return value;
}

const accountJson = (a: UserAccount) => ({ ...a, createdAt: a.createdAt && isoTime(a.createdAt) });
