// The browser session (backend-api.md §10.1 fix): a random id in an HttpOnly, SameSite=Lax cookie signed
// with SESSION_SECRET (HMAC-SHA256, hono/cookie); the server keeps only its SHA-256, so logout ends it.
import type { Context } from "hono";
import { deleteCookie, getSignedCookie, setSignedCookie } from "hono/cookie";
import { generateToken, hashToken } from "../../core/src/api-token";
import { createSession } from "./store/users";
import type { ApiEnv } from "./env";

export const SESSION_COOKIE = "studio_session";
export const SESSION_TTL_SECONDS = 7 * 24 * 3600;
/** The [vars] value in wrangler.toml: accepted only on local hosts, production sets a secret. */
const DEV_SECRET_PREFIX = "dev-only-";
const LOCAL_HOST = /^(localhost|127\.\d+\.\d+\.\d+|\[::1\])$|\.localhost$/;

const isHttps = (c: Context) => new URL(c.req.url).protocol === "https:";

export function sessionSecret(c: Context<ApiEnv>): string {
  const secret = c.env.SESSION_SECRET;
  if (!secret || secret.length < 32) throw new Error("SESSION_SECRET must be set to at least 32 characters");
  if (secret.startsWith(DEV_SECRET_PREFIX) && !LOCAL_HOST.test(new URL(c.req.url).hostname)) {
    throw new Error(
      "SESSION_SECRET is the development default; set a secret (wrangler secret put SESSION_SECRET)",
    );
  }
  return secret;
}

export async function startSession(c: Context<ApiEnv>, userId: number): Promise<void> {
  const token = generateToken();
  await createSession(
    c.var.db,
    userId,
    await hashToken(token),
    new Date(Date.now() + SESSION_TTL_SECONDS * 1000),
  );
  await setSignedCookie(c, SESSION_COOKIE, token, sessionSecret(c), {
    httpOnly: true,
    sameSite: "Lax",
    secure: isHttps(c),
    path: "/",
    maxAge: SESSION_TTL_SECONDS,
  });
}

/** The SHA-256 of the request's session id when its cookie carries a valid signature, else null. */
export async function sessionHash(c: Context<ApiEnv>): Promise<string | null> {
  if (!c.req.header("cookie")?.includes(SESSION_COOKIE)) return null;
  const token = await getSignedCookie(c, sessionSecret(c), SESSION_COOKIE);
  return typeof token === "string" && token ? hashToken(token) : null;
}

export function clearSessionCookie(c: Context<ApiEnv>): void {
  deleteCookie(c, SESSION_COOKIE, { path: "/", secure: isHttps(c), httpOnly: true, sameSite: "Lax" });
}
