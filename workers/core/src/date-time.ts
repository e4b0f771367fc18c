// Date-times as the original's pydantic v1 `datetime` fields accept them (backend-api.md §1, §3.2.1):
// ISO-8601 with 1–2 digit fields, up to 6 fraction digits used (6 more ignored), zone Z or ±HH[[:]MM]
// (naive means UTC, as the agent sends it); or unix seconds as a number or numeric string, read as
// milliseconds when beyond 2e10, clamped to year 9999 / year 1 beyond 3e20.
const ISO_DATE_TIME =
  /^(\d{4})-(\d{1,2})-(\d{1,2})[T ](\d{1,2}):(\d{1,2})(?::(\d{1,2})(?:\.(\d{1,6})\d{0,6})?)?(Z|[+-]\d{2}(?::?\d{2})?)?\n?$/;
/** Python float(): what pydantic tries first on a string. */
const PYTHON_FLOAT =
  /^\s*[+-]?(?:(?:\d(?:_?\d)*)?\.\d(?:_?\d)*|\d(?:_?\d)*\.?)(?:[eE][+-]?\d(?:_?\d)*)?\s*$|^\s*[+-]?(?:inf|infinity|nan)\s*$/i;
const MS_WATERSHED = 2e10;
const MAX_NUMBER = 3e20;
const MAX_DATE = Date.UTC(9999, 11, 31, 23, 59, 59, 999);
const MIN_DATE = new Date(0).setUTCFullYear(1, 0, 1);

/** A pydantic v1 datetime, as a UTC instant; null where pydantic raises. */
export function parseDateTime(value: unknown): Date | null {
  if (typeof value === "boolean") return fromUnixSeconds(Number(value));
  if (typeof value === "number") return fromUnixSeconds(value);
  if (typeof value !== "string") return null;
  if (PYTHON_FLOAT.test(value)) return fromUnixSeconds(pythonFloat(value));
  const m = ISO_DATE_TIME.exec(value);
  if (!m) return null;
  const [, year, month, day, hour, minute, second = "0", micro = "0", zone = "Z"] = m;
  const fields = [+year, +month, +day, +hour, +minute, +second];
  if (!isValidDateTime(fields)) return null;
  const offsetMinutes = zoneOffsetMinutes(zone);
  if (offsetMinutes === null) return null;
  const utc = new Date(0);
  utc.setUTCFullYear(fields[0], fields[1] - 1, fields[2]);
  utc.setUTCHours(fields[3], fields[4], fields[5], Math.floor(Number(micro.padEnd(6, "0")) / 1000));
  return new Date(utc.getTime() - offsetMinutes * 60_000);
}

function fromUnixSeconds(seconds: number): Date | null {
  if (Number.isNaN(seconds)) return null;
  if (seconds > MAX_NUMBER) return new Date(MAX_DATE);
  if (seconds < -MAX_NUMBER) return new Date(MIN_DATE);
  while (Math.abs(seconds) > MS_WATERSHED) seconds /= 1000;
  return new Date(Math.floor(seconds * 1e6) / 1e3);
}

function pythonFloat(text: string): number {
  const t = text.trim().toLowerCase().replace(/_/g, "");
  if (/nan$/.test(t)) return NaN;
  if (/inf(inity)?$/.test(t)) return t.startsWith("-") ? -Infinity : Infinity;
  return Number(t);
}

function isValidDateTime([year, month, day, hour, minute, second]: number[]): boolean {
  if (year < 1 || month < 1 || month > 12 || hour > 23 || minute > 59 || second > 59) return false;
  const daysInMonth = new Date(Date.UTC(2000, month, 0)).getUTCDate() - (month === 2 && !isLeap(year) ? 1 : 0);
  return day >= 1 && day <= daysInMonth;
}

const isLeap = (year: number) => (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;

/** Minutes east of UTC; null for offsets Python's timezone() refuses (a day or more). */
function zoneOffsetMinutes(zone: string): number | null {
  if (zone === "Z") return 0;
  const minutes = Number(zone.slice(1, 3)) * 60 + (zone.length > 3 ? Number(zone.slice(-2)) : 0);
  if (minutes >= 24 * 60) return null;
  return zone[0] === "-" ? -minutes : minutes;
}

/** `YYYY-MM-DDTHH:MM:SS` in UTC: the object-name prefix the indexer parses (indexer-flamedb.md §2.4). */
export function formatIsoSeconds(date: Date): string {
  return date.toISOString().slice(0, 19);
}
