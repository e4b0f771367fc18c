// A JSON object read from text chunks, with one string member passed on as it arrives instead of kept:
// an agent upload is `{"start_time": …, "profile": "<up to 32 MiB>", "gpid": …}` (B.2), and holding the
// body text and the parsed profile string at once would need twice its size. The other members are
// kept (within a cap) and parsed as Python's json.loads would; the streamed string is unescaped exactly
// as JSON.parse would, chunk by chunk.
import { parsePythonJson } from "./python-json";
import type { JsonObject } from "./pydantic-v1";
import type { Parsed } from "./wire/agent-upload";

export interface JsonObjectStreamOptions {
  /** The top-level key whose string value goes to `onChunk` instead of the result. */
  streamKey: string;
  onChunk: (text: string) => void;
  /** Characters of all other keys and values together; more is an error. */
  maxKeptChars: number;
}

export interface JsonObjectStreamResult {
  fields: JsonObject;
  /** Whether `streamKey` was present with a string value (its text went to onChunk). */
  streamed: boolean;
}

type State = "start" | "firstKey" | "key" | "keyText" | "colon" | "value" | "kept" | "streamed" | "next" | "end";

const ESCAPES: Record<string, string> = { '"': '"', "\\": "\\", "/": "/", b: "\b", f: "\f", n: "\n", r: "\r", t: "\t" };
const isWhitespace = (c: string) => c === " " || c === "\n" || c === "\r" || c === "\t";

class SyntaxFailure extends Error {}

export class JsonObjectStream {
  private state: State = "start";
  private key = "";
  private value = "";
  private depth = 0;
  private inString = false;
  private escaped = false;
  private kept = 0;
  private readonly fields: JsonObject = {};
  private streamed = false;
  /** An escape sequence cut by a chunk boundary. */
  private carry = "";
  /** A high surrogate from `\uD83D` held until its low half arrives, so no chunk ends mid-pair. */
  private highSurrogate = "";
  private readonly special = /["\\\u0000-\u001f]/g;
  private failure: string | null = null;

  constructor(private readonly options: JsonObjectStreamOptions) {}

  /** Feeds the next chunk; false once the text is not a valid object (see `end()` for why). */
  write(chunk: string): boolean {
    if (this.failure !== null) return false;
    try {
      this.consume(this.carry + chunk);
      return true;
    } catch (e) {
      if (!(e instanceof SyntaxFailure)) throw e;
      this.failure = e.message;
      return false;
    }
  }

  end(): Parsed<JsonObjectStreamResult> {
    if (this.failure === null && this.state !== "end") this.failure = "Body is truncated JSON";
    if (this.failure !== null) return { ok: false, message: this.failure };
    return { ok: true, value: { fields: this.fields, streamed: this.streamed } };
  }

  private consume(text: string): void {
    this.carry = "";
    let i = 0;
    while (i < text.length) {
      if (this.state === "streamed") {
        i = this.streamString(text, i);
        continue;
      }
      if (this.state === "keyText" || this.state === "kept") {
        i = this.keep(text, i);
        continue;
      }
      const c = text[i++];
      if (isWhitespace(c)) continue;
      switch (this.state) {
        case "start":
          this.expect(c === "{", "Body must be a JSON object");
          this.state = "firstKey";
          break;
        case "firstKey":
        case "key":
          if (c === "}" && this.state === "firstKey") {
            this.state = "end";
            break;
          }
          this.expect(c === '"', "Expected a key in the JSON body");
          this.startKept('"', "keyText");
          break;
        case "colon":
          this.expect(c === ":", "Expected ':' in the JSON body");
          this.state = "value";
          break;
        case "value":
          if (this.key === this.options.streamKey && c === '"') {
            this.expect(!this.streamed, `Duplicate '${this.key}' in the JSON body`);
            this.streamed = true;
            this.state = "streamed";
          } else {
            this.startKept(c, "kept");
          }
          break;
        case "next":
          this.expect(c === "," || c === "}", "Expected ',' or '}' in the JSON body");
          this.state = c === "," ? "key" : "end";
          break;
        case "end":
          this.expect(false, "Unexpected data after the JSON body");
      }
    }
  }

  private expect(condition: boolean, message: string): asserts condition {
    if (!condition) throw new SyntaxFailure(message);
  }

  private startKept(first: string, state: "keyText" | "kept") {
    this.value = first;
    this.kept += 1;
    this.depth = first === "{" || first === "[" ? 1 : 0;
    this.inString = first === '"';
    this.escaped = false;
    this.state = state;
  }

  /** Copies a key or a kept value up to its end; returns the index after what was consumed. */
  private keep(text: string, start: number): number {
    let i = start;
    let done = false;
    const primitive = this.depth === 0 && !this.inString && this.value[0] !== '"';
    for (; i < text.length && !done; i++) {
      const c = text[i];
      if (primitive) {
        // The delimiter is left for the object's own parsing.
        if (c === "," || c === "}" || c === "]" || isWhitespace(c)) {
          done = true;
          break;
        }
      } else if (this.inString) {
        if (this.escaped) this.escaped = false;
        else if (c === "\\") this.escaped = true;
        else if (c === '"') {
          this.inString = false;
          done = this.depth === 0;
        }
      } else if (c === '"') this.inString = true;
      else if (c === "{" || c === "[") this.depth++;
      else if (c === "}" || c === "]") done = --this.depth === 0;
    }
    this.kept += i - start;
    this.expect(this.kept <= this.options.maxKeptChars, `JSON body fields besides '${this.options.streamKey}' are too large`);
    this.value += text.slice(start, i);
    if (done) this.finishKept();
    return i;
  }

  private finishKept() {
    const value = parsePythonJson(this.value);
    this.expect(value !== undefined, "Body is not valid JSON");
    if (this.state === "keyText") {
      this.key = value as string;
      this.state = "colon";
    } else {
      this.fields[this.key] = value;
      this.state = "next";
    }
  }

  /** Unescapes the streamed string from `start`; returns the index after what was consumed. */
  private streamString(text: string, start: number): number {
    const out: string[] = [];
    let i = start;
    this.special.lastIndex = i;
    for (;;) {
      const match = this.special.exec(text);
      if (!match) {
        out.push(text.slice(i));
        i = text.length;
        break;
      }
      const j = match.index;
      if (j > i) out.push(text.slice(i, j));
      const c = text[j];
      if (c === '"') {
        i = j + 1;
        this.state = "next";
        break;
      }
      this.expect(c === "\\", "Control character in a JSON string");
      const length = text[j + 1] === "u" ? 6 : 2;
      if (j + length > text.length) {
        this.carry = text.slice(j);
        i = text.length;
        break;
      }
      out.push(this.unescape(text.slice(j, j + length)));
      i = j + length;
      this.special.lastIndex = i;
    }
    this.emit(out.join(""), this.state !== "streamed");
    return i;
  }

  private unescape(sequence: string): string {
    if (sequence[1] === "u") {
      this.expect(/^\\u[0-9a-fA-F]{4}$/.test(sequence), "Invalid \\u escape in a JSON string");
      return String.fromCharCode(parseInt(sequence.slice(2), 16));
    }
    const decoded = ESCAPES[sequence[1]];
    this.expect(decoded !== undefined, "Invalid escape in a JSON string");
    return decoded;
  }

  private emit(text: string, last: boolean) {
    text = this.highSurrogate + text;
    this.highSurrogate = "";
    const tail = text.charCodeAt(text.length - 1);
    if (!last && tail >= 0xd800 && tail <= 0xdbff) {
      this.highSurrogate = text.slice(-1);
      text = text.slice(0, -1);
    }
    if (text) this.options.onChunk(text);
  }
}
