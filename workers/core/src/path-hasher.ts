// The hashes of one line's stack prefixes (spec §2.7): XXH64 of the ':'-joined path. Frames are
// recorded as the line is walked, and a prefix is hashed only when asked (a new prefix), continuing
// the streaming state from the last prefix hashed on the line, so each line costs O(bytes) at most.
// A line's new prefixes usually hang below known ones, so states are also kept for recently hashed
// nodes (a direct-mapped cache by node id): hashing resumes from the deepest cached ancestor instead
// of the line's first frame, which halves the bytes hashed on generated profiles (§7.18).
import { Xxh64 } from "./xxhash64";

const COLON = 0x3a;
const CACHE_BITS = 16;
const CACHE_MASK = (1 << CACHE_BITS) - 1;
/** Per cache entry: the node id, then Xxh64.save()'s nine words. */
const ENTRY = 10;
/** How many ancestors of the first new prefix are looked up. */
const LOOKBACK = 8;

export class PathHasher {
  /** The last hash computed by hashThrough(). */
  hi = 0;
  lo = 0;
  private readonly state = new Xxh64();
  /** (start, end) of each frame of the line, by depth. */
  private bounds: Int32Array = new Int32Array(256);
  /** The tree node of each frame of the line, by depth, as far as reached() told. */
  private nodes: Int32Array = new Int32Array(128);
  private bytes: Uint8Array = new Uint8Array(0);
  private hashedFrames = 0;
  private readonly cache = new Int32Array((CACHE_MASK + 1) * ENTRY).fill(-1);

  startLine(): void {
    this.state.reset();
    this.hashedFrames = 0;
  }

  /** Records the frame at depth; frames arrive in depth order. */
  frame(depth: number, start: number, end: number): void {
    if (depth * 2 + 1 >= this.bounds.length) this.bounds = grow(this.bounds);
    this.bounds[depth * 2] = start;
    this.bounds[depth * 2 + 1] = end;
  }

  /** Records the node the path through depth is (and keeps its state if it was just hashed). */
  reached(depth: number, node: number): void {
    if (depth >= this.nodes.length) this.nodes = grow(this.nodes);
    this.nodes[depth] = node;
    if (this.hashedFrames === depth + 1) this.keep(node);
  }

  /** Sets hi/lo to the hash of the path through depth; bytes is the buffer the frames are in. */
  hashThrough(bytes: Uint8Array, depth: number): void {
    this.bytes = bytes;
    if (this.hashedFrames === 0) this.resumeFromAncestor(depth);
    const { state, bounds } = this;
    const first = this.hashedFrames;
    for (; this.hashedFrames <= depth; this.hashedFrames++) {
      const d = this.hashedFrames;
      if (d > 0) {
        // known ancestors hashed on the way are where later lines branch off: keep them too
        if (d > first) this.keep(this.nodes[d - 1]);
        state.update(COLON_BYTE);
      }
      state.update(bytes, bounds[d * 2], bounds[d * 2 + 1]);
    }
    state.digest();
    this.hi = state.hi;
    this.lo = state.lo;
  }

  /** Keeps the current state as the node's: the state must be exactly through the node's path. */
  private keep(node: number): void {
    const entry = (node & CACHE_MASK) * ENTRY;
    this.cache[entry] = node;
    this.state.save(this.cache, entry + 1);
  }

  private resumeFromAncestor(depth: number): void {
    const { cache, nodes } = this;
    for (let d = depth - 1; d >= 0 && d >= depth - LOOKBACK; d--) {
      const entry = (nodes[d] & CACHE_MASK) * ENTRY;
      if (cache[entry] !== nodes[d]) continue;
      const tail = this.state.resume(cache, entry + 1);
      this.joinedTail(d, tail, cache[entry + 9] % tail.length);
      this.hashedFrames = d + 1;
      return;
    }
  }

  /** Writes the last n bytes of the ':'-joined path through depth into tail[0..n). */
  private joinedTail(depth: number, tail: Uint8Array, n: number): void {
    const { bytes, bounds } = this;
    for (let d = depth; n > 0; d--) {
      for (let p = bounds[d * 2 + 1] - 1; n > 0 && p >= bounds[d * 2]; p--) tail[--n] = bytes[p];
      if (n > 0) tail[--n] = COLON;
    }
  }
}

const COLON_BYTE = Uint8Array.of(COLON);

function grow(array: Int32Array): Int32Array {
  const grown = new Int32Array(array.length * 2);
  grown.set(array);
  return grown;
}
