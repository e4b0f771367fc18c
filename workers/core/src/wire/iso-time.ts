// Date-times in API responses: ISO-8601 in UTC with an explicit "+00:00", as the original emitted
// flamedb's times. The original's Postgres times came out without a zone, which browsers read as local
// time (backend-api.md §10.14); here every time carries its offset.
export function isoTime(date: Date): string {
  return date.toISOString().replace(/(\.000)?Z$/, "+00:00");
}

/** A ClickHouse DateTime text ("YYYY-MM-DD hh:mm:ss", UTC) as isoTime. */
export function isoTimeOfClickHouse(text: string): string {
  return `${text.replace(" ", "T")}+00:00`;
}
