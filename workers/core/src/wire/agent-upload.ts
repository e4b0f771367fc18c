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

export type Parsed<T> = { ok: true; value: T } | { ok: false; message: string };

const fail = (message: string) => ({ ok: false, message }) as const;

export function parseAgentUpload(body: unknown): Parsed<AgentUpload> {
  if (typeof body !== "object" || body === null || Array.isArray(body)) return fail("Body must be a JSON object");
  const { start_time, profile, gpid } = body as Record<string, unknown>;
  const startTime = parseDateTime(start_time);
  if (!startTime) return fail("Invalid or missing 'start_time'");
  if (typeof profile !== "string") return fail("Missing parameter 'profile'");
  if (typeof gpid !== "string" && typeof gpid !== "number") return fail("Missing parameter 'gpid'");
  return { ok: true, value: { startTime, profile, gpid: String(gpid) } };
}

const ISO_DATE_TIME =
  /^(\d{4})-(\d{2})-(\d{2})[T ](\d{2}):(\d{2})(?::(\d{2})(\.\d{1,9})?)?(Z|[+-]\d{2}:?\d{2})?$/;

/** ISO-8601 (naive = UTC, as the agent sends) or unix seconds; null when not a real instant. */
export function parseDateTime(value: unknown): Date | null {
  if (typeof value === "number") return Number.isFinite(value) ? validDate(new Date(value * 1000)) : null;
  if (typeof value !== "string") return null;
  const m = ISO_DATE_TIME.exec(value.trim());
  if (!m) return null;
  const [, y, mo, d, h, mi, s = "00", frac = "", zone = "Z"] = m;
  const ms = frac ? Math.floor(Number(`0${frac}`) * 1000) : 0;
  const offset = zone === "Z" ? 0 : (zone[0] === "-" ? -1 : 1) * (Number(zone.slice(1, 3)) * 60 + Number(zone.slice(-2)));
  const utc = Date.UTC(+y, +mo - 1, +d, +h, +mi, +s, ms);
  const date = new Date(utc - offset * 60_000);
  // Reject rolled-over fields such as Feb 30 or 25:00.
  const check = new Date(utc);
  if (check.getUTCMonth() !== +mo - 1 || check.getUTCDate() !== +d || check.getUTCHours() !== +h) return null;
  return validDate(date);
}

const validDate = (d: Date) => (Number.isNaN(d.getTime()) ? null : d);

/** `YYYY-MM-DDTHH:MM:SS` in UTC: the object-name prefix the indexer parses (indexer-flamedb.md §2.4). */
export function formatIsoSeconds(date: Date): string {
  return date.toISOString().slice(0, 19);
}
