/** Browser-side calls to the api Worker through the UI origin's `/api/*` proxy. */
import type { FlamegraphResponse } from "./wire";
import type { TimeRange } from "./time-range";

/** Server default is 10000 stacks; `truncation=1` asks for this many (A.3.11). */
export const UNTRUNCATED_STACKS_COUNT = 500_000;

export class ApiError extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
  }
}

export interface FlamegraphRequest {
  service: string;
  range: TimeRange;
  truncation: boolean;
}

/** Query string as the original builds it: keys sorted, ISO times in UTC (A.2). */
export function flamegraphSearch({ service, range, truncation }: FlamegraphRequest): string {
  const params: [string, string][] = [
    ["endTime", range.end.toISOString()],
    ["enrichment", "lang"],
    ["serviceName", service],
    ["startTime", range.start.toISOString()],
  ];
  if (truncation) params.push(["stacksCount", String(UNTRUNCATED_STACKS_COUNT)]);
  return new URLSearchParams(params).toString();
}

/**
 * What went wrong, from a failed response: the api's `{ "message" }` body, else a short plain-text body
 * (e.g. wrangler's "Worker not found" in local dev), else the status line.
 */
export async function responseMessage(res: Response): Promise<string> {
  const text = (await res.text().catch(() => "")).trim();
  try {
    const body = JSON.parse(text) as { message?: unknown };
    if (typeof body.message === "string" && body.message) return body.message;
  } catch {
    // not JSON
  }
  if (text && text.length <= 200 && !text.startsWith("<")) return text;
  return `${res.status} ${res.statusText}`.trim();
}

/** The flamegraph for a service and range, or null when the api answers 204 (no data). */
export async function fetchFlamegraph(
  req: FlamegraphRequest,
  signal?: AbortSignal,
): Promise<FlamegraphResponse | null> {
  const res = await fetch(`/api/flamegraph?${flamegraphSearch(req)}`, {
    signal,
    headers: { Accept: "application/json" },
    credentials: "same-origin",
  });
  if (res.status === 204) return null;
  if (!res.ok) throw new ApiError(res.status, await responseMessage(res));
  const tree = (await res.json()) as FlamegraphResponse;
  return tree && typeof tree.value === "number" && tree.value > 0 ? tree : null;
}
