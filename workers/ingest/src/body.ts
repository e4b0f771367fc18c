// Agent request bodies: gzip JSON with a Content-Length (backend-api.md §3.2.1, B.3). Both the bytes sent
// and the bytes after gunzip are capped, and the gunzip is streamed, so a bomb is cut off as soon as it
// passes the cap (§10.7) and a body is never held whole unless the caller keeps it.
import { createGunzip, type Gunzip } from "node:zlib";
import { parsePythonJson } from "../../core/src/python-json";
import { fail } from "../../shared/src/errors";

export interface BodyLimits {
  /** Bytes as sent (gzip): the original's CONFIG_MAX_CONTENT_LEN. */
  maxCompressed: number;
  /** Bytes after gunzip. */
  maxDecompressed: number;
}

export const DEFAULT_LIMITS: BodyLimits = { maxCompressed: 4 * 1024 * 1024, maxDecompressed: 32 * 1024 * 1024 };

export function bodyLimits(env: { MAX_COMPRESSED_BYTES?: string; MAX_DECOMPRESSED_BYTES?: string }): BodyLimits {
  return {
    maxCompressed: Number(env.MAX_COMPRESSED_BYTES) || DEFAULT_LIMITS.maxCompressed,
    maxDecompressed: Number(env.MAX_DECOMPRESSED_BYTES) || DEFAULT_LIMITS.maxDecompressed,
  };
}

/** 411 without Content-Length (chunked uploads), 413 above the compressed cap: checked before anything else. */
export function checkContentLength(request: Request, limits: BodyLimits): void {
  const length = request.headers.get("content-length");
  if (length === null) fail(411, "Length Required");
  if (!/^\d{1,16}$/.test(length.trim())) fail(400, "Invalid Content-Length header");
  if (Number(length) > limits.maxCompressed) fail(413, `Request Entity Too Large (over ${limits.maxCompressed} bytes)`);
}

/** The original gunzips iff `gzip` is one of the Content-Encoding values; anything else is read as is. */
const isGzip = (request: Request) =>
  (request.headers.get("content-encoding") ?? "").split(",").some((e) => e.trim().toLowerCase() === "gzip");

/** Parsing works on pieces of about this size. */
const CHUNK_BYTES = 64 * 1024;
/**
 * Compressed bytes handed to gunzip at a time. Deflate expands at most ~1032:1, so one slice inflates
 * to 4 MiB at worst before the cap is checked. (workerd's DecompressionStream inflates everything
 * written to it at once, and a pipe writes the whole upload: a 4 MiB bomb would take 4 GiB. node:zlib's
 * Gunzip only takes more input once its output has been read.)
 */
const GUNZIP_SLICE_BYTES = 4 * 1024;

/**
 * The body after gunzip in pieces of about 64 KiB: 400 for bad gzip, 413 once past the decompressed cap.
 * When the caller stops early (a bomb, a bad field), gunzip stops at once but the rest of the upload is
 * still read and discarded (at most the compressed cap: checkContentLength ran first). Answering before
 * the body is read whole leaves the client mid-send: `wrangler dev` dies of it (a 128 KiB bomb answered
 * 413 took every Worker down for ~30 s in the soak), and a keep-alive connection cannot be reused.
 */
export async function* bodyChunks(request: Request, limits: BodyLimits): AsyncGenerator<Uint8Array> {
  const reader = (request.body ?? new ReadableStream<Uint8Array>({ start: (c) => c.close() })).getReader();
  const gunzip = isGzip(request) ? createGunzip() : null;
  const fed = gunzip ? feed(reader, gunzip) : null;
  const source: AsyncIterable<Uint8Array> = gunzip ?? readerChunks(reader);
  let total = 0;
  let pending: Uint8Array[] = [];
  let pendingBytes = 0;
  try {
    for await (const chunk of catchBodyErrors(source)) {
      total += chunk.byteLength;
      if (total > limits.maxDecompressed) {
        fail(413, `Request Entity Too Large (over ${limits.maxDecompressed} bytes after decompression)`);
      }
      pending.push(chunk);
      pendingBytes += chunk.byteLength;
      if (pendingBytes >= CHUNK_BYTES) {
        yield concat(pending, pendingBytes);
        pending = [];
        pendingBytes = 0;
      }
    }
    if (pendingBytes) yield concat(pending, pendingBytes);
  } finally {
    gunzip?.destroy();
    // feed stops at its next slice; only then is the reader free to discard the rest
    await fed;
    await discardRest(reader, limits.maxCompressed);
  }
}

/** Reads the upload to its end unused, or cancels it past `maxBytes` (a body longer than its Content-Length). */
async function discardRest(reader: ReadableStreamDefaultReader<Uint8Array>, maxBytes: number): Promise<void> {
  try {
    for (let read = 0; read <= maxBytes; ) {
      const { done, value } = await reader.read();
      if (done) return;
      read += value.byteLength;
    }
    await reader.cancel();
  } catch {
    // the client went away: nothing left to read
  }
}

async function* catchBodyErrors(source: AsyncIterable<Uint8Array>): AsyncGenerator<Uint8Array> {
  try {
    yield* source;
  } catch {
    fail(400, "There was an error parsing the body");
  }
}

async function* readerChunks(reader: ReadableStreamDefaultReader<Uint8Array>): AsyncGenerator<Uint8Array> {
  for (;;) {
    const { done, value } = await reader.read();
    if (done) return;
    yield value;
  }
}

/** Writes the upload into gunzip a slice at a time, waiting while gunzip's output is unread. */
async function feed(reader: ReadableStreamDefaultReader<Uint8Array>, gunzip: Gunzip): Promise<void> {
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      for (let offset = 0; offset < value.byteLength; offset += GUNZIP_SLICE_BYTES) {
        if (gunzip.destroyed) return;
        if (!gunzip.write(value.subarray(offset, offset + GUNZIP_SLICE_BYTES))) await drained(gunzip);
      }
    }
    gunzip.end();
  } catch (e) {
    gunzip.destroy(e as Error);
  }
}

const drained = (stream: Gunzip) =>
  new Promise<void>((resolve) => {
    const done = () => {
      stream.off("drain", done).off("close", done);
      resolve();
    };
    stream.on("drain", done).on("close", done);
  });

function concat(parts: Uint8Array[], length: number): Uint8Array {
  if (parts.length === 1) return parts[0];
  const out = new Uint8Array(length);
  let offset = 0;
  for (const part of parts) {
    out.set(part, offset);
    offset += part.byteLength;
  }
  return out;
}

/** A whole small body (a log batch) parsed as Python's json.loads would. */
export async function readJsonBody(request: Request, limits: BodyLimits): Promise<unknown> {
  const decoder = new TextDecoder();
  let text = "";
  for await (const chunk of bodyChunks(request, limits)) text += decoder.decode(chunk, { stream: true });
  text += decoder.decode();
  const value = parsePythonJson(text);
  if (value === undefined) fail(400, "Body is not valid JSON");
  return value;
}
