// Helpers for the api Worker's tests inside workerd: requests through the Worker's own fetch handler,
// rows seeded straight into the real Postgres (drizzle) and ClickHouse (HTTP) the project started.
import { env, exports } from "cloudflare:workers";
import { hashPassword } from "../../core/src/password";
import { users } from "../../../migrations/schema";
import { openDatabase, type Database } from "../../shared/src/postgres";
import { clickhouseQuery } from "../../../scripts/lib/clickhouse-http.mjs";

/** A local host, where the development SESSION_SECRET of wrangler.toml is accepted. */
export const ORIGIN = "http://localhost";
const testEnv = env as unknown as { HYPERDRIVE: Hyperdrive; CLICKHOUSE_URL: string };

export function api(path: string, init: RequestInit = {}): Promise<Response> {
  return exports.default.fetch(new Request(`${ORIGIN}${path}`, init));
}

export async function withDb<T>(step: (db: Database) => Promise<T>): Promise<T> {
  const { db, close } = openDatabase(testEnv.HYPERDRIVE.connectionString);
  try {
    return await step(db);
  } finally {
    await close();
  }
}

let userCount = 0;
/** A new user with a unique name; returns its credentials. */
export async function createUser(options: { password?: string; isAdmin?: boolean } = {}) {
  const username = `user${++userCount}-${crypto.randomUUID().slice(0, 8)}`;
  const password = options.password ?? "correct horse battery";
  const passwordHash = await hashPassword(password);
  const [row] = await withDb((db) =>
    db
      .insert(users)
      .values({ username, passwordHash, isAdmin: options.isAdmin ?? false })
      .returning({ id: users.id }),
  );
  return { id: row.id, username, password };
}

export const basicAuth = (username: string, password: string) => `Basic ${btoa(`${username}:${password}`)}`;

/** Logs in through the API and returns the `Cookie` header value of the session. */
export async function login(username: string, password: string): Promise<string> {
  const res = await api("/api/auth/login", {
    method: "POST",
    headers: { "content-type": "application/json", origin: ORIGIN },
    body: JSON.stringify({ username, password }),
  });
  if (res.status !== 200) throw new Error(`login failed: ${res.status} ${await res.text()}`);
  return res.headers.get("set-cookie")!.split(";")[0];
}

let sharedCookie: Promise<string> | undefined;
/** Headers of a logged-in browser, shared by the tests of one file. */
export async function session(extra: Record<string, string> = {}): Promise<Record<string, string>> {
  sharedCookie ??= createUser().then((u) => login(u.username, u.password));
  return { cookie: await sharedCookie, origin: ORIGIN, ...extra };
}

/** GET as the logged-in test user. */
export async function get(path: string): Promise<Response> {
  return api(path, { headers: await session() });
}

/** A JSON request with a body as the logged-in test user. */
export async function send(method: string, path: string, body?: unknown): Promise<Response> {
  const headers = await session(body === undefined ? {} : { "content-type": "application/json" });
  return api(path, { method, headers, body: body === undefined ? undefined : JSON.stringify(body) });
}

export function clickhouse(query: string, params: Record<string, string | number> = {}) {
  return clickhouseQuery({ url: testEnv.CLICKHOUSE_URL }, query, params) as Promise<Record<string, unknown>[]>;
}

export async function insertRows(table: string, rows: readonly Record<string, unknown>[]): Promise<void> {
  if (!/^flamedb\.\w+$/.test(table)) throw new Error(`not a flamedb table: ${table}`);
  const body = rows.map((row) => JSON.stringify(row)).join("\n");
  const search = new URLSearchParams({ query: `INSERT INTO ${table} FORMAT JSONEachRow` });
  const res = await fetch(`${testEnv.CLICKHOUSE_URL}/?${search}`, { method: "POST", body });
  if (!res.ok) throw new Error(`ClickHouse insert ${res.status}: ${await res.text()}`);
}
