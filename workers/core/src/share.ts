// Shared snapshots of a profile view (the share link): the flamegraph the api computed for a service,
// time range and filter, frozen with the view state (search, zoom, runtime, process and weight filters)
// and what the share page shows about it. Stored as one R2 object per share under an unguessable id.
//
// The id: base64url(SHA-256(salt ‖ 0x00 ‖ canonical document)), with a 128-bit random salt kept in the
// object. It commits to the exact content (the share route recomputes it and refuses an object that no
// longer matches), yet cannot be derived from the content: a plain content hash could be guessed by
// anyone able to reproduce the profile, e.g. of a public service, and would then open the share.
import { stringifyFlameGraph, type FlameGraphResponse } from "./wire/flamegraph";

export const SHARE_VERSION = 1;
/** The choices the UI offers, in days; null: never expires. Default 30 (issue 10). */
export const SHARE_EXPIRY_DAYS = [1, 7, 30, null] as const;
export const DEFAULT_SHARE_EXPIRY_DAYS = 30;
/**
 * URL params kept as the view: the profiles page's (web/src/lib/profiles-query.ts) and the compare page's
 * `cview` (web/src/lib/compare-query.ts); the rest is scope or layout.
 */
export const SHARE_VIEW_PARAMS = [
  "search",
  "zoom",
  "rt",
  "rtms",
  "p",
  "pm",
  "wp",
  "wt",
  "depth",
  "cb",
  "cview",
] as const;
/** View params that name frames, redacted like frame names; `zoom` is a `;`-joined path of labels. */
const FRAME_NAMING_PARAMS = new Set(["search", "p", "cb"]);
const MAX_VIEW_LENGTH = 16_384;
const SALT_BYTES = 16;
/** base64url of 32 bytes. */
const SHARE_ID = /^[A-Za-z0-9_-]{43}$/;

/** One frozen window: a service, its time range and filter. */
export interface ShareScope {
  service: string;
  /** ISO times of the window. */
  startTime: string;
  endTime: string;
  /** The RQL filter as the api took it, or null. */
  filter: string | null;
}

export interface ShareMeta extends ShareScope {
  /** The compare page's second window, or null for a single flamegraph. */
  compared: ShareScope | null;
  createdAt: string;
  /** null: never expires. */
  expiresAt: string | null;
  redacted: boolean;
  /** Who shared it, shown on the share page. */
  createdBy: string;
}

export interface ShareDocument {
  version: typeof SHARE_VERSION;
  meta: ShareMeta;
  /** The view's URL params (SHARE_VIEW_PARAMS), sorted: `search=…&zoom=…`. */
  view: string;
  flamegraph: FlameGraphResponse;
  /** The second window's graph when meta.compared is set (the compare page's differential view). */
  compared: FlameGraphResponse | null;
}

/** `expiresInDays` from a request: one of SHARE_EXPIRY_DAYS (null: never), default 30. */
export function shareExpiry(raw: unknown, now: Date): { ok: true; expiresAt: Date | null } | { ok: false } {
  if (raw === undefined)
    return { ok: true, expiresAt: new Date(now.getTime() + DEFAULT_SHARE_EXPIRY_DAYS * 86_400_000) };
  if (!(SHARE_EXPIRY_DAYS as readonly unknown[]).includes(raw)) return { ok: false };
  return {
    ok: true,
    expiresAt: raw === null ? null : new Date(now.getTime() + (raw as number) * 86_400_000),
  };
}

/** The view params the share keeps, sorted, each value passed through `redact`; null when too long. */
export function shareView(raw: string, redact: (text: string) => string): string | null {
  if (raw.length > MAX_VIEW_LENGTH) return null;
  const kept = new URLSearchParams();
  const params = new URLSearchParams(raw);
  for (const key of SHARE_VIEW_PARAMS) {
    for (const value of params.getAll(key)) {
      if (key === "zoom") kept.append(key, value.split(";").map(redact).join(";"));
      else kept.append(key, FRAME_NAMING_PARAMS.has(key) ? redact(value) : value);
    }
  }
  return kept.toString();
}

/** The document as stored and hashed: fixed key order, the flamegraph without recursion. */
export function canonicalShare(doc: ShareDocument): string {
  const m = doc.meta;
  const meta = {
    ...scopeFields(m),
    compared: m.compared && scopeFields(m.compared),
    createdAt: m.createdAt,
    expiresAt: m.expiresAt,
    redacted: m.redacted,
    createdBy: m.createdBy,
  };
  const compared = doc.compared ? stringifyFlameGraph(doc.compared) : "null";
  return `{"version":${doc.version},"meta":${JSON.stringify(meta)},"view":${JSON.stringify(doc.view)},"flamegraph":${stringifyFlameGraph(doc.flamegraph)},"compared":${compared}}`;
}

const scopeFields = (s: ShareScope): ShareScope => ({
  service: s.service,
  startTime: s.startTime,
  endTime: s.endTime,
  filter: s.filter,
});

export function newShareSalt(): string {
  return toBase64Url(crypto.getRandomValues(new Uint8Array(SALT_BYTES)));
}

export async function shareId(salt: string, canonical: string): Promise<string> {
  const bytes = new TextEncoder().encode(`${salt}\u0000${canonical}`);
  return toBase64Url(new Uint8Array(await crypto.subtle.digest("SHA-256", bytes)));
}

export const isShareId = (id: string) => SHARE_ID.test(id);

export const isExpired = (expiresAt: string | null | undefined, now: Date) =>
  !!expiresAt && Date.parse(expiresAt) <= now.getTime();

function toBase64Url(bytes: Uint8Array): string {
  return btoa(String.fromCharCode(...bytes))
    .replace(/\+/g, "-")
    .replace(/\//g, "_")
    .replace(/=+$/, "");
}
