// Reads an agent's upload body (B.2) in one pass without ever holding the profile text: the `profile`
// string is unescaped chunk by chunk and gzipped on the fly into what R2 stores (backend-api.md §3.2.4),
// with server_token removed from its header line first (§10.6). What is held is the gzip output and
// pieces of ~64 KiB, however large the decompressed profile is (up to MAX_DECOMPRESSED_BYTES).
import { redactHeaderLine } from "../../core/src/agent-metadata";
import { JsonObjectStream } from "../../core/src/json-object-stream";
import { parseAgentUploadFields, type AgentUploadFields } from "../../core/src/wire/agent-upload";
import { fail } from "../../shared/src/errors";
import { bodyChunks, type BodyLimits } from "./body";

export interface ProfileUpload extends AgentUploadFields {
  /** The profile's first line as sent (`# {json}`), for validation. */
  headerLine: string;
  /** gzip of the profile text with the redacted header line: the R2 object. */
  gzipped: ArrayBuffer;
}

/**
 * The agent's header holds metadata and application metadata, a few KiB, and with the Intel/Pinterest
 * fork's agent its HTML report base64 (`htmlblob`, core/html-report.ts: PerfSpect reports of a few MB).
 */
const MAX_HEADER_CHARS = 16 * 1024 * 1024;
/** start_time, gpid, hostname, metrics…: tiny next to this. */
const MAX_OTHER_FIELDS_CHARS = 64 * 1024;

export async function readProfileUpload(request: Request, limits: BodyLimits): Promise<ProfileUpload> {
  const gzip = new ProfileGzip();
  const json = new JsonObjectStream({ streamKey: "profile", onChunk: (text) => gzip.push(text), maxKeptChars: MAX_OTHER_FIELDS_CHARS });
  const decoder = new TextDecoder("utf-8", { fatal: true, ignoreBOM: false });
  try {
    for await (const bytes of bodyChunks(request, limits)) {
      if (!json.write(decode(decoder, bytes, true))) break;
      await gzip.flush();
    }
    json.write(decode(decoder, new Uint8Array(), false));
    const body = json.end();
    if (!body.ok) fail(400, body.message);
    if (!body.value.streamed) fail(400, "profile" in body.value.fields ? "'profile' must be a string" : "Missing parameter 'profile'");
    const fields = parseAgentUploadFields(body.value.fields);
    if (!fields.ok) fail(400, fields.message);
    return { ...fields.value, headerLine: gzip.headerLine, gzipped: await gzip.finish() };
  } finally {
    gzip.abort();
  }
}

function decode(decoder: TextDecoder, bytes: Uint8Array, stream: boolean): string {
  try {
    return decoder.decode(bytes, { stream });
  } catch {
    return fail(400, "Body is not valid UTF-8");
  }
}

/** The profile text → gzip, holding back the header line until it is complete so it can be redacted. */
class ProfileGzip {
  headerLine = "";
  private headerDone = false;
  private pending: string[] = [];
  private readonly encoder = new TextEncoder();
  private readonly compression = new CompressionStream("gzip");
  private readonly writer = this.compression.writable.getWriter();
  private readonly output = new Response(this.compression.readable).arrayBuffer();
  private finished = false;

  push(text: string) {
    if (this.headerDone) {
      this.pending.push(text);
      return;
    }
    const newline = text.indexOf("\n");
    this.headerLine += newline === -1 ? text : text.slice(0, newline);
    if (this.headerLine.length > MAX_HEADER_CHARS) fail(400, "Failed to parse v2 metadata: the header line is too long");
    if (newline !== -1) {
      this.headerDone = true;
      this.pending.push(redactHeaderLine(this.headerLine), text.slice(newline));
    }
  }

  /** Compresses what arrived so far; awaiting it applies the compressor's backpressure. */
  async flush() {
    if (!this.pending.length) return;
    const text = this.pending.join("");
    this.pending = [];
    await this.writer.write(this.encoder.encode(text));
  }

  async finish(): Promise<ArrayBuffer> {
    if (!this.headerDone) {
      this.headerDone = true;
      this.pending.unshift(redactHeaderLine(this.headerLine));
    }
    await this.flush();
    this.finished = true;
    await this.writer.close();
    return this.output;
  }

  abort() {
    if (this.finished) return;
    this.finished = true;
    this.writer.abort().catch(() => {});
    this.output.catch(() => {});
  }
}
