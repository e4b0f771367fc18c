/**
 * The profiles page state as it lives in the URL (frontend-and-agent.md A.8). Only the params this page
 * reads so far are parsed; `withParams` keeps every other param, so links written by the original survive.
 */
import { parseTimeSelection, type TimeSelection } from "./time-range";

export interface ProfilesQuery {
  service: string | null;
  time: TimeSelection;
  /** Case-insensitive regex on frame names, or `type:javainl|javac1|javac0` (A.3.2). */
  search: string;
  /** `truncation=1` asks for `stacksCount=500000` (A.3.11). */
  truncation: boolean;
}

export function parseProfilesQuery(params: URLSearchParams): ProfilesQuery {
  return {
    service: params.get("service") || null,
    time: parseTimeSelection(params),
    search: params.get("search") ?? "",
    truncation: params.get("truncation") === "1",
  };
}

/** A copy of `url` with `updates` applied: a string sets the param, null or "" removes it. */
export function withParams(url: URL, updates: Record<string, string | null>): URL {
  const next = new URL(url);
  for (const [key, value] of Object.entries(updates)) {
    if (value === null || value === "") next.searchParams.delete(key);
    else next.searchParams.set(key, value);
  }
  return next;
}

/** `path?query` of a URL, for same-origin navigation. */
export const relativeHref = (url: URL) => `${url.pathname}${url.search}`;
