// Postgres through Hyperdrive: one small postgres.js pool per request, closed after the response
// (Hyperdrive pools the real connections, toolchain.md §1.4).
import { drizzle, type PostgresJsDatabase } from "drizzle-orm/postgres-js";
import type { MiddlewareHandler } from "hono";
import { HTTPException } from "hono/http-exception";
import postgres from "postgres";
import * as schema from "../../../migrations/schema";
import { StoreUnavailable } from "./errors";

export type Database = PostgresJsDatabase<typeof schema>;
export type DatabaseVariables = { db: Database };

export function openDatabase(connectionString: string) {
  const sql = postgres(connectionString, { max: 5, fetch_types: false, connect_timeout: 5 });
  return { db: drizzle(sql, { schema }), close: () => sql.end({ timeout: 5 }) };
}

/** Hono middleware: `c.var.db` for the request, closed once the response is sent. */
export function database(): MiddlewareHandler<{ Bindings: { HYPERDRIVE: Hyperdrive }; Variables: DatabaseVariables }> {
  return async (c, next) => {
    const { db, close } = openDatabase(c.env.HYPERDRIVE.connectionString);
    c.set("db", db);
    try {
      await next();
    } finally {
      c.executionCtx.waitUntil(close().catch(() => {}));
    }
  };
}

/**
 * Runs a database step; errors caused by the data (SQLSTATE classes 22 and 23) are the caller's
 * to report as 4xx, everything else (connection refused, timeouts) becomes StoreUnavailable → 503.
 * Errors already classified inside the step (an HTTPException, another store's StoreUnavailable,
 * e.g. from R2 work done inside a transaction) pass through unchanged.
 */
export async function withPostgres<T>(step: () => Promise<T>): Promise<T> {
  try {
    return await step();
  } catch (e) {
    if (isDataError(e) || e instanceof HTTPException || e instanceof StoreUnavailable) throw e;
    throw new StoreUnavailable("Postgres", e);
  }
}

/** A Postgres error caused by the values sent (drizzle wraps the driver's error in `cause`). */
export function isDataError(e: unknown): boolean {
  const code = (e as { code?: unknown })?.code ?? ((e as { cause?: { code?: unknown } })?.cause)?.code;
  return typeof code === "string" && /^(22|23)/.test(code);
}
