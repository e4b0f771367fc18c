// The application version an agent reports, for deployment markers. gProfiler has no version field of
// its own for the profiled application; its `--external-metadata` file's "static" object is sent as
// `metadata.external_metadata` in every upload's header (frontend-and-agent.md B.5), so a deploy
// pipeline writes e.g. {"static": {"version": "2.4.1", "commit": "9f3c2ab"}} there.
import { isJsonObject } from "./pydantic-v1";

const VERSION_KEYS = ["app_version", "application_version", "version"];
const COMMIT_KEYS = ["commit", "git_commit", "commit_sha"];
/** Longest version or commit kept; longer values are not versions. */
export const MAX_VERSION_LENGTH = 200;

export interface AppVersion {
  version: string;
  commit: string | null;
}

/** The version in the header's raw `metadata.external_metadata`, or null when it names none. */
export function appVersionOf(externalMetadata: unknown): AppVersion | null {
  if (!isJsonObject(externalMetadata)) return null;
  const first = (keys: string[]) => {
    for (const key of keys) {
      const value = externalMetadata[key];
      const text = typeof value === "number" ? String(value) : typeof value === "string" ? value.trim() : "";
      if (text && text.length <= MAX_VERSION_LENGTH) return text;
    }
    return null;
  };
  const version = first(VERSION_KEYS);
  return version === null ? null : { version, commit: first(COMMIT_KEYS) };
}
