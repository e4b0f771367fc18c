/**
 * Share links (workers/api/src/routes/shares.ts): create one from the profiles page's current view, and
 * read one on the public share page. The link is `/share/<id>`; the id is the only key to it.
 */
import {
  DEFAULT_SHARE_EXPIRY_DAYS,
  SHARE_EXPIRY_DAYS,
  type ShareMeta,
} from "../../../workers/core/src/share";
import { ApiError, API, flamegraphParams, queryString, request, type FlamegraphRequest } from "./api-client";
import type { TimeRange } from "./time-range";
import type { FlamegraphResponse } from "./wire";

export type { ShareMeta };

/** The expiry choices the api accepts (null: never), labelled. */
export const EXPIRY_CHOICES = SHARE_EXPIRY_DAYS.map((days) => ({
  days,
  label: days === null ? "Never" : days === 1 ? "1 day" : `${days} days`,
}));
export const DEFAULT_EXPIRY_DAYS = DEFAULT_SHARE_EXPIRY_DAYS;

export interface ShareRequest extends FlamegraphRequest {
  expiresInDays: number | null;
  /** One regular expression per line; blank lines ignored. */
  redactNames: string;
  redactPaths: string;
  /** The page's query string: the api keeps only the view params. */
  view: string;
  /** The compare page's second window. */
  compareWith?: { service: string; range: TimeRange };
}

export interface CreatedShare {
  id: string;
  path: string;
  expiresAt: string | null;
}

export interface SharedView {
  meta: ShareMeta;
  view: string;
  flamegraph: FlamegraphResponse;
  compared: FlamegraphResponse | null;
}

export const patternLines = (text: string) =>
  text
    .split("\n")
    .map((line) => line.trim())
    .filter(Boolean);

export async function createShare(req: ShareRequest): Promise<CreatedShare> {
  const { stacksCount, ...scope } = flamegraphParams(req);
  const created = await request<CreatedShare>(
    "POST",
    `${API.shares}?${queryString({ ...scope, stacksCount })}`,
    {
      body: {
        expiresInDays: req.expiresInDays,
        redact: { names: patternLines(req.redactNames), paths: patternLines(req.redactPaths) },
        view: req.view,
        compareWith: req.compareWith && {
          serviceName: req.compareWith.service,
          startTime: req.compareWith.range.start.toISOString(),
          endTime: req.compareWith.range.end.toISOString(),
        },
      },
    },
  );
  if (!created?.id) throw new ApiError(502, "The api returned no share id");
  return created;
}

/** The shared view; 404 (no such link) and 410 (expired) come back as ApiError. */
export async function fetchShare(id: string, signal?: AbortSignal): Promise<SharedView> {
  const doc = await request<SharedView>("GET", API.share(id), { signal, redirectOn401: false });
  if (!doc?.meta || !doc.flamegraph) throw new ApiError(502, "The share is empty");
  return doc;
}

export const shareUrl = (origin: string, id: string) => `${origin}/share/${id}`;
