/**
 * What a view queries (service, resolved range, tag filter) as one string prop. Components take this
 * instead of a callback: tasks re-run exactly when the string changes, and nothing they read while
 * running subscribes them to other page state.
 */
import type { ScopeParams } from "./api-client";
import { compactFilter, parseCompactFilter, type TagFilter } from "./tag-filter";

export function scopeKey(
  service: string | null,
  range: { start: string; end: string } | null,
  filter: TagFilter | null,
): string {
  return service && range ? JSON.stringify([service, range.start, range.end, compactFilter(filter)]) : "";
}

export function parseScope(key: string): ScopeParams | null {
  if (!key) return null;
  const [service, start, end, filter] = JSON.parse(key) as [string, string, string, string | null];
  return {
    service,
    range: { start: new Date(start), end: new Date(end) },
    filter: parseCompactFilter(filter),
  };
}
