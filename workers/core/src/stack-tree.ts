// The per-file prefix tree of the indexer (spec §2.7): every stack prefix is a node keyed by its
// XXH64 hash, with inclusive counts per raw container. Everything lives in typed arrays (nodes,
// edges, counts), so a big profile costs a few dozen bytes per distinct prefix and no text.
import { EdgeCache } from "./edge-cache";
import { PairCounts } from "./pair-counts";
import { uint64Decimal } from "./xxhash64";

/** The parent of a root node. */
export const ROOT = -1;
const EMPTY_SLOT = -1;
const INITIAL_NODES = 1024;

export interface TreeRow {
  rawContainer: string;
  /** Decimal XXH64 of the node's path. */
  hash: string;
  /** Decimal hash of the parent node, "0" for a root. */
  parent: string;
  name: string;
  /** Inclusive count of the node in this container. */
  samples: number;
}

export class StackTree {
  private size = 0;
  private slots = new Int32Array(INITIAL_NODES * 2).fill(EMPTY_SLOT);
  private hashHi = new Uint32Array(INITIAL_NODES);
  private hashLo = new Uint32Array(INITIAL_NODES);
  private parents = new Int32Array(INITIAL_NODES);
  /** The edge whose frame is the node's name. */
  private nameEdges = new Int32Array(INITIAL_NODES);
  private readonly edges = new EdgeCache();
  private readonly counts = new PairCounts();
  private readonly containers: string[] = [];
  private readonly containerIds = new Map<string, number>();

  containerId(rawContainer: string): number {
    let id = this.containerIds.get(rawContainer);
    if (id === undefined) {
      this.containerIds.set(rawContainer, (id = this.containers.length));
      this.containers.push(rawContainer);
    }
    return id;
  }

  /** The known child of parent by the frame bytes[start..end) (key = frameKey of it), or -1. */
  child(parent: number, key: number, frame: Uint8Array, start: number, end: number): number {
    const edge = this.edges.find(parent, key, frame, start, end);
    if (edge < 0) return -1;
    const node = this.edges.child(edge);
    this.link(node, parent, edge);
    return node;
  }

  /** Adds the edge to the prefix whose XXH64 is hi:lo (a new node unless the hash is known). */
  addChild(
    parent: number,
    key: number,
    frame: Uint8Array,
    start: number,
    end: number,
    hi: number,
    lo: number,
  ): number {
    const node = this.nodeFor(hi, lo);
    this.link(node, parent, this.edges.add(parent, key, frame, start, end, node));
    return node;
  }

  count(container: number, node: number, count: number): void {
    this.counts.add(container, node, count);
  }

  get rowCount(): number {
    return this.counts.size;
  }

  /** One row per (raw container, node) in first-counted order. */
  *rows(): Generator<TreeRow> {
    for (let entry = 0; entry < this.counts.size; entry++) {
      const node = this.counts.second(entry);
      const parent = this.parents[node];
      yield {
        rawContainer: this.containers[this.counts.first(entry)],
        hash: uint64Decimal(this.hashHi[node], this.hashLo[node]),
        parent: parent === ROOT ? "0" : uint64Decimal(this.hashHi[parent], this.hashLo[parent]),
        name: this.edges.frame(this.nameEdges[node]),
        samples: this.counts.sum(entry),
      };
    }
  }

  /**
   * Go keeps the last (name, parent) written per hash. Both change only when two paths join to the
   * same ':'-string, e.g. the root `a:b` and the path [a, b] (§2.7); a node has one parent otherwise.
   */
  private link(node: number, parent: number, edge: number): void {
    if (this.parents[node] === parent) return;
    this.parents[node] = parent;
    this.nameEdges[node] = edge;
  }

  private nodeFor(hi: number, lo: number): number {
    const mask = this.slots.length - 1;
    let slot = lo & mask;
    for (let node = this.slots[slot]; node !== EMPTY_SLOT; node = this.slots[slot]) {
      if (this.hashLo[node] === lo && this.hashHi[node] === hi) return node;
      slot = (slot + 1) & mask;
    }
    const node = this.size++;
    if (node === this.hashHi.length) this.grow();
    this.hashHi[node] = hi;
    this.hashLo[node] = lo;
    // a parent no real node has, so the first link() always records one
    this.parents[node] = -2;
    this.slots[slot] = node;
    // at most half full, so probe chains stay short
    if (this.size * 2 > this.slots.length) this.rehash();
    return node;
  }

  private grow(): void {
    const capacity = this.hashHi.length * 2;
    const resize = <T extends Uint32Array | Int32Array>(array: T, make: new (n: number) => T): T => {
      const grown = new make(capacity);
      grown.set(array);
      return grown;
    };
    this.hashHi = resize(this.hashHi, Uint32Array);
    this.hashLo = resize(this.hashLo, Uint32Array);
    this.parents = resize(this.parents, Int32Array);
    this.nameEdges = resize(this.nameEdges, Int32Array);
  }

  private rehash(): void {
    const slots = new Int32Array(this.slots.length * 2).fill(EMPTY_SLOT);
    const mask = slots.length - 1;
    for (let node = 0; node < this.size; node++) {
      let slot = this.hashLo[node] & mask;
      while (slots[slot] !== EMPTY_SLOT) slot = (slot + 1) & mask;
      slots[slot] = node;
    }
    this.slots = slots;
  }
}
