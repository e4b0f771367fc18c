// XXH64 with seed 0, the stack hash of the indexer (spec §2.7, Appendix A).
// 64-bit words are kept as two uint32 halves so the hot path never touches BigInt, and the state
// streams: digest() does not finalize it, so the hashes of `a`, `a:b`, `a:b:c` cost O(bytes) in
// total instead of O(depth²) (spec §2.7 performance note, §7.18). Parsing big profiles is bound by
// this loop: the lanes live in a Uint32Array (stores reduce mod 2^32 for free) and every helper
// returns one number, so V8 inlines them all (about 5x a version passing pairs through globals).

// The five XXH64 primes as high and low halves.
const P1_HI = 0x9e3779b1;
const P1_LO = 0x85ebca87;
const P2_HI = 0xc2b2ae3d;
const P2_LO = 0x27d4eb4f;
const P3_HI = 0x165667b1;
const P3_LO = 0x9e3779f9;
const P4_HI = 0x85ebca77;
const P4_LO = 0xc2b2ae63;
const P5_HI = 0x27d4eb2f;
const P5_LO = 0x165667c5;
const STRIPE = 32;

/** High 32 bits of a * b for uint32 a, b: 16-bit limbs keep every partial product exact. */
function mulHi(a: number, b: number): number {
  const a0 = a & 0xffff;
  const a1 = a >>> 16;
  const b0 = b & 0xffff;
  const b1 = b >>> 16;
  const p01 = a0 * b1;
  const p10 = a1 * b0;
  const mid = ((a0 * b0) >>> 16) + (p01 & 0xffff) + (p10 & 0xffff);
  return a1 * b1 + (p01 >>> 16) + (p10 >>> 16) + (mid >>> 16);
}

function readU32(bytes: Uint8Array, p: number): number {
  return (bytes[p] | (bytes[p + 1] << 8) | (bytes[p + 2] << 16) | (bytes[p + 3] << 24)) >>> 0;
}

/**
 * A 64-bit register file: pairs [hi, lo] at even indexes. Every operation reads and writes pairs
 * in place, so no operation allocates.
 */
type Words = Uint32Array;

/** w[i] = w[i] * (bHi:bLo) mod 2^64 */
function mulTo(w: Words, i: number, bHi: number, bLo: number): void {
  const hi = w[i];
  const lo = w[i + 1];
  w[i] = mulHi(lo, bLo) + Math.imul(hi, bLo) + Math.imul(lo, bHi);
  w[i + 1] = Math.imul(lo, bLo);
}

/** w[i] = w[i] + (bHi:bLo) mod 2^64 */
function addTo(w: Words, i: number, bHi: number, bLo: number): void {
  const lo = w[i + 1] + bLo;
  w[i] = w[i] + bHi + (lo > 0xffffffff ? 1 : 0);
  w[i + 1] = lo;
}

/** w[i] = rotl(w[i], r), 0 < r < 32 (every XXH64 rotation is). */
function rotlTo(w: Words, i: number, r: number): void {
  const hi = w[i];
  const lo = w[i + 1];
  w[i] = (hi << r) | (lo >>> (32 - r));
  w[i + 1] = (lo << r) | (hi >>> (32 - r));
}

/** w[i] = rotl(w[i] + (inHi:inLo) * P2, 31) * P1: the XXH64 round. */
function round(w: Words, i: number, inHi: number, inLo: number): void {
  const tLo = Math.imul(inLo, P2_LO) >>> 0;
  const lo = w[i + 1] + tLo;
  const aHi =
    (w[i] +
      mulHi(inLo, P2_LO) +
      Math.imul(inHi, P2_LO) +
      Math.imul(inLo, P2_HI) +
      (lo > 0xffffffff ? 1 : 0)) >>>
    0;
  const aLo = lo >>> 0;
  // rotl 31 = rotr 33: swap the halves and rotate right by 1
  const rHi = ((aHi << 31) | (aLo >>> 1)) >>> 0;
  const rLo = ((aLo << 31) | (aHi >>> 1)) >>> 0;
  w[i] = mulHi(rLo, P1_LO) + Math.imul(rHi, P1_LO) + Math.imul(rLo, P1_HI);
  w[i + 1] = Math.imul(rLo, P1_LO);
}

// Register indexes: the four lanes, the digest accumulator and a scratch word.
const V1 = 0;
const V2 = 2;
const V3 = 4;
const V4 = 6;
const H = 8;
const T = 10;

export class Xxh64 {
  /** The hash of everything fed so far, set by digest(). */
  hi = 0;
  lo = 0;
  private readonly w: Words = new Uint32Array(12);
  private total = 0;
  private readonly buf = new Uint8Array(STRIPE);
  private bufLen = 0;

  constructor() {
    this.reset();
  }

  reset(): this {
    const w = this.w;
    // seed 0: v1 = P1 + P2, v2 = P2, v3 = 0, v4 = -P1 (mod 2^64)
    w[V1] = P1_HI;
    w[V1 + 1] = P1_LO;
    addTo(w, V1, P2_HI, P2_LO);
    w[V2] = P2_HI;
    w[V2 + 1] = P2_LO;
    w[V3] = 0;
    w[V3 + 1] = 0;
    // -P1 = ~P1 + 1; the +1 would carry into the high half only if P1_LO were 0
    w[V4] = ~P1_HI;
    w[V4 + 1] = -P1_LO;
    this.total = 0;
    this.bufLen = 0;
    return this;
  }

  update(bytes: Uint8Array, start = 0, end = bytes.length): this {
    const buf = this.buf;
    let p = start;
    this.total += end - start;
    if (this.bufLen + (end - start) < STRIPE) {
      for (let n = this.bufLen; p < end;) buf[n++] = bytes[p++];
      this.bufLen += end - start;
      return this;
    }
    if (this.bufLen > 0) {
      for (let n = this.bufLen; n < STRIPE;) buf[n++] = bytes[p++];
      stripes(this.w, buf, 0, STRIPE);
      this.bufLen = 0;
    }
    p = stripes(this.w, bytes, p, end);
    let n = 0;
    while (p < end) buf[n++] = bytes[p++];
    this.bufLen = n;
    return this;
  }

  /** Sets hi/lo to the hash of the bytes so far; the state stays open for more updates. */
  digest(): void {
    const w = this.w;
    if (this.total >= STRIPE) {
      // h = rotl(v1, 1) + rotl(v2, 7) + rotl(v3, 12) + rotl(v4, 18), then one merge round per lane
      setTo(w, H, w[V1], w[V1 + 1]);
      rotlTo(w, H, 1);
      this.addRotated(V2, 7);
      this.addRotated(V3, 12);
      this.addRotated(V4, 18);
      this.mergeRound(V1);
      this.mergeRound(V2);
      this.mergeRound(V3);
      this.mergeRound(V4);
    } else {
      setTo(w, H, P5_HI, P5_LO);
    }
    // total < 2^53 always; split it into halves for the 64-bit add.
    addTo(w, H, Math.floor(this.total / 0x100000000), this.total >>> 0);

    const buf = this.buf;
    let p = 0;
    for (; p + 8 <= this.bufLen; p += 8) {
      // h = rotl(h ^ round(0, word), 27) * P1 + P4
      setTo(w, T, 0, 0);
      round(w, T, readU32(buf, p + 4), readU32(buf, p));
      this.tailStep(27, P1_HI, P1_LO, P4_HI, P4_LO);
    }
    if (p + 4 <= this.bufLen) {
      // h = rotl(h ^ (word * P1), 23) * P2 + P3
      setTo(w, T, 0, readU32(buf, p));
      mulTo(w, T, P1_HI, P1_LO);
      this.tailStep(23, P2_HI, P2_LO, P3_HI, P3_LO);
      p += 4;
    }
    for (; p < this.bufLen; p++) {
      // h = rotl(h ^ (byte * P5), 11) * P1
      setTo(w, T, 0, buf[p]);
      mulTo(w, T, P5_HI, P5_LO);
      this.tailStep(11, P1_HI, P1_LO, 0, 0);
    }
    // avalanche: h ^= h >> 33; h *= P2; h ^= h >> 29; h *= P3; h ^= h >> 32
    setTo(w, H, w[H], w[H + 1] ^ (w[H] >>> 1));
    mulTo(w, H, P2_HI, P2_LO);
    setTo(w, H, w[H] ^ (w[H] >>> 29), w[H + 1] ^ (w[H + 1] >>> 29) ^ (w[H] << 3));
    mulTo(w, H, P3_HI, P3_LO);
    this.hi = w[H];
    this.lo = (w[H + 1] ^ w[H]) >>> 0;
  }

  /** Copies the state, except the bytes of its unfinished stripe, to into[at..at+9). */
  save(into: Int32Array, at: number): void {
    const w = this.w;
    for (let i = 0; i < 8; i++) into[at + i] = w[i];
    into[at + 8] = this.total;
  }

  /**
   * Continues from a state save()d after `total` bytes, whose last total % 32 bytes (the unfinished
   * stripe save() did not keep) the caller puts in `tail()` (it has them: they end the hashed text).
   */
  resume(from: Int32Array, at: number): Uint8Array {
    const w = this.w;
    for (let i = 0; i < 8; i++) w[i] = from[at + i];
    this.total = from[at + 8];
    this.bufLen = this.total % STRIPE;
    return this.buf;
  }

  digestDecimal(): string {
    this.digest();
    return uint64Decimal(this.hi, this.lo);
  }

  /** h = h + rotl(lane, r) */
  private addRotated(lane: number, r: number): void {
    const w = this.w;
    setTo(w, T, w[lane], w[lane + 1]);
    rotlTo(w, T, r);
    addTo(w, H, w[T], w[T + 1]);
  }

  /** h = (h ^ round(0, lane)) * P1 + P4 */
  private mergeRound(lane: number): void {
    const w = this.w;
    setTo(w, T, 0, 0);
    round(w, T, w[lane], w[lane + 1]);
    setTo(w, H, w[H] ^ w[T], w[H + 1] ^ w[T + 1]);
    mulTo(w, H, P1_HI, P1_LO);
    addTo(w, H, P4_HI, P4_LO);
  }

  /** h = rotl(h ^ t, r) * M + A */
  private tailStep(r: number, mHi: number, mLo: number, aHi: number, aLo: number): void {
    const w = this.w;
    setTo(w, H, w[H] ^ w[T], w[H + 1] ^ w[T + 1]);
    rotlTo(w, H, r);
    mulTo(w, H, mHi, mLo);
    addTo(w, H, aHi, aLo);
  }
}

/** Feeds every whole stripe of bytes[p..end) to the lanes; returns where the rest starts. */
function stripes(w: Words, bytes: Uint8Array, p: number, end: number): number {
  for (; p + STRIPE <= end; p += STRIPE) {
    round(w, V1, readU32(bytes, p + 4), readU32(bytes, p));
    round(w, V2, readU32(bytes, p + 12), readU32(bytes, p + 8));
    round(w, V3, readU32(bytes, p + 20), readU32(bytes, p + 16));
    round(w, V4, readU32(bytes, p + 28), readU32(bytes, p + 24));
  }
  return p;
}

function setTo(w: Words, i: number, hi: number, lo: number): void {
  w[i] = hi;
  w[i + 1] = lo;
}

/** One-shot XXH64 of bytes as the decimal string ClickHouse JSON uses for UInt64. */
export function xxh64Decimal(bytes: Uint8Array): string {
  return new Xxh64().update(bytes).digestDecimal();
}

/**
 * Decimal text of hi * 2^32 + lo without BigInt: 2^32 = 4294 * 10^6 + 967296, so the value splits
 * into a high part and six low digits, both exact doubles.
 */
export function uint64Decimal(hi: number, lo: number): string {
  if (hi < 0x200000) return String(hi * 0x100000000 + lo);
  const low = hi * 967296 + lo;
  const high = hi * 4294 + Math.floor(low / 1e6);
  return String(high) + String(low % 1e6).padStart(6, "0");
}
