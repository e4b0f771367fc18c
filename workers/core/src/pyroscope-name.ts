// Pyroscope's application name with labels, `my.app.cpu{env=staging,region=us-west-1}` (the `name` of
// POST /ingest, Pyroscope server HTTP API "Ingestion"; the segment key of pyroscope's og storage): the
// app name, its profile type (the last dot-separated part, when it is one Pyroscope knows), the labels.

export interface PyroscopeName {
  /** The name without the labels and without a known profile-type suffix. */
  app: string;
  /** The profile type the suffix names (`cpu`, `wall`, `alloc_objects`…), or null without one. */
  profileType: string | null;
  labels: Record<string, string>;
}

/** The suffixes Pyroscope's SDKs and agents append to the app name, one per profile type. */
const PROFILE_TYPES = new Set([
  "cpu",
  "itimer",
  "wall",
  "alloc_objects",
  "alloc_space",
  "inuse_objects",
  "inuse_space",
  "goroutines",
  "mutex_count",
  "mutex_duration",
  "block_count",
  "block_duration",
  "lock_count",
  "lock_duration",
  "alloc_in_new_tlab_objects",
  "alloc_in_new_tlab_bytes",
  "alloc_outside_tlab_objects",
  "alloc_outside_tlab_bytes",
  "exceptions",
]);

/** Profile types whose values are samples of running (or waiting) stacks: what the studio draws. */
export const CPU_PROFILE_TYPES: ReadonlySet<string> = new Set(["cpu", "itimer", "wall"]);

const LABEL_KEY = /^[A-Za-z0-9_.]+$/;

/** Parses `name`; null when it is not an app name with well-formed `{key=value,…}` labels. */
export function parsePyroscopeName(raw: string): PyroscopeName | null {
  const brace = raw.indexOf("{");
  const base = (brace === -1 ? raw : raw.slice(0, brace)).trim();
  const labels: Record<string, string> = {};
  if (brace !== -1) {
    if (!raw.endsWith("}")) return null;
    for (const pair of raw.slice(brace + 1, -1).split(",")) {
      if (pair.trim() === "") continue;
      const equals = pair.indexOf("=");
      if (equals === -1) return null;
      const key = pair.slice(0, equals).trim();
      if (!LABEL_KEY.test(key)) return null;
      labels[key] = pair.slice(equals + 1).trim();
    }
  }
  const dot = base.lastIndexOf(".");
  const suffix = dot === -1 ? "" : base.slice(dot + 1);
  const profileType = PROFILE_TYPES.has(suffix) ? suffix : null;
  const app = profileType ? base.slice(0, dot) : base;
  return app ? { app, profileType, labels } : null;
}
