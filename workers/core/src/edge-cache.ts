// Edges (parent node, frame bytes) → child node of the prefix tree. A prefix's hash depends only on
// its parent's path and its own frame, so a repeated prefix is found here without running XXH64
// again (spec §7.18); the frame bytes, kept once per edge, are also where node names come from.

const EMPTY = -1;
const INITIAL_EDGES = 1024;
// Per edge in `edges`: parent node, frame key, child node, arena offset, frame length.
const STRIDE = 5;

/** FNV-1a of frame bytes: the edge table's key, never stored in ClickHouse. */
export function frameKey(bytes: Uint8Array, start: number, end: number): number {
  let h = 0x811c9dc5;
  for (let p = start; p < end; p++) h = Math.imul(h ^ bytes[p], 0x01000193);
  return h;
}

export class EdgeCache {
  private size = 0;
  private slots = new Int32Array(INITIAL_EDGES * 2).fill(EMPTY);
  private edges = new Int32Array(INITIAL_EDGES * STRIDE);
  /** The frame bytes of every edge, back to back. */
  private arena = new Uint8Array(INITIAL_EDGES * 32);
  private arenaLength = 0;
  private readonly decoder = new TextDecoder("utf-8", { fatal: false, ignoreBOM: true });

  /** The edge from parent by the frame bytes[start..end) whose frameKey is key, or -1. */
  find(parent: number, key: number, bytes: Uint8Array, start: number, end: number): number {
    const { slots, edges, arena } = this;
    const mask = slots.length - 1;
    const length = end - start;
    for (let slot = slotOf(parent, key, mask); slots[slot] !== EMPTY; slot = (slot + 1) & mask) {
      const edge = slots[slot];
      const e = edge * STRIDE;
      if (edges[e] !== parent || edges[e + 1] !== key || edges[e + 4] !== length) continue;
      const offset = edges[e + 3];
      let i = 0;
      while (i < length && arena[offset + i] === bytes[start + i]) i++;
      if (i === length) return edge;
    }
    return EMPTY;
  }

  /** Adds the edge (not present yet) and returns its index. */
  add(parent: number, key: number, bytes: Uint8Array, start: number, end: number, child: number): number {
    const length = end - start;
    if ((this.size + 1) * STRIDE > this.edges.length) this.edges = grow(this.edges, this.edges.length * 2);
    if (this.arenaLength + length > this.arena.length) {
      this.arena = grow(this.arena, Math.max(this.arena.length * 2, this.arenaLength + length));
    }
    const edge = this.size++;
    const e = edge * STRIDE;
    this.edges[e] = parent;
    this.edges[e + 1] = key;
    this.edges[e + 2] = child;
    this.edges[e + 3] = this.arenaLength;
    this.edges[e + 4] = length;
    this.arena.set(bytes.subarray(start, end), this.arenaLength);
    this.arenaLength += length;
    this.place(this.slots, edge);
    // at most half full, so probe chains stay short
    if (this.size * 2 > this.slots.length) {
      this.slots = new Int32Array(this.slots.length * 2).fill(EMPTY);
      for (let other = 0; other < this.size; other++) this.place(this.slots, other);
    }
    return edge;
  }

  child(edge: number): number {
    return this.edges[edge * STRIDE + 2];
  }

  /** The edge's frame as text. */
  frame(edge: number): string {
    const offset = this.edges[edge * STRIDE + 3];
    return this.decoder.decode(this.arena.subarray(offset, offset + this.edges[edge * STRIDE + 4]));
  }

  private place(slots: Int32Array, edge: number): void {
    const mask = slots.length - 1;
    let slot = slotOf(this.edges[edge * STRIDE], this.edges[edge * STRIDE + 1], mask);
    while (slots[slot] !== EMPTY) slot = (slot + 1) & mask;
    slots[slot] = edge;
  }
}

function slotOf(parent: number, key: number, mask: number): number {
  const h = Math.imul(key ^ Math.imul(parent + 1, 0x9e3779b1), 0x85ebca6b);
  return (h ^ (h >>> 15)) & mask;
}

function grow<T extends Int32Array | Uint8Array>(array: T, length: number): T {
  const grown = new (array.constructor as new (length: number) => T)(length);
  grown.set(array);
  return grown;
}
