// Date-times as agents and the UI send them: ISO-8601 (naive means UTC, as the agent sends) or unix
// seconds, like the original's pydantic datetime fields (backend-api.md §1).
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
  const offset =
    zone === "Z" ? 0 : (zone[0] === "-" ? -1 : 1) * (Number(zone.slice(1, 3)) * 60 + Number(zone.slice(-2)));
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
