// The hardware-metrics HTML report (Intel PerfSpect) that the Intel/Pinterest fork's agent sends base64
// in the profile header's `htmlblob`. Its indexer (src/gprofiler_indexer/callstacks.go) stored it gzipped
// beside the profile, at the profile's key with `.gz` replaced by `.html`, and GET
// /api/metrics/html_metadata (backend/routers/metrics_routes.py) returns the host's newest one.

/** `products/<service>/stacks/<start>_<random>_<host md5>.html` for the profile stored at `profileKey`. */
export function htmlReportKey(profileKey: string): string {
  return `${profileKey.replace(/\.gz$/, "")}.html`;
}

/** Only report keys are read back: a stored path can never name a profile or a share. */
export function isHtmlReportKey(key: string): boolean {
  return /^products\/[^/]+\/stacks\/[^/]+\.html$/.test(key);
}

/** The report's bytes; null when `htmlblob` is not base64 (the fork logged it and went on, as here). */
export function decodeHtmlBlob(blob: string): Uint8Array | null {
  let binary: string;
  try {
    binary = atob(blob);
  } catch {
    return null;
  }
  const bytes = new Uint8Array(binary.length);
  for (let i = 0; i < binary.length; i++) bytes[i] = binary.charCodeAt(i);
  return bytes;
}
