// One error contract for every Worker: 4xx/5xx with a stable JSON body `{"message": ...}`
// (agents read `message` from 4xx answers, frontend-and-agent.md B.2).
import type { ErrorHandler } from "hono";
import { HTTPException } from "hono/http-exception";
import type { ContentfulStatusCode } from "hono/utils/http-status";

/** A backing store (Postgres, R2, ClickHouse, Queue) failed: the client should retry later. */
export class StoreUnavailable extends Error {
  constructor(store: string, cause: unknown) {
    super(`${store} unavailable`, { cause });
  }
}

export function fail(status: ContentfulStatusCode, message: string): never {
  throw new HTTPException(status, { message });
}

export const onError: ErrorHandler = (err, c) => {
  if (err instanceof HTTPException) return c.json({ message: err.message }, err.status);
  if (err instanceof StoreUnavailable) {
    console.error(err.message, err.cause);
    return c.json({ message: `${err.message}, retry later` }, 503);
  }
  console.error("unhandled", err);
  return c.json({ message: "Internal Server Error" }, 500);
};
