// Splits a byte stream into lines like Go's bufio.ScanLines (spec §2.5): `\n` ends a line, one
// trailing `\r` is dropped, and a last line without `\n` still counts. Only the unfinished line is
// buffered, so memory stays bounded by the longest line, not the input.

const LF = 0x0a;
const CR = 0x0d;

export interface LineSink {
  /** bytes[start..end) is one line without its terminator; valid only during the call. */
  line(bytes: Uint8Array, start: number, end: number): void;
  /** A line longer than the limit was dropped without being buffered. */
  tooLong(): void;
}

export class LineSplitter {
  private carry = new Uint8Array(256);
  private carryLength = 0;
  /** A line started in an earlier chunk and has not ended yet. */
  private pending = false;
  /** The pending line passed the limit; its bytes are being dropped. */
  private overflow = false;

  constructor(
    private readonly sink: LineSink,
    private readonly maxLineBytes: number,
  ) {}

  push(chunk: Uint8Array): void {
    let p = 0;
    if (this.pending) {
      const lf = chunk.indexOf(LF);
      this.append(chunk, 0, lf < 0 ? chunk.length : lf);
      if (lf < 0) return;
      this.endPending();
      p = lf + 1;
    }
    for (let lf = chunk.indexOf(LF, p); lf >= 0; lf = chunk.indexOf(LF, p)) {
      this.emit(chunk, p, lf);
      p = lf + 1;
    }
    if (p < chunk.length) {
      this.pending = true;
      this.append(chunk, p, chunk.length);
    }
  }

  finish(): void {
    if (this.pending) this.endPending();
  }

  private emit(bytes: Uint8Array, start: number, end: number): void {
    if (end - start > this.maxLineBytes) return this.sink.tooLong();
    this.sink.line(bytes, start, end > start && bytes[end - 1] === CR ? end - 1 : end);
  }

  private append(bytes: Uint8Array, start: number, end: number): void {
    if (this.overflow) return;
    const length = this.carryLength + end - start;
    if (length > this.maxLineBytes) {
      this.overflow = true;
      this.carryLength = 0;
      return;
    }
    if (length > this.carry.length) {
      const grown = new Uint8Array(Math.min(Math.max(length, this.carry.length * 2), this.maxLineBytes));
      grown.set(this.carry.subarray(0, this.carryLength));
      this.carry = grown;
    }
    this.carry.set(bytes.subarray(start, end), this.carryLength);
    this.carryLength = length;
  }

  private endPending(): void {
    if (this.overflow) this.sink.tooLong();
    else this.emit(this.carry, 0, this.carryLength);
    this.pending = false;
    this.overflow = false;
    this.carryLength = 0;
  }
}
