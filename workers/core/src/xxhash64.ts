// XXH64 with seed 0, the stack hash of the indexer (spec §2.7, Appendix A).
// 64-bit words are kept as two uint32 halves so the hot path never touches BigInt, and the state
// streams: digest() does not finalize it, so the hashes of `a`, `a:b`, `a:b:c` cost O(bytes) in
// total instead of O(depth²) (spec §2.7 performance note, §7.18).

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

// Results of the 64-bit helpers below; module scratch avoids allocating a pair per operation.
let rHi = 0;
let rLo = 0;

/** (aHi:aLo * bHi:bLo) mod 2^64; the low 32x32 product is split into 16-bit limbs to stay exact. */
function mul64(aHi: number, aLo: number, bHi: number, bLo: number): void {
  const a0 = aLo & 0xffff;
  const a1 = aLo >>> 16;
  const b0 = bLo & 0xffff;
  const b1 = bLo >>> 16;
  const p00 = a0 * b0;
  const p01 = a0 * b1;
  const p10 = a1 * b0;
  const mid = (p00 >>> 16) + (p01 & 0xffff) + (p10 & 0xffff);
  rLo = (((mid & 0xffff) << 16) | (p00 & 0xffff)) >>> 0;
  rHi =
    (a1 * b1 + (p01 >>> 16) + (p10 >>> 16) + (mid >>> 16) + Math.imul(aHi, bLo) + Math.imul(aLo, bHi)) >>> 0;
}

function add64(aHi: number, aLo: number, bHi: number, bLo: number): void {
  const lo = aLo + bLo;
  rLo = lo >>> 0;
  rHi = (aHi + bHi + (lo > 0xffffffff ? 1 : 0)) >>> 0;
}

/** Rotate left by r, 0 < r < 32 (every XXH64 rotation is). */
function rotl64(hi: number, lo: number, r: number): void {
  rHi = ((hi << r) | (lo >>> (32 - r))) >>> 0;
  rLo = ((lo << r) | (hi >>> (32 - r))) >>> 0;
}

/** acc = rotl(acc + input * P2, 31) * P1 */
function round(accHi: number, accLo: number, inHi: number, inLo: number): void {
  mul64(inHi, inLo, P2_HI, P2_LO);
  add64(accHi, accLo, rHi, rLo);
  rotl64(rHi, rLo, 31);
  mul64(rHi, rLo, P1_HI, P1_LO);
}

/** h = (h ^ round(0, v)) * P1 + P4 */
function mergeRound(hHi: number, hLo: number, vHi: number, vLo: number): void {
  round(0, 0, vHi, vLo);
  mul64((hHi ^ rHi) >>> 0, (hLo ^ rLo) >>> 0, P1_HI, P1_LO);
  add64(rHi, rLo, P4_HI, P4_LO);
}

/** h + rotl(v, r) */
function addRotated(hHi: number, hLo: number, vHi: number, vLo: number, r: number): void {
  rotl64(vHi, vLo, r);
  add64(hHi, hLo, rHi, rLo);
}

/** rotl(h ^ x, r) * M + A: one step of the tail */
function tailStep(
  hHi: number,
  hLo: number,
  xHi: number,
  xLo: number,
  r: number,
  mHi: number,
  mLo: number,
  aHi: number,
  aLo: number,
): void {
  rotl64((hHi ^ xHi) >>> 0, (hLo ^ xLo) >>> 0, r);
  mul64(rHi, rLo, mHi, mLo);
  add64(rHi, rLo, aHi, aLo);
}

function readU32(bytes: Uint8Array, p: number): number {
  return (bytes[p] | (bytes[p + 1] << 8) | (bytes[p + 2] << 16) | (bytes[p + 3] << 24)) >>> 0;
}

export class Xxh64 {
  /** The hash of everything fed so far, set by digest(). */
  hi = 0;
  lo = 0;
  private v1h = 0;
  private v1l = 0;
  private v2h = 0;
  private v2l = 0;
  private v3h = 0;
  private v3l = 0;
  private v4h = 0;
  private v4l = 0;
  private total = 0;
  private readonly buf = new Uint8Array(STRIPE);
  private bufLen = 0;

  constructor() {
    this.reset();
  }

  reset(): this {
    // seed 0: v1 = P1 + P2, v2 = P2, v3 = 0, v4 = -P1 (mod 2^64)
    add64(P1_HI, P1_LO, P2_HI, P2_LO);
    this.v1h = rHi;
    this.v1l = rLo;
    this.v2h = P2_HI;
    this.v2l = P2_LO;
    this.v3h = 0;
    this.v3l = 0;
    // -P1 = ~P1 + 1; the +1 would carry into the high half only if P1_LO were 0
    this.v4h = ~P1_HI >>> 0;
    this.v4l = -P1_LO >>> 0;
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
      this.stripe(buf, 0);
      this.bufLen = 0;
    }
    for (; p + STRIPE <= end; p += STRIPE) this.stripe(bytes, p);
    let n = 0;
    while (p < end) buf[n++] = bytes[p++];
    this.bufLen = n;
    return this;
  }

  /** Sets hi/lo to the hash of the bytes so far; the state stays open for more updates. */
  digest(): void {
    if (this.total >= STRIPE) {
      rotl64(this.v1h, this.v1l, 1);
      addRotated(rHi, rLo, this.v2h, this.v2l, 7);
      addRotated(rHi, rLo, this.v3h, this.v3l, 12);
      addRotated(rHi, rLo, this.v4h, this.v4l, 18);
      mergeRound(rHi, rLo, this.v1h, this.v1l);
      mergeRound(rHi, rLo, this.v2h, this.v2l);
      mergeRound(rHi, rLo, this.v3h, this.v3l);
      mergeRound(rHi, rLo, this.v4h, this.v4l);
    } else {
      rHi = P5_HI;
      rLo = P5_LO;
    }
    // total < 2^53 always; split it into halves for the 64-bit add.
    add64(rHi, rLo, Math.floor(this.total / 0x100000000) >>> 0, this.total >>> 0);
    let hHi = rHi;
    let hLo = rLo;

    const buf = this.buf;
    let p = 0;
    for (; p + 8 <= this.bufLen; p += 8) {
      round(0, 0, readU32(buf, p + 4), readU32(buf, p));
      tailStep(hHi, hLo, rHi, rLo, 27, P1_HI, P1_LO, P4_HI, P4_LO);
      hHi = rHi;
      hLo = rLo;
    }
    if (p + 4 <= this.bufLen) {
      mul64(0, readU32(buf, p), P1_HI, P1_LO);
      tailStep(hHi, hLo, rHi, rLo, 23, P2_HI, P2_LO, P3_HI, P3_LO);
      hHi = rHi;
      hLo = rLo;
      p += 4;
    }
    for (; p < this.bufLen; p++) {
      mul64(0, buf[p], P5_HI, P5_LO);
      tailStep(hHi, hLo, rHi, rLo, 11, P1_HI, P1_LO, 0, 0);
      hHi = rHi;
      hLo = rLo;
    }
    // avalanche: h ^= h >> 33; h *= P2; h ^= h >> 29; h *= P3; h ^= h >> 32
    mul64(hHi, (hLo ^ (hHi >>> 1)) >>> 0, P2_HI, P2_LO);
    mul64((rHi ^ (rHi >>> 29)) >>> 0, (rLo ^ (rLo >>> 29) ^ (rHi << 3)) >>> 0, P3_HI, P3_LO);
    this.hi = rHi;
    this.lo = (rLo ^ rHi) >>> 0;
  }

  digestDecimal(): string {
    this.digest();
    return uint64Decimal(this.hi, this.lo);
  }

  private stripe(bytes: Uint8Array, p: number): void {
    round(this.v1h, this.v1l, readU32(bytes, p + 4), readU32(bytes, p));
    this.v1h = rHi;
    this.v1l = rLo;
    round(this.v2h, this.v2l, readU32(bytes, p + 12), readU32(bytes, p + 8));
    this.v2h = rHi;
    this.v2l = rLo;
    round(this.v3h, this.v3l, readU32(bytes, p + 20), readU32(bytes, p + 16));
    this.v3h = rHi;
    this.v3l = rLo;
    round(this.v4h, this.v4l, readU32(bytes, p + 28), readU32(bytes, p + 24));
    this.v4h = rHi;
    this.v4l = rLo;
  }
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
