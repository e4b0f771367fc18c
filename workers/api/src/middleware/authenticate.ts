// Every UI route needs an authenticated user (backend-api.md §10.1: the original had none). In order:
// a verified Cloudflare Access assertion (when configured), `Authorization: Basic` (scripts, as through the
// original's nginx) or `Bearer pst_…` (personal token), then the session cookie. Agent keys live in another
// table and never match. Cookie-authenticated unsafe methods must come from the UI's own origin (CSRF).
import type { Context, MiddlewareHandler } from "hono";
import { jwtKeyId, verifyAccessJwt } from "../../../core/src/access-jwt";
import { hashToken } from "../../../core/src/api-token";
import { isPersonalToken, parseAuthorization } from "../../../core/src/credentials";
import { verifyPassword } from "../../../core/src/password";
import { fail } from "../../../shared/src/errors";
import { withPostgres, type Database } from "../../../shared/src/postgres";
import type { ApiEnv, User } from "../env";
import { rateLimitedLogin } from "../login-limit";
import { sessionHash } from "../session";
import { accessKeys } from "../store/access-keys";
import { accessUser, findSessionUser, findTokenUser, findUserByName, type StoredUser } from "../store/users";

const SAFE_METHODS = new Set(["GET", "HEAD", "OPTIONS"]);
/** A valid hash of a password nobody has, checked when the user does not exist so both cases take as long. */
const DECOY_HASH = "pbkdf2$100000$AAAAAAAAAAAAAAAAAAAAAA$AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA";

export function authenticate(options: {
  publicPaths: readonly string[];
  /** Paths open to anyone, e.g. share links, which carry their own capability. */
  publicPatterns?: readonly RegExp[];
}): MiddlewareHandler<ApiEnv> {
  const publicPaths = new Set(options.publicPaths);
  const publicPatterns = options.publicPatterns ?? [];
  return async (c, next) => {
    if (publicPaths.has(c.req.path)) return next();
    if (c.req.method === "GET" && publicPatterns.some((p) => p.test(c.req.path))) return next();
    const user = await identify(c);
    if (!user) {
      c.header("WWW-Authenticate", 'Bearer realm="Performance Studio"');
      fail(401, "Authentication required");
    }
    if (user.method === "session" && !SAFE_METHODS.has(c.req.method)) requireSameOrigin(c);
    c.set("user", user);
    return next();
  };
}

async function identify(c: Context<ApiEnv>): Promise<User | null> {
  const db = c.var.db;
  const assertion = c.req.header("cf-access-jwt-assertion");
  if (assertion && c.env.CF_ACCESS_TEAM_DOMAIN && c.env.CF_ACCESS_AUD) {
    const email = await verifiedAccessEmail(c, assertion);
    if (!email) return null;
    return { ...(await withPostgres(() => accessUser(db, email))), method: "access" };
  }
  const credentials = parseAuthorization(c.req.header("authorization"));
  if (credentials?.scheme === "basic") {
    const { username, password } = credentials;
    const user = await rateLimitedLogin(c, username, () => passwordUser(db, username, password));
    return user && { ...user, method: "basic" };
  }
  if (credentials?.scheme === "bearer") {
    if (!isPersonalToken(credentials.token)) return null;
    const hash = await hashToken(credentials.token);
    const user = await withPostgres(() => findTokenUser(db, hash));
    return user && { ...user, method: "token" };
  }
  if (c.req.header("authorization")) return null; // a scheme we do not take: no silent fallback to the cookie
  const hash = await sessionHash(c);
  const user = hash && (await withPostgres(() => findSessionUser(db, hash)));
  return user ? { ...user, method: "session" } : null;
}

/** The user with this name and password; as slow for an unknown name, so timing reveals no names. */
export async function passwordUser(
  db: Database,
  username: string,
  password: string,
): Promise<StoredUser | null> {
  const user = await withPostgres(() => findUserByName(db, username));
  const ok = await verifyPassword(password, user?.passwordHash ?? DECOY_HASH);
  return user && ok ? { id: user.id, username: user.username, isAdmin: user.isAdmin } : null;
}

async function verifiedAccessEmail(c: Context<ApiEnv>, assertion: string): Promise<string | null> {
  const team = c.env.CF_ACCESS_TEAM_DOMAIN!;
  const keys = await accessKeys(team, jwtKeyId(assertion)).catch((e) => {
    console.error("Cloudflare Access keys unavailable", e);
    fail(503, "Cloudflare Access keys unavailable, retry later");
  });
  const identity = await verifyAccessJwt(assertion, {
    keys,
    audience: c.env.CF_ACCESS_AUD!,
    issuer: `https://${team}`,
    now: new Date(),
  });
  // The plain header must not contradict the signed assertion.
  const claimed = c.req.header("cf-access-authenticated-user-email");
  if (!identity || (claimed && claimed.toLowerCase() !== identity.email.toLowerCase())) return null;
  return identity.email;
}

/**
 * CSRF: a browser always sends Origin on unsafe methods; it must be the origin the UI serves the API
 * from (the URL the service binding forwards). Sec-Fetch-Site is the fallback for an Origin-less request.
 */
export function requireSameOrigin(c: Context): void {
  const origin = c.req.header("origin");
  const sameOrigin = origin
    ? origin === new URL(c.req.url).origin
    : c.req.header("sec-fetch-site") === "same-origin";
  if (!sameOrigin) fail(403, "Cross-origin request refused");
}
