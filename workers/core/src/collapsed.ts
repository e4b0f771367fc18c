// The agent's collapsed profile → flamedb rows (spec §2.5-§2.8), as a streaming byte-level parser: it
// holds only the prefix tree, never the text, so big profiles fit a Worker. Bad lines are skipped and
// counted, never fatal; only an invalid `#` header rejects the file, as in Go.
import { findByte, wordView } from "./byte-words";
import { hasBytesAt } from "./bytes";
import { parseStackLine, type SkipReason } from "./collapsed-line";
import { containerAndK8sName, type ContainerNames } from "./container-name";
import { replaceFrames as bundledReplacer, type FrameReplacer } from "./frame-replace";
import { trimSpaceEnd, trimSpaceStart } from "./go-space";
import { LineSplitter, type LineSink } from "./line-splitter";
import { PathHasher } from "./path-hasher";
import { DEFAULT_PROFILE_HEADER, parseProfileHeader, type ProfileHeader } from "./profile-header";
import { ROOT, StackTree } from "./stack-tree";
import { toClickHouseDateTime, type MetricsRow, type SampleRow } from "./wire/clickhouse-row";

export type { SkipReason };

export interface IndexStats {
  /** Every line, headers included. */
  lines: number;
  /** Lines that are not `#` headers; those not skipped made rows. */
  stackLines: number;
  skipped: Partial<Record<SkipReason, number>>;
}

export type IndexResult =
  | {
      ok: true;
      /** Lazy and re-iterable, in the same order for the same input, so the caller can stream them. */
      rows: Iterable<SampleRow>;
      rowCount: number;
      metrics: MetricsRow | null;
      stats: IndexStats;
    }
  | { ok: false; reason: FailureReason; error: string; stats: IndexStats };

/** Why a whole file is refused: only an invalid `#` header (as in Go), or a tree over the budget. */
export type FailureReason = "invalidHeader" | "tooLarge";

export interface ProfileIndexerOptions {
  serviceId: number;
  /** The profile start (parseProfileTimestamp, or now when the name has none). */
  timestamp: Date;
  insertionTimestamp: Date;
  replaceFrames?: FrameReplacer;
  /** Go's scanner limit; longer lines are skipped (Go stops reading the file there instead). */
  maxLineBytes?: number;
  /**
   * Memory the prefix tree may take (about 40 bytes per distinct prefix); past it the file is
   * refused as tooLarge instead of exhausting a Worker's 128 MB (§7.4). Unlimited by default.
   */
  maxTreeBytes?: number;
}

export interface ProfileIndexer {
  push(chunk: Uint8Array): void;
  finish(): IndexResult;
}

export const MAX_LINE_BYTES = 25 * 1024 * 1024;
const UINT32_MAX = 0xffffffff;
const HASH_SIGN = 0x23;
const SEMICOLON = 0x3b;
const SWAPPER = new TextEncoder().encode("swapper");
const UNRESOLVED = -1;
const INVALID_FRAME = -2;

export function createProfileIndexer(options: ProfileIndexerOptions): ProfileIndexer {
  return new CollapsedIndexer(options);
}

class CollapsedIndexer implements ProfileIndexer, LineSink {
  private header = DEFAULT_PROFILE_HEADER;
  private error: { reason: FailureReason; error: string } | null = null;
  private readonly stats: IndexStats = { lines: 0, stackLines: 0, skipped: {} };
  private readonly maxTreeBytes: number;
  private readonly tree: StackTree;
  private readonly path = new PathHasher();
  private readonly splitter: LineSplitter;
  private readonly replaceFrames: FrameReplacer;
  private readonly strictUtf8 = new TextDecoder("utf-8", { fatal: true, ignoreBOM: true });
  private readonly encoder = new TextEncoder();
  // Consecutive lines mostly share a container: compare bytes instead of decoding again.
  private lastContainer = new Uint8Array(0);
  private lastContainerId = -1;
  private viewBytes: Uint8Array | null = null;
  /** The final frame ids of the line being indexed. */
  private lineFrames = new Int32Array(256);
  /** By raw frame id: its frame after replacement, INVALID_FRAME, or UNRESOLVED. */
  private finalFrames = new Int32Array(1024).fill(UNRESOLVED);
  private view: DataView = new DataView(new ArrayBuffer(0));

  constructor(private readonly options: ProfileIndexerOptions) {
    this.replaceFrames = options.replaceFrames ?? bundledReplacer;
    this.maxTreeBytes = options.maxTreeBytes ?? Infinity;
    this.tree = new StackTree(this.maxTreeBytes);
    this.splitter = new LineSplitter(this, options.maxLineBytes ?? MAX_LINE_BYTES);
  }

  push(chunk: Uint8Array): void {
    if (this.error === null) this.splitter.push(chunk);
  }

  finish(): IndexResult {
    if (this.error === null) this.splitter.finish();
    const stats = { ...this.stats, skipped: { ...this.stats.skipped } };
    if (this.error !== null) return { ok: false, ...this.error, stats };
    const rows = { [Symbol.iterator]: () => sampleRows(this.tree, this.header, this.options) };
    return {
      ok: true,
      rows,
      rowCount: this.tree.rowCount,
      metrics: metricsRow(this.header, this.options),
      stats,
    };
  }

  line(bytes: Uint8Array, start: number, end: number): void {
    if (this.error !== null) return;
    this.stats.lines++;
    // Go tests the untrimmed line for the header.
    if (start < end && bytes[start] === HASH_SIGN) return this.readHeader(bytes, start + 1, end);
    this.stats.stackLines++;
    const skipped = this.indexStackLine(bytes, start, end);
    if (skipped !== null) this.skip(skipped);
    else if (this.tree.full || this.tree.byteSize > this.maxTreeBytes) {
      this.error = {
        reason: "tooLarge",
        error: `the distinct stacks up to line ${this.stats.lines} need over ${this.maxTreeBytes} bytes`,
      };
    }
  }

  tooLong(): void {
    this.stats.lines++;
    this.stats.stackLines++;
    this.skip("lineTooLong");
  }

  private skip(reason: SkipReason): void {
    this.stats.skipped[reason] = (this.stats.skipped[reason] ?? 0) + 1;
  }

  private readHeader(bytes: Uint8Array, start: number, end: number): void {
    // Go's JSON decoder replaces invalid UTF-8 inside strings, so decode leniently here.
    const json = new TextDecoder("utf-8", { fatal: false, ignoreBOM: true }).decode(
      bytes.subarray(start, end),
    );
    const header = parseProfileHeader(json);
    if (header === null) {
      this.error = { reason: "invalidHeader", error: `invalid profile header on line ${this.stats.lines}` };
    } else this.header = header;
  }

  /** extractStack + processStack of callstacks.go; returns why the line made no rows. */
  private indexStackLine(bytes: Uint8Array, start: number, end: number): SkipReason | null {
    const line = parseStackLine(bytes, start, end, {
      container: this.header.profileApiVersion !== "v1",
      metadataIndex: this.header.applicationMetadataEnabled,
    });
    if (typeof line === "string") return line;
    const container = this.containerId(bytes, line.containerStart, line.containerEnd);
    if (container < 0) return "invalidUtf8";
    const depth = this.readFrames(bytes, line.stackStart, line.stackEnd);
    if (typeof depth === "string") return depth;
    if (depth === 0) return "emptyStack";
    this.addStack(depth, container, line.count);
    return null;
  }

  /** The raw container (§2.5: not trimmed) as a tree container id, or -1 for invalid UTF-8. */
  private containerId(bytes: Uint8Array, start: number, end: number): number {
    const last = this.lastContainer;
    if (this.lastContainerId >= 0 && last.length === end - start && hasBytesAt(bytes, start, last)) {
      return this.lastContainerId;
    }
    const name = this.decodeStrict(bytes, start, end);
    if (name === null) return -1;
    this.lastContainer = bytes.slice(start, end);
    return (this.lastContainerId = this.tree.containerId(name));
  }

  /**
   * Splits the stack into frames (§2.6: split on `;`, trim, drop empty ones) as final frame ids in
   * `lineFrames`; returns how many, or why the line is skipped. Nothing is counted yet, so a bad
   * frame late in the line leaves no partial stack behind.
   */
  private readFrames(bytes: Uint8Array, start: number, end: number): number | SkipReason {
    const view = this.viewOf(bytes);
    let depth = 0;
    for (let p = start; p <= end;) {
      const fieldEnd = findByte(view, bytes, SEMICOLON, p, end);
      const frameStart = trimSpaceStart(bytes, p, fieldEnd);
      const frameEnd = trimSpaceEnd(bytes, frameStart, fieldEnd);
      p = fieldEnd + 1;
      if (frameStart === frameEnd) continue;
      // The idle kernel thread is dropped before anything is counted.
      if (depth === 0 && frameEnd - frameStart >= SWAPPER.length && hasBytesAt(bytes, frameStart, SWAPPER)) {
        return "swapper";
      }
      const frame = this.finalFrame(this.tree.frames.intern(bytes, frameStart, frameEnd, view));
      if (frame === INVALID_FRAME) return "invalidUtf8";
      if (depth === this.lineFrames.length) this.lineFrames = grow(this.lineFrames);
      this.lineFrames[depth++] = frame;
    }
    return depth;
  }

  /**
   * The frame a raw frame becomes after replacement (§2.6), decided once per distinct raw frame.
   * Go replaces on the whole joined line; no rule can match a `;`-free frame differently, and only a
   * rule's bare `.` could match across frames, which would merge two frames' text (a bug we drop).
   */
  private finalFrame(raw: number): number {
    if (raw >= this.finalFrames.length) this.finalFrames = grow(this.finalFrames, UNRESOLVED);
    const known = this.finalFrames[raw];
    if (known !== UNRESOLVED) return known;
    const frames = this.tree.frames;
    const name = this.decodeStrict(frames.bytes, frames.start(raw), frames.end(raw));
    let frame = INVALID_FRAME;
    if (name !== null) {
      const replaced = this.replaceFrames(name);
      if (replaced === name) frame = raw;
      else {
        const bytes = this.encoder.encode(replaced);
        const start = trimSpaceStart(bytes, 0, bytes.length);
        frame = frames.intern(bytes, start, trimSpaceEnd(bytes, start, bytes.length));
      }
    }
    return (this.finalFrames[raw] = frame);
  }

  /**
   * Adds the count to every prefix of the line's frames (§2.7). A known prefix is found by
   * (parent, frame); XXH64 of the ':'-joined path runs only for a new one (§7.18).
   */
  private addStack(depth: number, container: number, count: number): void {
    const { frames } = this.tree;
    let parent = ROOT;
    this.path.startLine();
    for (let d = 0; d < depth; d++) {
      const frame = this.lineFrames[d];
      this.path.frame(d, frames.start(frame), frames.end(frame));
      let node = this.tree.child(parent, frame);
      if (node < 0) {
        this.path.hashThrough(frames.bytes, d);
        node = this.tree.addChild(parent, frame, this.path.hi, this.path.lo);
        if (node < 0) return; // the tree is full: line() refuses the file
      }
      this.path.reached(d, node);
      this.tree.count(container, node, count);
      parent = node;
    }
  }

  /** A DataView of the buffer the line is in (a chunk, the splitter's carry, or a replaced line). */
  private viewOf(bytes: Uint8Array): DataView {
    if (bytes !== this.viewBytes) {
      this.viewBytes = bytes;
      this.view = wordView(bytes);
    }
    return this.view;
  }

  private decodeStrict(bytes: Uint8Array, start: number, end: number): string | null {
    try {
      return this.strictUtf8.decode(bytes.subarray(start, end));
    } catch {
      return null;
    }
  }
}

function grow(array: Int32Array, fill = 0): Int32Array<ArrayBuffer> {
  const grown = new Int32Array(array.length * 2).fill(fill);
  grown.set(array);
  return grown;
}

// Go writes every row with the host, instance type and metrics of the last header read.
function* sampleRows(
  tree: StackTree,
  header: ProfileHeader,
  options: ProfileIndexerOptions,
): Generator<SampleRow> {
  const timestamp = toClickHouseDateTime(options.timestamp);
  const insertionTimestamp = toClickHouseDateTime(options.insertionTimestamp);
  const decoded = new Map<string, ContainerNames>();
  for (const row of tree.rows()) {
    let names = decoded.get(row.rawContainer);
    if (names === undefined) decoded.set(row.rawContainer, (names = containerAndK8sName(row.rawContainer)));
    yield {
      Timestamp: timestamp,
      ServiceId: options.serviceId,
      InstanceType: header.instanceType,
      ContainerEnvName: names.k8sName,
      HostName: header.hostname,
      ContainerName: names.containerName,
      // Go sends uint32(sum), which wraps; saturating at least keeps an absurd sum large.
      NumSamples: Math.min(row.samples, UINT32_MAX),
      CallStackHash: row.hash,
      CallStackName: row.name,
      CallStackParent: row.parent,
      InsertionTimestamp: insertionTimestamp,
      ErrNumSamples: 0,
    };
  }
}

/** The flamedb.metrics row: only when both averages are non-zero (§2.8). */
function metricsRow(header: ProfileHeader, options: ProfileIndexerOptions): MetricsRow | null {
  if (header.cpuAvg === 0 || header.memAvg === 0) return null;
  return {
    Timestamp: toClickHouseDateTime(options.timestamp),
    ServiceId: options.serviceId,
    InstanceType: header.instanceType,
    HostName: header.hostname,
    CPUAverageUsedPercent: header.cpuAvg,
    MemoryAverageUsedPercent: header.memAvg,
  };
}
