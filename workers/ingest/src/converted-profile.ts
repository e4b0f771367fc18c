// What the Pyroscope and pprof ingest routes share: the API key from `Authorization`, the request body,
// pprof bodies (raw, gzipped, or Pyroscope's multipart form), and storing the converted profile down the
// agent's own path: the service in Postgres, the agent-format text gzipped in R2 under the original's key
// layout, the Queue message for the unchanged indexer (README "The path of one profile").
import type { Context } from "hono";
import { formatIsoSeconds } from "../../core/src/date-time";
import { digestHex } from "../../core/src/digest";
import { decodePprof, pprofStacks, type PprofOptions, type PprofStacks } from "../../core/src/pprof-import";
import { agentHeaderLine, agentStackLine, type ProfileSource, type ProfileTags } from "../../core/src/pyroscope-profile";
import { fail } from "../../shared/src/errors";
import { withPostgres, type Database } from "../../shared/src/postgres";
import { checkScope, lookUpToken } from "./agent-auth";
import { bodyChunks, type BodyLimits } from "./body";
import type { Env } from "./env";
import { storeProfile } from "./store/profiles";
import { registerService } from "./store/registration";

/**
 * The agent API key, as Pyroscope clients send it: `Authorization: Bearer <key>` (auth token) or Basic
 * with the key as password (Grafana Cloud style basic auth); 401 without one, 403 out of the key's scope.
 */
export async function authenticateClient(db: Database, c: Context, serviceName: string): Promise<void> {
  const key = apiKey(c.req.header("authorization") ?? "");
  if (!key) {
    c.header("WWW-Authenticate", 'Bearer realm="Performance Studio ingest"');
    fail(401, "Missing API key: send Authorization: Bearer <agent API key>");
  }
  const token = await lookUpToken(db, key);
  if (!token) fail(401, "Invalid API key");
  checkScope(token, serviceName);
}

function apiKey(authorization: string): string {
  const [scheme, value = ""] = authorization.trim().split(/\s+/, 2);
  if (/^bearer$/i.test(scheme)) return value;
  if (!/^basic$/i.test(scheme)) return "";
  try {
    const decoded = atob(value);
    return decoded.slice(decoded.indexOf(":") + 1);
  } catch {
    return "";
  }
}

/** The whole body after any Content-Encoding gunzip, within the limits (pprof needs it whole). */
export async function readBody(request: Request, limits: BodyLimits): Promise<Uint8Array> {
  const parts: Uint8Array[] = [];
  let length = 0;
  for await (const chunk of bodyChunks(request, limits)) {
    parts.push(chunk);
    length += chunk.byteLength;
  }
  const body = new Uint8Array(length);
  let offset = 0;
  for (const part of parts) {
    body.set(part, offset);
    offset += part.byteLength;
  }
  return body;
}

/** A pprof upload's body and, from Pyroscope's multipart form, its sample_type_config. */
interface PprofUpload {
  profile: Uint8Array;
  sampleTypeConfig: Record<string, { "display-name"?: string }> | null;
}

/**
 * The profile of a pprof upload: the body itself, or the `profile` file of a multipart form as
 * pyroscope-go and the other SDKs send it (`prev_profile` is for cumulative heap profiles, not read).
 */
export async function readPprofUpload(request: Request, limits: BodyLimits): Promise<PprofUpload> {
  const body = await readBody(request, limits);
  const contentType = request.headers.get("content-type") ?? "";
  if (!/^multipart\/form-data/i.test(contentType)) return { profile: body, sampleTypeConfig: null };
  let form: FormData;
  try {
    form = await new Response(body, { headers: { "content-type": contentType } }).formData();
  } catch {
    return fail(400, "The multipart form cannot be read");
  }
  // Parts are strings or files (the workers types say string only).
  const profile = form.get("profile") as File | string | null;
  if (profile === null) fail(400, "The multipart form has no 'profile' part");
  const config = form.get("sample_type_config") as File | string | null;
  return {
    profile: typeof profile === "string" ? new TextEncoder().encode(profile) : new Uint8Array(await profile.arrayBuffer()),
    sampleTypeConfig: config === null ? null : parseSampleTypeConfig(typeof config === "string" ? config : await config.text()),
  };
}

function parseSampleTypeConfig(text: string): PprofUpload["sampleTypeConfig"] {
  try {
    const value: unknown = JSON.parse(text);
    if (typeof value === "object" && value !== null && !Array.isArray(value)) return value as PprofUpload["sampleTypeConfig"];
  } catch {
    // reported below
  }
  return fail(400, "'sample_type_config' must be a JSON object");
}

/**
 * The sample type a Pyroscope profile type names through sample_type_config (`{"<type>": {"display-name":
 * "cpu"}}`), so a `.cpu` app reads the column the client meant; undefined leaves the default choice.
 */
export function configuredSampleType(upload: PprofUpload, profileType: string | null): string | undefined {
  if (!upload.sampleTypeConfig || !profileType) return undefined;
  const entry = Object.entries(upload.sampleTypeConfig).find(([type, config]) => (config?.["display-name"] ?? type) === profileType);
  return entry?.[0];
}

/** The decoded stacks of a pprof profile (gzipped or not): 400 for bytes that are not one, 422 without a usable column. */
export async function pprofProfileStacks(bytes: Uint8Array, limits: BodyLimits, options: PprofOptions): Promise<PprofStacks> {
  const raw = bytes[0] === 0x1f && bytes[1] === 0x8b ? await gunzip(bytes, limits) : bytes;
  const profile = decodePprof(raw);
  if (!profile) fail(400, "The body is not a pprof profile (profile.proto, gzipped or not)");
  const stacks = pprofStacks(profile, options);
  if (!stacks.ok) fail(422, stacks.message);
  return stacks.value;
}

/** Gunzip within the decompressed cap, through the same streamed, bomb-safe path as request bodies. */
function gunzip(bytes: Uint8Array, limits: BodyLimits): Promise<Uint8Array> {
  const request = new Request("http://profile/", { method: "POST", body: bytes, headers: { "content-encoding": "gzip" } });
  return readBody(request, limits);
}

/** Unix seconds (or ms, µs, ns, told apart by size, as clients differ) → a date; 400 when unusable. */
export function unixTimeParam(raw: string | undefined, name: string): Date | null {
  if (raw === undefined || raw === "") return null;
  if (!/^\d+(\.\d+)?$/.test(raw)) fail(400, `'${name}' must be a unix time`);
  let value = Number(raw);
  while (value > 1e11) value /= 1000;
  const date = new Date(Math.floor(value) * 1000);
  if (date.getUTCFullYear() < 2000 || date.getTime() > Date.now() + 86_400_000) fail(400, `'${name}' is out of range`);
  return date;
}

/** Stack lines of the agent format for pprof stacks. */
export function* stackLines(stacks: Map<string, number>, container: string): Generator<string> {
  for (const [stack, count] of stacks) yield agentStackLine(container, stack, count) + "\n";
}

/** The agent-format profile text, gzipped as R2 keeps profiles: the header line, then the stack lines. */
export async function gzipProfile(
  tags: ProfileTags,
  source: ProfileSource,
  lines: AsyncIterable<string> | Iterable<string>,
): Promise<ArrayBuffer> {
  const compression = new CompressionStream("gzip");
  const writer = compression.writable.getWriter();
  const output = new Response(compression.readable).arrayBuffer();
  const encoder = new TextEncoder();
  try {
    await writer.write(encoder.encode(`${agentHeaderLine(tags, source)}\n`));
    for await (const text of lines) if (text) await writer.write(encoder.encode(text));
    await writer.close();
  } catch (e) {
    await writer.abort().catch(() => {});
    await output.catch(() => {});
    throw e;
  }
  return output;
}

export interface ConvertedProfile {
  serviceName: string;
  tags: ProfileTags;
  /** The profile start: the object name's timestamp, so every sample's Timestamp (§2.4). */
  start: Date;
  /** gzipProfile's output. */
  gzipped: ArrayBuffer;
}

type IngestContext = Context<{ Bindings: Env; Variables: { db: Database } }>;

/**
 * Registers the service and stores the profile like an agent upload: downsampled by the service's
 * threshold, then R2 and the Queue inside the registration's transaction.
 */
export async function storeConvertedProfile(c: IngestContext, profile: ConvertedProfile): Promise<void> {
  const { container, hostname } = profile.tags;
  const envType = container.startsWith("k8s_") ? "k8s" : container ? "containers" : "instances";
  const filename = `${formatIsoSeconds(profile.start)}_${crypto.randomUUID().replace(/-/g, "")}_${await digestHex("MD5", hostname)}.gz`;
  await withPostgres(() =>
    registerService(c.var.db, profile.serviceName, envType, async ({ serviceId, sampleThreshold }) => {
      if (Math.random() >= sampleThreshold) {
        await storeProfile(c.env, { filename, service: profile.serviceName, service_id: serviceId }, profile.gzipped);
      }
    }),
  );
}
