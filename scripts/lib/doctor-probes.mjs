// What `npm run doctor` asks from this machine: Postgres and ClickHouse directly (the versions, the clocks),
// the Workers and the UI over HTTP, and the api's GET /api/admin/status for what only a Worker can see.
// Every probe answers `{ value }` or `{ error }`; the verdicts are workers/core/src/status-checks.mjs.
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import postgres from "postgres";
import { clickhouseQuery } from "./clickhouse-http.mjs";
import { ROOT } from "./setup.mjs";

const TIMEOUT_MS = 10_000;

const message = (e) => {
  const cause = e?.cause ? ` (${e.cause.code ?? e.cause.message})` : "";
  return `${String(e?.message ?? e).split("\n")[0]}${cause}`.slice(0, 300);
};

/** @template T @param {() => Promise<T>} probe @returns {Promise<{ value: T, error: null } | { value: null, error: string }>} */
export const settle = (probe) =>
  probe().then(
    (value) => ({ value, error: null }),
    (e) => ({ value: null, error: message(e) }),
  );

/** How far a store's clock is from this machine's: its time minus the midpoint of the request. */
async function clockOffset(ask) {
  const before = Date.now();
  const nowMs = Number(await ask());
  return nowMs - (before + Date.now()) / 2;
}

/** drizzle-kit's journal of this checkout: the migrations the database should have. */
export const migrationJournal = () =>
  JSON.parse(readFileSync(join(ROOT, "migrations/sql/meta/_journal.json"), "utf8")).entries;

/** The newest NNN_*.sql of clickhouse/schema/ (or cluster/): the version apply-schema records last. */
export function expectedClickHouseVersion({ cluster = false } = {}) {
  const versions = readdirSync(join(ROOT, "clickhouse", cluster ? "cluster" : "schema"))
    .map((name) => /^(\d+)_[\w-]+\.sql$/.exec(name)?.[1])
    .filter(Boolean)
    .map(Number);
  return Math.max(...versions);
}

/** drizzle's applied migrations and Postgres' clock, as the api Worker's store/status.ts asks. */
export async function probePostgres(url) {
  const sql = postgres(url, { max: 1, connect_timeout: TIMEOUT_MS / 1000, onnotice: () => {} });
  try {
    const offsetMs = await clockOffset(async () => {
      const [row] = await sql`SELECT (extract(epoch FROM clock_timestamp()) * 1000)::float8 AS now_ms`;
      return row.now_ms;
    });
    const rows = await sql`SELECT created_at FROM drizzle.__drizzle_migrations ORDER BY created_at`.catch((e) => {
      if (e.code === "42P01" || e.code === "3F000") return []; // never migrated
      throw e;
    });
    return { appliedMillis: rows.map((r) => Number(r.created_at)), offsetMs };
  } finally {
    await sql.end({ timeout: 1 });
  }
}

/** The newest recorded FlameDB schema version and ClickHouse's clock. */
export async function probeClickHouse(connection) {
  let version = null;
  const offsetMs = await clockOffset(async () => {
    const [row] = await clickhouseQuery(
      connection,
      "SELECT toUnixTimestamp64Milli(now64(3)) AS nowMs, (SELECT max(version) FROM flamedb.schema_migrations) AS version",
    );
    version = Number(row.version) || null;
    return row.nowMs;
  });
  return { version, offsetMs };
}

/** @returns {Promise<{ url: string, status?: number, body?: string, error?: string }>} */
export async function probeHttp(url, init = {}) {
  try {
    const res = await fetch(url, { redirect: "manual", signal: AbortSignal.timeout(TIMEOUT_MS), ...init });
    return { url, status: res.status, body: await res.text() };
  } catch (e) {
    return { url, error: message(e) };
  }
}
