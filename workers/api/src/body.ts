// JSON request bodies: parsed leniently at the edge, checked field by field by the route.
import type { Context } from "hono";
import { fail } from "../../shared/src/errors";

/** Caps what a UI request body may be (snapshots carry the most: one entry per frame). */
const MAX_BODY_BYTES = 4 * 1024 * 1024;

export async function readJson(c: Context): Promise<Record<string, unknown>> {
  if (!/^application\/json\b/i.test(c.req.header("content-type") ?? ""))
    fail(415, "Expected a JSON body (Content-Type: application/json)");
  if (Number(c.req.header("content-length")) > MAX_BODY_BYTES) fail(413, "Request body too large");
  const text = await c.req.text();
  if (text.length > MAX_BODY_BYTES) fail(413, "Request body too large");
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    fail(400, "Invalid JSON body");
  }
  if (!value || typeof value !== "object" || Array.isArray(value)) fail(400, "Expected a JSON object");
  return value as Record<string, unknown>;
}

/** A required string field of at most maxLength characters. */
export function stringField(body: Record<string, unknown>, name: string, maxLength: number): string {
  const value = body[name];
  if (typeof value !== "string" || value === "") fail(400, `'${name}' must be a non-empty string`);
  if (value.length > maxLength) fail(400, `'${name}' is longer than ${maxLength} characters`);
  return value;
}
