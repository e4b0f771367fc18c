// The login rate limit: at most LOGIN_ATTEMPTS password attempts per username and client IP in a
// LOGIN_WINDOW_SECONDS window, for the login form and for `Authorization: Basic` alike (both check a
// password). 429 with Retry-After and a JSON message past the limit. The counter lives in Postgres
// (store/login-attempts.ts): Workers run many isolates at once, so memory per isolate would not limit
// anything; Postgres is on the login path anyway. Every attempt counts first (atomically), and a
// successful one is then taken back, so a script using Basic auth correctly is never limited.
import type { Context } from "hono";
import { fail } from "../../shared/src/errors";
import { withPostgres } from "../../shared/src/postgres";
import type { ApiEnv } from "./env";
import { countAttempt, uncountAttempt } from "./store/login-attempts";

export const LOGIN_ATTEMPTS = 5;
export const LOGIN_WINDOW_SECONDS = 60;

/** The client's address as Cloudflare's edge sets it ("" locally). */
const clientIp = (c: Context) => c.req.header("cf-connecting-ip")?.trim().slice(0, 64) ?? "";

export async function rateLimitedLogin<T>(
  c: Context<ApiEnv>,
  username: string,
  check: () => Promise<T | null>,
): Promise<T | null> {
  const db = c.var.db;
  const key = `${username.toLowerCase().slice(0, 200)}\n${clientIp(c)}`;
  const { attempts, retryAfter } = await withPostgres(() => countAttempt(db, key, LOGIN_WINDOW_SECONDS));
  if (attempts > LOGIN_ATTEMPTS) {
    c.header("Retry-After", String(retryAfter));
    fail(429, `Too many login attempts for ${username}; try again in ${retryAfter} s`);
  }
  const user = await check();
  if (user) await withPostgres(() => uncountAttempt(db, key));
  return user;
}
