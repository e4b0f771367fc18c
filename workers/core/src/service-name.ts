// The original's valid_service_name (backend-api.md §3.2.2): keep [A-Za-z0-9_.-], then drop leading "_".
// The result is also an R2 key segment, so nothing else (no "/", no "..") may survive.

/** Longer names are refused: the original had no limit, but an R2 key has 1024 bytes. */
export const MAX_SERVICE_NAME_LENGTH = 255;

/** The stored service name for a header value; "" when nothing valid is left. */
export function sanitizeServiceName(raw: string): string {
  const kept = raw.replace(/[^A-Za-z0-9_.-]/g, "").replace(/^_+/, "");
  // "." and ".." would be path segments in the object key; no agent sends them as a name.
  if (kept === "." || kept === ".." || kept.length > MAX_SERVICE_NAME_LENGTH) return "";
  return kept;
}
