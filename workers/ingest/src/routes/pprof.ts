// POST /api/v1/pprof: a pprof profile (profile.proto, gzipped or not; or a multipart form with a
// `profile` part) for a service, stored like an agent's profile. Query: `service` (or Pyroscope's
// `name=app{label=value}`), tags `hostname`, `instance_type`, `container`, `pod`, `namespace`,
// `sample_type` (the column to read; by default samples, else cpu or wall), `from` (unix time; by
// default the profile's own time_nanos). Authenticated like /ingest (`Authorization: Bearer <key>`).
import { Hono } from "hono";
import { parsePyroscopeName } from "../../../core/src/pyroscope-name";
import { tagsFromLabels } from "../../../core/src/pyroscope-profile";
import { sanitizeServiceName } from "../../../core/src/service-name";
import { fail } from "../../../shared/src/errors";
import type { DatabaseVariables } from "../../../shared/src/postgres";
import { bodyLimits, checkContentLength } from "../body";
import {
  authenticateClient,
  gzipProfile,
  pprofProfileStacks,
  readPprofUpload,
  stackLines,
  storeConvertedProfile,
  unixTimeParam,
} from "../converted-profile";
import type { Env } from "../env";

export const pprof = new Hono<{ Bindings: Env; Variables: DatabaseVariables }>();

const TAG_PARAMS = ["hostname", "instance_type", "container", "pod", "namespace"];

pprof.post("/api/v1/pprof", async (c) => {
  const limits = bodyLimits(c.env);
  checkContentLength(c.req.raw, limits);
  const name = c.req.query("name") ? parsePyroscopeName(c.req.query("name")!) : null;
  if (c.req.query("name") && !name) fail(400, "'name' must be an application name, optionally with {label=value,…}");
  const serviceName = sanitizeServiceName(c.req.query("service") ?? name?.app ?? "");
  if (!serviceName) fail(400, "Missing or invalid query parameter 'service'");
  await authenticateClient(c.var.db, c, serviceName);
  const labels: Record<string, string> = { ...name?.labels };
  for (const param of TAG_PARAMS) {
    const value = c.req.query(param);
    if (value) labels[param] = value;
  }
  const tags = tagsFromLabels(labels);
  const from = unixTimeParam(c.req.query("from"), "from");
  const upload = await readPprofUpload(c.req.raw, limits);
  const profile = await pprofProfileStacks(upload.profile, limits, { sampleType: c.req.query("sample_type") || undefined });
  const source = { format: "pprof", api: "pprof", sampleType: profile.sampleType, labels };
  const gzipped = await gzipProfile(tags, source, stackLines(profile.stacks, tags.container));
  const start = from ?? (profile.startMs === null ? new Date() : new Date(profile.startMs));
  if (profile.stacks.size > 0) await storeConvertedProfile(c, { serviceName, tags, start, gzipped });
  return c.json({ message: "ok", service: serviceName, sampleType: profile.sampleType, stacks: profile.stacks.size });
});
