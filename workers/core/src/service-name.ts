// The original's valid_service_name (backend-api.md §3.2.2): keep [A-Za-z0-9_.-], then drop leading "_".
// The result is also an R2 key segment, so nothing else (no "/", no "..") may survive.
export function sanitizeServiceName(raw: string): string {
  const kept = raw.replace(/[^A-Za-z0-9_.-]/g, "").replace(/^_+/, "");
  // "." and ".." would be path segments in the object key; no agent sends them as a name.
  return kept === "." || kept === ".." ? "" : kept;
}
