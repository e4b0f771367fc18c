// GET /api/agent_logs: the agents' own log lines of a service (new; the original wrote them to a file
// nobody could query, backend-api.md §3.3). Newest first, `limit` per page, `cursor` for the next one.
//   ?serviceName=&startTime=&endTime=&hostname=&severity=warning|4&search=&limit=100&cursor=
// → {"logs": [{"time", "hostname", "runId", "severity", "message", "extra"}], "nextCursor": string|null}
import { Hono, type Context } from "hono";
import { decodeCursor, encodeCursor, parseSeverity } from "../../../core/src/log-query";
import { clickhouseDateTime64 } from "../../../core/src/wire/agent-logs";
import { isoTime } from "../../../core/src/wire/iso-time";
import { fail } from "../../../shared/src/errors";
import type { ApiEnv } from "../env";
import { dateParam, intParam, serviceNameParam } from "../params";
import { agentLogs } from "../store/agent-logs";
import { withClickHouse } from "../store/clickhouse";

const DEFAULT_WINDOW_MS = 3_600_000;
const MAX_SEARCH = 200;

export const agentLogsRoute = new Hono<ApiEnv>();

agentLogsRoute.get("/api/agent_logs", async (c) => {
  const serviceName = serviceNameParam(c);
  const end = c.req.query("endTime") ? dateParam(c, "endTime") : new Date();
  const start = c.req.query("startTime")
    ? dateParam(c, "startTime")
    : new Date(end.getTime() - DEFAULT_WINDOW_MS);
  if (end <= start) fail(400, "'endTime' must be after 'startTime'");
  const limit = intParam(c, "limit", 100, 1000);
  const lines = await withClickHouse(c.env, (ch) =>
    agentLogs(ch, {
      serviceName,
      start: clickhouseDateTime64(start.getTime()),
      end: clickhouseDateTime64(end.getTime()),
      hostname: c.req.query("hostname") || null,
      minSeverity: optional(
        c,
        "severity",
        parseSeverity,
        "'severity' must be a level name (debug … critical) or 0-255",
      ),
      search: optional(
        c,
        "search",
        (s) => (s.length <= MAX_SEARCH ? s : null),
        `'search' is longer than ${MAX_SEARCH} characters`,
      ),
      limit,
      after: optional(c, "cursor", decodeCursor, "Invalid 'cursor'"),
    }),
  );
  const last = lines.at(-1);
  return c.json({
    logs: lines.map((l) => ({
      time: isoTime(new Date(l.time)),
      hostname: l.hostname,
      runId: l.runId,
      severity: l.severity,
      message: l.message,
      extra: parseExtra(l.extra),
    })),
    nextCursor: last && lines.length === limit ? encodeCursor({ time: last.time, hash: last.hash }) : null,
  });
});

/** An optional parameter through its parser; 400 with `message` when given but unparseable. */
function optional<T>(c: Context, name: string, parse: (text: string) => T | null, message: string): T | null {
  const raw = c.req.query(name);
  if (raw === undefined || raw === "") return null;
  const value = parse(raw);
  if (value === null) fail(400, message);
  return value;
}

function parseExtra(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}
