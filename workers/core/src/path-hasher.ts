// The hashes of one line's stack prefixes (spec §2.7): XXH64 of the ':'-joined path. Frames are
// recorded as the line is walked, and a prefix is hashed only when asked (a new prefix), continuing
// the streaming state from the last prefix hashed on the line, so each line costs O(bytes) at most.
import { Xxh64 } from "./xxhash64";

const COLON = Uint8Array.of(0x3a);

export class PathHasher {
  /** The last hash computed by hashThrough(). */
  hi = 0;
  lo = 0;
  private readonly state = new Xxh64();
  /** (start, end) of each frame of the line, by depth. */
  private bounds = new Int32Array(256);
  private hashedFrames = 0;

  startLine(): void {
    this.state.reset();
    this.hashedFrames = 0;
  }

  /** Records the frame at depth; frames arrive in depth order. */
  frame(depth: number, start: number, end: number): void {
    if (depth * 2 + 1 >= this.bounds.length) {
      const grown = new Int32Array(this.bounds.length * 2);
      grown.set(this.bounds);
      this.bounds = grown;
    }
    this.bounds[depth * 2] = start;
    this.bounds[depth * 2 + 1] = end;
  }

  /** Sets hi/lo to the hash of the path through depth; bytes is the buffer the frames are in. */
  hashThrough(bytes: Uint8Array, depth: number): void {
    for (; this.hashedFrames <= depth; this.hashedFrames++) {
      if (this.hashedFrames > 0) this.state.update(COLON);
      this.state.update(bytes, this.bounds[this.hashedFrames * 2], this.bounds[this.hashedFrames * 2 + 1]);
    }
    this.state.digest();
    this.hi = this.state.hi;
    this.lo = this.state.lo;
  }
}
