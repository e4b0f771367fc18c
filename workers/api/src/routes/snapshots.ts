// POST /api/snapshots and GET /api/snapshots/{id} (backend-api.md §4.8), camelCase bodies.
// Fixed from the original (§10.16): empty frames, an unknown service or end ≤ start are 400/404 instead
// of 500 with an orphan row; a missing snapshot is 404 instead of 200 with nulls; GET returns the id.
import { Hono } from "hono";
import { parseDateTime } from "../../../core/src/date-time";
import { parseRqlFilter } from "../../../core/src/rql-filter";
import { isoTime } from "../../../core/src/wire/iso-time";
import { fail } from "../../../shared/src/errors";
import { withPostgres } from "../../../shared/src/postgres";
import { readJson } from "../body";
import type { ApiEnv } from "../env";
import { serviceIdOf } from "../params";
import { createSnapshot, getSnapshot, type SnapshotFrame } from "../store/snapshots";

/** What one snapshot may hold: a flame graph has at most stacksCount (500,000) frames. */
const MAX_FRAMES = 500_000;

export const snapshotsRoute = new Hono<ApiEnv>();

snapshotsRoute.post("/api/snapshots", async (c) => {
  const body = await readJson(c);
  // CamelModel: camelCase or snake_case keys
  const field = (camel: string, snake: string) => body[camel] ?? body[snake];
  const serviceName = field("serviceName", "service_name");
  if (typeof serviceName !== "string" || !serviceName) fail(400, "'serviceName' must be a non-empty string");
  const startTime = parseDateTime(field("startTime", "start_time"));
  const endTime = parseDateTime(field("endTime", "end_time"));
  if (!startTime || !endTime) fail(400, "'startTime' and 'endTime' must be date-times");
  if (endTime <= startTime) fail(400, "'endTime' must be after 'startTime'");
  const frames = snapshotFrames(body.frames);
  const filter = snapshotFilter(body.filter);
  const serviceId = await serviceIdOf(c.var.db, serviceName.replace(/^_+/, ""));
  const id = await withPostgres(() =>
    createSnapshot(c.var.db, { serviceId, startTime, endTime, frames, filter }),
  );
  return c.json(id, 201);
});

snapshotsRoute.get("/api/snapshots/:id{[0-9]+}", async (c) => {
  const id = Number(c.req.param("id"));
  const snapshot = Number.isSafeInteger(id) ? await withPostgres(() => getSnapshot(c.var.db, id)) : null;
  if (!snapshot) fail(404, `No snapshot ${c.req.param("id")}`);
  return c.json({
    id: snapshot.id,
    startTime: snapshot.startTime && isoTime(snapshot.startTime),
    endTime: snapshot.endTime && isoTime(snapshot.endTime),
    frames: snapshot.frames,
    filter: snapshot.filter ?? null,
  });
});

function snapshotFrames(value: unknown): SnapshotFrame[] {
  if (!Array.isArray(value) || value.length === 0) fail(400, "'frames' must be a non-empty array");
  if (value.length > MAX_FRAMES) fail(400, `'frames' has more than ${MAX_FRAMES} entries`);
  return value.map((frame, i) => {
    const { level, start, duration } = (frame ?? {}) as Record<string, unknown>;
    const ok = [level, start, duration].every((n) => Number.isSafeInteger(n) && (n as number) >= 0);
    if (!ok) fail(400, `'frames[${i}]' needs non-negative integer level, start and duration`);
    return { level: level as number, start: start as number, duration: duration as number };
  });
}

/** The UI sends its active tag filter, an RQL document `{id?, filter}`; stored as `{"filter": ...}`. */
function snapshotFilter(value: unknown): { filter: unknown } | null {
  if (value === undefined || value === null) return null;
  if (typeof value !== "object" || Array.isArray(value)) fail(400, "'filter' must be an RQL object");
  const parsed = parseRqlFilter(JSON.stringify(value));
  if ("error" in parsed) fail(400, `Invalid 'filter': ${parsed.error}`);
  const inner = (value as { filter?: unknown }).filter;
  return inner === undefined || inner === null ? null : { filter: inner };
}
