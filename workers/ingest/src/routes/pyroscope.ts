// POST /ingest: Pyroscope's ingest API (Pyroscope server HTTP API, "Ingestion"), so Pyroscope SDKs and
// agents can point at the studio unchanged. `name` is `<app>[.<profile type>]{label=value,…}`: the app
// becomes the service, labels become tags (pyroscope-profile.ts); `from` (unix seconds) is the profile's
// time; bodies are folded (default), lines or pprof (raw or the SDKs' multipart form). Every profile is
// rewritten in the agent's collapsed format and stored down the agent's path for the unchanged indexer.
// Only CPU-like profiles (cpu, itimer, wall) are kept: the studio's tables hold samples of stacks.
import { Hono, type Context } from "hono";
import { CPU_PROFILE_TYPES, parsePyroscopeName } from "../../../core/src/pyroscope-name";
import { tagsFromLabels, TextProfileConverter, type TextFormat } from "../../../core/src/pyroscope-profile";
import { sanitizeServiceName } from "../../../core/src/service-name";
import { fail } from "../../../shared/src/errors";
import type { DatabaseVariables } from "../../../shared/src/postgres";
import { bodyChunks, bodyLimits, checkContentLength, type BodyLimits } from "../body";
import {
  authenticateClient,
  configuredSampleType,
  gzipProfile,
  pprofProfileStacks,
  readPprofUpload,
  stackLines,
  storeConvertedProfile,
  unixTimeParam,
} from "../converted-profile";
import type { Env } from "../env";

type IngestContext = Context<{ Bindings: Env; Variables: DatabaseVariables }>;

export const pyroscope = new Hono<{ Bindings: Env; Variables: DatabaseVariables }>();

const FORMATS = ["folded", "collapsed", "lines", "pprof"] as const;

pyroscope.post("/ingest", async (c) => {
  const limits = bodyLimits(c.env);
  checkContentLength(c.req.raw, limits);
  const name = parsePyroscopeName(c.req.query("name") ?? "");
  if (!name) fail(400, "'name' must be an application name, optionally with {label=value,…}");
  const serviceName = sanitizeServiceName(name.app);
  if (!serviceName) fail(400, `'${name.app}' is not a usable service name`);
  await authenticateClient(c.var.db, c, serviceName);
  if (name.profileType && !CPU_PROFILE_TYPES.has(name.profileType)) {
    fail(422, `Only CPU and wall profiles are stored; '${name.profileType}' profiles are not`);
  }
  const units = c.req.query("units");
  if (units && units !== "samples") fail(422, `Only profiles in samples are stored, not '${units}'`);
  const format = formatOf(c);
  const sampleRate = Number(c.req.query("sampleRate")) || undefined;
  const from = unixTimeParam(c.req.query("from"), "from");
  const tags = tagsFromLabels(name.labels);
  const source = {
    format,
    api: "pyroscope",
    name: c.req.query("name"),
    spyName: c.req.query("spyName") ?? "",
    sampleRate: sampleRate ?? null,
    until: c.req.query("until") ?? null,
  };

  let stacks: number;
  let skipped = 0;
  let gzipped: ArrayBuffer;
  let start = from;
  if (format === "pprof") {
    const upload = await readPprofUpload(c.req.raw, limits);
    const profile = await pprofProfileStacks(upload.profile, limits, {
      sampleType: configuredSampleType(upload, name.profileType),
      sampleRate,
    });
    stacks = profile.stacks.size;
    start ??= profile.startMs === null ? null : new Date(profile.startMs);
    gzipped = await gzipProfile(tags, { ...source, sampleType: profile.sampleType }, stackLines(profile.stacks, tags.container));
  } else {
    const converter = new TextProfileConverter(format, tags.container);
    gzipped = await gzipProfile(tags, source, convertText(c.req.raw, limits, converter));
    stacks = converter.lines;
    skipped = converter.skipped;
  }
  if (stacks > 0) await storeConvertedProfile(c, { serviceName, tags, start: start ?? new Date(), gzipped });
  return c.json({ message: "ok", service: serviceName, stacks, skipped });
});

/** `format`, else the Content-Type (multipart and binary bodies are pprof), else folded. */
function formatOf(c: IngestContext): TextFormat | "pprof" {
  const format = c.req.query("format");
  if (format) {
    if (!(FORMATS as readonly string[]).includes(format)) {
      fail(415, `Unsupported format '${format}' (supported: ${FORMATS.join(", ")})`);
    }
    return format === "collapsed" ? "folded" : (format as TextFormat | "pprof");
  }
  const contentType = c.req.header("content-type") ?? "";
  return /^(multipart\/form-data|application\/octet-stream|binary\/octet-stream)/i.test(contentType) ? "pprof" : "folded";
}

/** The body, decoded and converted chunk by chunk: never held whole. */
async function* convertText(request: Request, limits: BodyLimits, converter: TextProfileConverter) {
  const decoder = new TextDecoder();
  for await (const chunk of bodyChunks(request, limits)) yield converter.push(decoder.decode(chunk, { stream: true }));
  yield converter.push(decoder.decode());
  yield converter.finish();
}
