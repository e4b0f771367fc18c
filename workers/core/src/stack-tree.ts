// The per-file prefix tree of the indexer (spec §2.7): every stack prefix is a node keyed by its
// XXH64 hash, with inclusive counts per raw container. A node is 24 bytes in fixed-size pages (no
// doubling copies) plus 16-32 bytes of hash-table slots, and names are interned frame ids, so a
// profile costs 40-56 bytes per distinct prefix and none for its text (49 MB for the 1.06 million
// prefixes of a generated 200 MB profile), and the tree never grows past the budget it is given.
import { FrameTable } from "./frame-table";
import { PairCounts } from "./pair-counts";
import { uint64Decimal } from "./xxhash64";

/** The parent of a root node. */
export const ROOT = -1;
const EMPTY = -1;
const NO_CONTAINER = -1;
const UINT32_MAX = 0xffffffff;
const INITIAL_SLOTS = 2048;

// A node's fields, in Int32 pages of PAGE_NODES nodes.
const PARENT = 0;
const FRAME = 1;
const HASH_HI = 2;
const HASH_LO = 3;
/** The container the node was first counted in; its count is kept here, others in `overflow`. */
const CONTAINER = 4;
/** Saturating uint32 sum: NumSamples is a UInt32, and min(sum, 2^32-1) is what is written. */
const COUNT = 5;
const STRIDE = 6;
const PAGE_BITS = 14;
const PAGE_NODES = 1 << PAGE_BITS;
const PAGE_MASK = PAGE_NODES - 1;

export interface TreeRow {
  rawContainer: string;
  /** Decimal XXH64 of the node's path. */
  hash: string;
  /** Decimal hash of the parent node, "0" for a root. */
  parent: string;
  name: string;
  /** Inclusive count of the node in this container, at most 2^32-1. */
  samples: number;
}

export class StackTree {
  readonly frames = new FrameTable();
  /** A new prefix did not fit the budget: addChild() refused it. */
  full = false;
  private size = 0;
  private countedNodes = 0;
  private readonly pages: Int32Array[] = [];
  /** Nodes by (parent, frame): a repeated prefix is found without hashing it again (§7.18). */
  private childSlots = new Int32Array(INITIAL_SLOTS).fill(EMPTY);
  /**
   * Nodes by XXH64: two paths whose ':'-joined strings are equal are one node, as in Go (§2.7).
   * (node, low hash word) pairs: a new prefix (the usual lookup here) probes past other nodes
   * without a cache miss on each one's page.
   */
  private hashSlots = new Int32Array(INITIAL_SLOTS * 2).fill(EMPTY);
  /** Counts of nodes in containers other than their first. */
  private readonly overflow = new PairCounts();
  private readonly containers: string[] = [];
  private readonly containerIds = new Map<string, number>();

  /** `maxBytes` bounds the pages and tables, counting the moment a table is copied to grow. */
  constructor(private readonly maxBytes = Infinity) {}

  containerId(rawContainer: string): number {
    let id = this.containerIds.get(rawContainer);
    if (id === undefined) {
      this.containerIds.set(rawContainer, (id = this.containers.length));
      this.containers.push(rawContainer);
    }
    return id;
  }

  /** The node reached from parent through frame (an id of `frames`), or -1 if unknown. */
  child(parent: number, frame: number): number {
    const slots = this.childSlots;
    const mask = slots.length - 1;
    for (let slot = childSlot(parent, frame, mask); ; slot = (slot + 1) & mask) {
      const node = slots[slot];
      if (node === EMPTY) return -1;
      const page = this.pages[node >>> PAGE_BITS];
      const o = (node & PAGE_MASK) * STRIDE;
      if (page[o + FRAME] === frame && page[o + PARENT] === parent) return node;
    }
  }

  /**
   * The node of the prefix whose XXH64 is hi:lo, reached from parent through frame: a new node,
   * or the one another path with the same hash made, which then takes this parent and name
   * (Go keeps the last ones written per hash). -1 when the budget is spent (and `full` is set).
   */
  addChild(parent: number, frame: number, hi: number, lo: number): number {
    if (!this.roomForOneMore()) {
      this.full = true;
      return -1;
    }
    const slots = this.hashSlots;
    const mask = (slots.length >>> 1) - 1;
    const tag = lo | 0;
    let slot = tag & mask;
    for (let node = slots[slot * 2]; node !== EMPTY; node = slots[(slot = (slot + 1) & mask) * 2]) {
      if (slots[slot * 2 + 1] !== tag) continue;
      const page = this.pages[node >>> PAGE_BITS];
      const o = (node & PAGE_MASK) * STRIDE;
      if (page[o + HASH_HI] === (hi | 0)) {
        page[o + PARENT] = parent;
        page[o + FRAME] = frame;
        return node;
      }
    }
    const node = this.size++;
    const page = this.pages[node >>> PAGE_BITS];
    const o = (node & PAGE_MASK) * STRIDE;
    page[o + PARENT] = parent;
    page[o + FRAME] = frame;
    page[o + HASH_HI] = hi;
    page[o + HASH_LO] = lo;
    page[o + CONTAINER] = NO_CONTAINER;
    slots[slot * 2] = node;
    slots[slot * 2 + 1] = tag;
    placeChild(this.childSlots, parent, frame, node);
    return node;
  }

  /** Makes room for a node (a page, tables at most 3/4 full) unless that would break the budget. */
  private roomForOneMore(): boolean {
    if (this.size === this.pages.length * PAGE_NODES) {
      if (this.byteSize + PAGE_NODES * STRIDE * 4 > this.maxBytes) return false;
      this.pages.push(new Int32Array(PAGE_NODES * STRIDE));
    }
    // at most 3/4 full keeps probe chains short at 16-32 bytes of slots per node, not 24-48
    if (this.size * 4 >= this.childSlots.length * 3) {
      // both tables are copied to twice their size, the old ones still held
      const tables = this.childSlots.byteLength + this.hashSlots.byteLength;
      if (this.byteSize + 2 * tables > this.maxBytes) return false;
      this.rehash();
    }
    return true;
  }

  count(container: number, node: number, count: number): void {
    const page = this.pages[node >>> PAGE_BITS];
    const o = (node & PAGE_MASK) * STRIDE;
    const first = page[o + CONTAINER];
    if (first === container) {
      const sum = (page[o + COUNT] >>> 0) + count;
      page[o + COUNT] = sum > UINT32_MAX ? UINT32_MAX : sum;
    } else if (first === NO_CONTAINER) {
      page[o + CONTAINER] = container;
      page[o + COUNT] = count;
      this.countedNodes++;
    } else {
      this.overflow.add(container, node, count);
    }
  }

  get rowCount(): number {
    return this.countedNodes + this.overflow.size;
  }

  /** Bytes held, for the caller's memory budget. */
  get byteSize(): number {
    return (
      this.pages.length * PAGE_NODES * STRIDE * 4 +
      this.childSlots.byteLength +
      this.hashSlots.byteLength +
      this.overflow.byteSize +
      this.frames.byteSize
    );
  }

  /**
   * One row per (raw container, node): nodes in creation order, then other containers' counts.
   * Every row is the same object, updated in place (a million rows would otherwise be a million
   * short-lived objects): copy what you keep.
   */
  *rows(): Generator<TreeRow> {
    const decimals = new HashDecimals(this.pages);
    const row: TreeRow = { rawContainer: "", hash: "", parent: "", name: "", samples: 0 };
    for (let node = 0; node < this.size; node++) {
      const page = this.pages[node >>> PAGE_BITS];
      const container = page[(node & PAGE_MASK) * STRIDE + CONTAINER];
      if (container !== NO_CONTAINER) {
        yield this.fill(row, decimals, node, container, page[(node & PAGE_MASK) * STRIDE + COUNT] >>> 0);
      }
    }
    const { overflow } = this;
    for (let entry = 0; entry < overflow.size; entry++) {
      yield this.fill(
        row,
        decimals,
        overflow.second(entry),
        overflow.first(entry),
        Math.min(overflow.sum(entry), UINT32_MAX),
      );
    }
  }

  private fill(
    row: TreeRow,
    decimals: HashDecimals,
    node: number,
    container: number,
    samples: number,
  ): TreeRow {
    const page = this.pages[node >>> PAGE_BITS];
    const parent = page[(node & PAGE_MASK) * STRIDE + PARENT];
    row.rawContainer = this.containers[container];
    row.hash = decimals.of(node);
    row.parent = parent === ROOT ? "0" : decimals.of(parent);
    row.name = this.frames.name(page[(node & PAGE_MASK) * STRIDE + FRAME]);
    row.samples = samples;
    return row;
  }

  private rehash(): void {
    const hashSlots = new Int32Array(this.hashSlots.length * 2).fill(EMPTY);
    const childSlots = new Int32Array(this.childSlots.length * 2).fill(EMPTY);
    const mask = childSlots.length - 1;
    for (let node = 0; node < this.size; node++) {
      const page = this.pages[node >>> PAGE_BITS];
      const o = (node & PAGE_MASK) * STRIDE;
      let slot = page[o + HASH_LO] & mask;
      while (hashSlots[slot * 2] !== EMPTY) slot = (slot + 1) & mask;
      hashSlots[slot * 2] = node;
      hashSlots[slot * 2 + 1] = page[o + HASH_LO];
      placeChild(childSlots, page[o + PARENT], page[o + FRAME], node);
    }
    this.hashSlots = hashSlots;
    this.childSlots = childSlots;
  }
}

const DECIMAL_CACHE_MASK = (1 << 12) - 1;

/**
 * Nodes' hashes as decimal text, with the recent ones cached: rows come in creation order, so a
 * node's parent was usually written a few rows before, and its text is reused instead of redone.
 */
class HashDecimals {
  private readonly nodes = new Int32Array(DECIMAL_CACHE_MASK + 1).fill(EMPTY);
  private readonly texts: string[] = new Array<string>(DECIMAL_CACHE_MASK + 1).fill("");

  constructor(private readonly pages: Int32Array[]) {}

  of(node: number): string {
    const slot = node & DECIMAL_CACHE_MASK;
    if (this.nodes[slot] === node) return this.texts[slot];
    const page = this.pages[node >>> PAGE_BITS];
    const o = (node & PAGE_MASK) * STRIDE;
    this.nodes[slot] = node;
    return (this.texts[slot] = uint64Decimal(page[o + HASH_HI] >>> 0, page[o + HASH_LO] >>> 0));
  }
}

function childSlot(parent: number, frame: number, mask: number): number {
  const h = Math.imul(frame ^ Math.imul(parent + 1, 0x9e3779b1), 0x85ebca6b);
  return (h ^ (h >>> 15)) & mask;
}

function placeChild(slots: Int32Array, parent: number, frame: number, node: number): void {
  const mask = slots.length - 1;
  let slot = childSlot(parent, frame, mask);
  while (slots[slot] !== EMPTY) slot = (slot + 1) & mask;
  slots[slot] = node;
}
