/**
 * A Content-Disposition for a file name built from user input (service names): an ASCII fallback with
 * quotes, backslashes and controls replaced, plus the exact name in RFC 5987 `filename*`.
 */
export function attachment(fileName: string): string {
  const ascii = fileName.replace(/[^\x20-\x7e]|["\\]/g, "_");
  return `attachment; filename="${ascii}"; filename*=UTF-8''${encodeURIComponent(fileName)}`;
}
