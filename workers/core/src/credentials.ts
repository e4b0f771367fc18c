// The credentials a UI-route request may carry (backend-api.md §10.1: the original had none and relied
// on nginx basic auth): `Authorization: Basic user:password` as scripts sent through that nginx, or
// `Authorization: Bearer pst_…`, a personal access token. Agent keys have no prefix, so they never
// look like a personal token.
import { generateToken } from "./api-token";

export const PERSONAL_TOKEN_PREFIX = "pst_";

export type Credentials =
  { scheme: "basic"; username: string; password: string } | { scheme: "bearer"; token: string };

/** The Authorization header's credentials, or null when absent or not one of the two schemes. */
export function parseAuthorization(header: string | undefined): Credentials | null {
  const match = /^(\w+) +(\S+) *$/.exec(header ?? "");
  if (!match) return null;
  const [, scheme, value] = match;
  if (/^bearer$/i.test(scheme)) return { scheme: "bearer", token: value };
  if (!/^basic$/i.test(scheme)) return null;
  const decoded = decodeBase64Utf8(value);
  const colon = decoded?.indexOf(":") ?? -1;
  if (decoded === null || colon < 1) return null;
  return { scheme: "basic", username: decoded.slice(0, colon), password: decoded.slice(colon + 1) };
}

function decodeBase64Utf8(value: string): string | null {
  try {
    const bytes = Uint8Array.from(atob(value), (c) => c.charCodeAt(0));
    return new TextDecoder("utf-8", { fatal: true, ignoreBOM: false }).decode(bytes);
  } catch {
    return null;
  }
}

/** A new personal access token: the prefix and 43 url-safe random characters. */
export const generatePersonalToken = () => PERSONAL_TOKEN_PREFIX + generateToken();

export const isPersonalToken = (token: string) =>
  token.startsWith(PERSONAL_TOKEN_PREFIX) &&
  /^[\w-]{20,100}$/.test(token.slice(PERSONAL_TOKEN_PREFIX.length));
