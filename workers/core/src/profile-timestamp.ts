// The sample timestamp from the object name `<YYYY-MM-DDTHH:MM:SS>_<uuid>_<md5>.gz` (spec §2.4): Go
// parses the part before the first `_` with layout 2006-01-02T15:04:05 in UTC, strictly.

// Go: 4-digit year, 2-digit month/day/minute/second, 1-2 digit hour, an optional fractional second
// (Go accepts `.` or `,` before it) and nothing else.
const GO_ISO_SECONDS = /^(\d{4})-(\d{2})-(\d{2})T(\d{1,2}):(\d{2}):(\d{2})(?:[.,]\d+)?$/;

/** The profile start in whole UTC seconds, or null when Go's parse fails (the caller uses now). */
export function parseProfileTimestamp(filename: string): Date | null {
  const match = GO_ISO_SECONDS.exec(filename.split("_")[0]);
  if (match === null) return null;
  const [year, month, day, hour, minute, second] = match.slice(1, 7).map(Number);
  if (month < 1 || month > 12 || hour > 23 || minute > 59 || second > 59) return null;
  const date = new Date(0);
  // setUTCFullYear, unlike Date.UTC, does not map years 0-99 to 19xx.
  date.setUTCFullYear(year, month - 1, day);
  date.setUTCHours(hour, minute, second, 0);
  // Go range-checks the day against the month (Feb 30 fails); Date would roll it over.
  return date.getUTCDate() === day ? date : null;
}
