// Frame names of one profile, interned: each distinct frame's bytes are kept once and named by a
// small id. A profile has millions of stack prefixes but only thousands of distinct frames, so the
// prefix tree (spec §2.7) stores ids, and its memory no longer grows with the length of frame names.
import { equalBytes, hashBytes, wordView } from "./byte-words";

const EMPTY = -1;
const INITIAL_FRAMES = 1024;

export class FrameTable {
  /** Number of distinct frames; ids are 0..size-1 in first-seen order. */
  size = 0;
  private slots = new Int32Array(INITIAL_FRAMES * 2).fill(EMPTY);
  private keys = new Int32Array(INITIAL_FRAMES);
  private offsets = new Int32Array(INITIAL_FRAMES);
  private lengths = new Int32Array(INITIAL_FRAMES);
  /** The bytes of every frame, back to back. */
  private arena = new Uint8Array(INITIAL_FRAMES * 64);
  private arenaView = wordView(this.arena);
  private arenaLength = 0;
  /** Decoded on first use; a dense array (holes would make V8 store it as a dictionary). */
  private readonly names: (string | null)[] = [];
  private readonly decoder = new TextDecoder("utf-8", { fatal: false, ignoreBOM: true });

  /** The id of the frame bytes[start..end), added if new; `view` is wordView(bytes). */
  intern(bytes: Uint8Array, start: number, end: number, view = wordView(bytes)): number {
    const key = hashBytes(view, bytes, start, end);
    const length = end - start;
    const { keys, offsets, lengths, arena, arenaView } = this;
    const mask = this.slots.length - 1;
    let slot = key & mask;
    for (let id = this.slots[slot]; id !== EMPTY; id = this.slots[(slot = (slot + 1) & mask)]) {
      if (
        keys[id] === key &&
        lengths[id] === length &&
        equalBytes(arenaView, arena, offsets[id], view, bytes, start, length)
      ) {
        return id;
      }
    }
    return this.add(key, bytes, start, end, slot);
  }

  /** The arena holding every frame's bytes: frame id's are bytes[start(id)..end(id)). */
  get bytes(): Uint8Array {
    return this.arena;
  }

  start(id: number): number {
    return this.offsets[id];
  }

  end(id: number): number {
    return this.offsets[id] + this.lengths[id];
  }

  /** The frame as text (leniently decoded: the indexer only uses frames it validated). */
  name(id: number): string {
    let name = this.names[id];
    if (name === null) {
      const offset = this.offsets[id];
      name = this.names[id] = this.decoder.decode(this.arena.subarray(offset, offset + this.lengths[id]));
    }
    return name;
  }

  /** Bytes held, for the caller's memory budget. */
  get byteSize(): number {
    return this.slots.byteLength + this.keys.byteLength * 3 + this.arena.byteLength;
  }

  private add(key: number, bytes: Uint8Array, start: number, end: number, slot: number): number {
    const length = end - start;
    const id = this.size++;
    if (id === this.keys.length) {
      this.keys = grow(this.keys, id * 2);
      this.offsets = grow(this.offsets, id * 2);
      this.lengths = grow(this.lengths, id * 2);
    }
    if (this.arenaLength + length > this.arena.length) {
      this.arena = grow(this.arena, Math.max(this.arena.length * 2, this.arenaLength + length));
      this.arenaView = wordView(this.arena);
    }
    this.keys[id] = key;
    this.offsets[id] = this.arenaLength;
    this.lengths[id] = length;
    this.arena.set(bytes.subarray(start, end), this.arenaLength);
    this.arenaLength += length;
    this.names.push(null);
    this.slots[slot] = id;
    // at most half full, so probe chains stay short
    if (this.size * 2 > this.slots.length) this.rehash();
    return id;
  }

  private rehash(): void {
    const slots = new Int32Array(this.slots.length * 2).fill(EMPTY);
    const mask = slots.length - 1;
    for (let id = 0; id < this.size; id++) {
      let slot = this.keys[id] & mask;
      while (slots[slot] !== EMPTY) slot = (slot + 1) & mask;
      slots[slot] = id;
    }
    this.slots = slots;
  }
}

function grow<T extends Int32Array | Uint8Array>(array: T, length: number): T {
  const grown = new (array.constructor as new (length: number) => T)(length);
  grown.set(array);
  return grown;
}
