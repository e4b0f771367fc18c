// The agent's upload body and the metadata of its profile header (frontend-and-agent.md B.2, B.5;
// backend-api.md §3.2.1, §3.2.3). Validation follows the original's pydantic v1 models: strings accept
// numbers, integers accept numeric strings and truncate floats, unknown keys are ignored.

/** `POST /api/v2/profiles` body after gunzip; fields the server ignores are not listed. */
export interface AgentUpload {
  /** Profile start, UTC; names the R2 object and becomes ClickHouse Timestamp. */
  startTime: Date;
  /** The collapsed file, header line included (B.5). */
  profile: string;
  /** "" on the agent's first upload, then the gpid the server returned (B.2). */
  gpid: string;
}

import { parseDateTime } from "../date-time";

export type Parsed<T> = { ok: true; value: T } | { ok: false; message: string };

const fail = (message: string) => ({ ok: false, message }) as const;

export function parseAgentUpload(body: unknown): Parsed<AgentUpload> {
  if (typeof body !== "object" || body === null || Array.isArray(body))
    return fail("Body must be a JSON object");
  const { start_time, profile, gpid } = body as Record<string, unknown>;
  const startTime = parseDateTime(start_time);
  if (!startTime) return fail("Invalid or missing 'start_time'");
  if (typeof profile !== "string") return fail("Missing parameter 'profile'");
  if (typeof gpid !== "string" && typeof gpid !== "number") return fail("Missing parameter 'gpid'");
  return { ok: true, value: { startTime, profile, gpid: String(gpid) } };
}
