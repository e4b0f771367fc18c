import { describe, expect, it } from "vitest";
import { Xxh64, uint64Decimal, xxh64Decimal } from "./xxhash64";
import { seededBytes } from "./test-utils";

// BigInt reference of spec Appendix A, verified against the Go indexer.
const M = (1n << 64n) - 1n;
const P1 = 11400714785074694791n,
  P2 = 14029467366897019727n,
  P3 = 1609587929392839161n;
const P4 = 9650029242287828579n,
  P5 = 2870177450012600261n;
const rotl = (x: bigint, r: number) => ((x << BigInt(r)) | (x >> BigInt(64 - r))) & M;
const rnd = (a: bigint, i: bigint) => (rotl((a + i * P2) & M, 31) * P1) & M;
const mrg = (a: bigint, v: bigint) => ((a ^ rnd(0n, v)) * P1 + P4) & M;
function referenceXxh64(bytes: Uint8Array): bigint {
  const dv = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const n = bytes.length;
  const r64 = (i: number) => dv.getBigUint64(i, true);
  const r32 = (i: number) => BigInt(dv.getUint32(i, true));
  let p = 0;
  let h: bigint;
  if (n >= 32) {
    let v1 = (P1 + P2) & M,
      v2 = P2,
      v3 = 0n,
      v4 = (0n - P1) & M;
    for (; p <= n - 32; p += 32) {
      v1 = rnd(v1, r64(p));
      v2 = rnd(v2, r64(p + 8));
      v3 = rnd(v3, r64(p + 16));
      v4 = rnd(v4, r64(p + 24));
    }
    h = (rotl(v1, 1) + rotl(v2, 7) + rotl(v3, 12) + rotl(v4, 18)) & M;
    h = mrg(mrg(mrg(mrg(h, v1), v2), v3), v4);
  } else h = P5;
  h = (h + BigInt(n)) & M;
  for (; p + 8 <= n; p += 8) h = (rotl(h ^ rnd(0n, r64(p)), 27) * P1 + P4) & M;
  if (p + 4 <= n) {
    h = (rotl(h ^ ((r32(p) * P1) & M), 23) * P2 + P3) & M;
    p += 4;
  }
  for (; p < n; p++) h = (rotl(h ^ ((BigInt(bytes[p]) * P5) & M), 11) * P1) & M;
  h ^= h >> 33n;
  h = (h * P2) & M;
  h ^= h >> 29n;
  h = (h * P3) & M;
  h ^= h >> 32n;
  return h;
}

const utf8 = (s: string) => new TextEncoder().encode(s);

describe("xxh64", () => {
  it.each([
    ["", "17241709254077376921"],
    ["perf", "11841192954251772251"],
    ["perf:[unknown]", "1271025260320048750"],
    ["python", "5704503414910639715"],
    ["python:main_[p]", "12107030661934031799"],
    ["python:main_[p]:foo_[p]", "7362397905292480642"],
    ["gunicorn: worke", "11443111420887245150"],
  ])("hashes %j like Go (§2.7)", (text, decimal) => {
    expect(xxh64Decimal(utf8(text))).toBe(decimal);
  });

  it.each([
    ["a", "d24ec4f1a98c6e5b"],
    ["abc", "44bc2cf5ad770999"],
    ["a:b", "d1c4958d7f784216"],
  ])("hashes %j to hex %s (§2.7)", (text, hex) => {
    expect(BigInt(xxh64Decimal(utf8(text))).toString(16)).toBe(hex);
  });

  it("equals the BigInt reference for random inputs of every length 0..100", () => {
    for (let len = 0; len <= 100; len++) {
      for (let seed = 1; seed <= 5; seed++) {
        const bytes = seededBytes(len, len * 7 + seed);
        expect(xxh64Decimal(bytes)).toBe(referenceXxh64(bytes).toString());
      }
    }
  });

  it("digests every prefix incrementally without finalizing the state", () => {
    const bytes = seededBytes(300, 42);
    const state = new Xxh64();
    let fed = 0;
    // uneven update sizes cross the 32-byte stripe boundary in every way
    for (let step = 1; fed < bytes.length; step = (step * 5 + 3) % 41) {
      const end = Math.min(bytes.length, fed + step);
      state.update(bytes, fed, end);
      fed = end;
      expect(state.digestDecimal()).toBe(referenceXxh64(bytes.subarray(0, fed)).toString());
    }
  });

  it("reset() starts a new hash", () => {
    const state = new Xxh64().update(utf8("something long enough to fill a stripe......"));
    state.reset().update(utf8("perf"));
    expect(state.digestDecimal()).toBe("11841192954251772251");
  });
});

describe("uint64Decimal", () => {
  it.each([
    [0, 0],
    [0, 0xffffffff],
    [0x1fffff, 0xffffffff],
    [0x200000, 0],
    [0xffffffff, 0xffffffff],
    [0x9e3779b1, 0x85ebca87],
    [0x80000000, 0x000f423f],
  ])("formats %d:%d exactly", (hi, lo) => {
    expect(uint64Decimal(hi, lo)).toBe(((BigInt(hi) << 32n) | BigInt(lo)).toString());
  });
});
