// Login for the UI and tokens for scripts (backend-api.md §10.1 fix). The web app's login page posts
// {username, password} here and gets the session cookie; every other route answers 401 without one.
import { Hono } from "hono";
import { hashToken, tokenPrefix } from "../../../core/src/api-token";
import { generatePersonalToken } from "../../../core/src/credentials";
import { hashPassword, verifyPassword } from "../../../core/src/password";
import { isoTime } from "../../../core/src/wire/iso-time";
import { fail } from "../../../shared/src/errors";
import { withPostgres } from "../../../shared/src/postgres";
import { readJson, stringField } from "../body";
import type { ApiEnv } from "../env";
import { rateLimitedLogin } from "../login-limit";
import { passwordUser, requireSameOrigin } from "../middleware/authenticate";
import { clearSessionCookie, sessionHash, startSession } from "../session";
import {
  createToken,
  deleteOtherSessions,
  deleteSession,
  deleteToken,
  findUserById,
  listTokens,
  setPassword,
  type PersonalTokenInfo,
} from "../store/users";

export const LOGIN_PATH = "/api/auth/login";
export const LOGOUT_PATH = "/api/auth/logout";
const MAX_NAME = 200;
const MAX_PASSWORD = 1024;
const MIN_NEW_PASSWORD = 8;
const MAX_TOKEN_DAYS = 3650;

export const authRoute = new Hono<ApiEnv>();

authRoute.post(LOGIN_PATH, async (c) => {
  // Login CSRF: a form on another site must not log the browser into an attacker's account.
  if (c.req.header("origin")) requireSameOrigin(c);
  const body = await readJson(c);
  const username = stringField(body, "username", MAX_NAME);
  const password = stringField(body, "password", MAX_PASSWORD);
  const user = await rateLimitedLogin(c, username, () => passwordUser(c.var.db, username, password));
  if (!user) fail(401, "Invalid username or password");
  await withPostgres(() => startSession(c, user.id));
  return c.json({ username: user.username, isAdmin: user.isAdmin });
});

authRoute.post(LOGOUT_PATH, async (c) => {
  if (c.req.header("origin")) requireSameOrigin(c);
  const hash = await sessionHash(c);
  if (hash) await withPostgres(() => deleteSession(c.var.db, hash));
  clearSessionCookie(c);
  return c.body(null, 204);
});

authRoute.get("/api/auth/me", (c) => {
  const { username, isAdmin, method } = c.var.user;
  return c.json({ username, isAdmin, method });
});

authRoute.post("/api/auth/password", async (c) => {
  const body = await readJson(c);
  const current = stringField(body, "currentPassword", MAX_PASSWORD);
  const next = stringField(body, "newPassword", MAX_PASSWORD);
  if (next.length < MIN_NEW_PASSWORD)
    fail(400, `'newPassword' must have at least ${MIN_NEW_PASSWORD} characters`);
  const user = await withPostgres(() => findUserById(c.var.db, c.var.user.id));
  if (!user || !(await verifyPassword(current, user.passwordHash))) fail(403, "Current password is wrong");
  const keep = c.var.user.method === "session" ? await sessionHash(c) : null;
  await withPostgres(async () => {
    await setPassword(c.var.db, user.id, await hashPassword(next));
    await deleteOtherSessions(c.var.db, user.id, keep);
  });
  return c.body(null, 204);
});

authRoute.get("/api/auth/tokens", async (c) => {
  const tokens = await withPostgres(() => listTokens(c.var.db, c.var.user.id));
  return c.json(tokens.map(tokenJson));
});

authRoute.post("/api/auth/tokens", async (c) => {
  const body = await readJson(c);
  const name = stringField(body, "name", MAX_NAME);
  const days = body.expiresInDays;
  if (
    days !== undefined &&
    days !== null &&
    !(Number.isInteger(days) && (days as number) >= 1 && (days as number) <= MAX_TOKEN_DAYS)
  ) {
    fail(400, `'expiresInDays' must be an integer from 1 to ${MAX_TOKEN_DAYS}`);
  }
  const token = generatePersonalToken();
  const expiresAt = typeof days === "number" ? new Date(Date.now() + days * 86_400_000) : null;
  const info = await withPostgres(async () =>
    createToken(c.var.db, {
      user: c.var.user.id,
      name,
      tokenHash: await hashToken(token),
      tokenPrefix: tokenPrefix(token.slice(4)),
      expiresAt,
    }),
  );
  // The only time the token is shown.
  return c.json({ ...tokenJson(info), token }, 201);
});

authRoute.delete("/api/auth/tokens/:id{[0-9]+}", async (c) => {
  const deleted = await withPostgres(() => deleteToken(c.var.db, c.var.user.id, Number(c.req.param("id"))));
  if (!deleted) fail(404, "No such token");
  return c.body(null, 204);
});

const time = (date: Date | null) => date && isoTime(date);
const tokenJson = (t: PersonalTokenInfo) => ({
  ...t,
  createdAt: time(t.createdAt),
  lastUsed: time(t.lastUsed),
  expiresAt: time(t.expiresAt),
});
