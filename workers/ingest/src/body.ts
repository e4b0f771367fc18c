// Agent request bodies: gzip JSON with a Content-Length (backend-api.md §3.2.1). Both the bytes sent and
// the bytes after gunzip are capped, and the gunzip is streamed so a bomb is cut off early (§10.7).
import { fail } from "../../shared/src/errors";

export interface BodyLimits {
  maxCompressed: number;
  maxDecompressed: number;
}

export const DEFAULT_LIMITS: BodyLimits = { maxCompressed: 4 * 1024 * 1024, maxDecompressed: 32 * 1024 * 1024 };

export function bodyLimits(env: { MAX_COMPRESSED_BYTES?: string; MAX_DECOMPRESSED_BYTES?: string }): BodyLimits {
  return {
    maxCompressed: Number(env.MAX_COMPRESSED_BYTES) || DEFAULT_LIMITS.maxCompressed,
    maxDecompressed: Number(env.MAX_DECOMPRESSED_BYTES) || DEFAULT_LIMITS.maxDecompressed,
  };
}

export async function readJsonBody(request: Request, limits: BodyLimits): Promise<unknown> {
  const length = request.headers.get("content-length");
  if (length === null) fail(411, "Length Required");
  if (!/^\d+$/.test(length)) fail(400, "Invalid Content-Length");
  if (Number(length) > limits.maxCompressed) fail(413, `Request Entity Too Large (over ${limits.maxCompressed} bytes)`);
  const gzipped = (request.headers.get("content-encoding") ?? "")
    .split(",")
    .some((e) => e.trim().toLowerCase() === "gzip");
  let stream = request.body ?? new Response("").body!;
  if (gzipped) stream = stream.pipeThrough(new DecompressionStream("gzip"));
  const text = await readCapped(stream, limits.maxDecompressed);
  try {
    return JSON.parse(text);
  } catch {
    return fail(400, "Body is not valid JSON");
  }
}

async function readCapped(stream: ReadableStream<Uint8Array>, max: number): Promise<string> {
  const reader = stream.getReader();
  const decoder = new TextDecoder();
  const parts: string[] = [];
  let total = 0;
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      total += value.byteLength;
      if (total > max) {
        await reader.cancel().catch(() => {});
        fail(413, `Request Entity Too Large (over ${max} bytes after decompression)`);
      }
      parts.push(decoder.decode(value, { stream: true }));
    }
  } catch (e) {
    if (e instanceof Error && e.name === "HTTPException") throw e;
    fail(400, "There was an error parsing the body");
  }
  parts.push(decoder.decode());
  return parts.join("");
}
