import { describe, expect, it } from "vitest";
import { xxh32, xxh32String } from "./xxhash32";
import { seededBytes } from "./test-utils";

// Plain reference of spec Appendix A (equals ClickHouse xxHash32).
function referenceXxh32(bytes: Uint8Array): number {
  const Q1 = 2654435761,
    Q2 = 2246822519,
    Q3 = 3266489917,
    Q4 = 668265263,
    Q5 = 374761393;
  const mul = (a: number, b: number) => Math.imul(a, b) >>> 0;
  const rl = (x: number, r: number) => ((x << r) | (x >>> (32 - r))) >>> 0;
  const dv = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const n = bytes.length;
  let p = 0;
  let h: number;
  if (n >= 16) {
    const v = [(Q1 + Q2) >>> 0, Q2, 0, (0 - Q1) >>> 0];
    while (p <= n - 16) {
      for (let k = 0; k < 4; k++) {
        v[k] = mul(rl((v[k] + mul(dv.getUint32(p, true), Q2)) >>> 0, 13), Q1);
        p += 4;
      }
    }
    h = (rl(v[0], 1) + rl(v[1], 7) + rl(v[2], 12) + rl(v[3], 18)) >>> 0;
  } else h = Q5;
  h = (h + n) >>> 0;
  for (; p + 4 <= n; p += 4) h = mul(rl((h + mul(dv.getUint32(p, true), Q3)) >>> 0, 17), Q4);
  for (; p < n; p++) h = mul(rl((h + mul(bytes[p], Q5)) >>> 0, 11), Q1);
  h ^= h >>> 15;
  h = mul(h, Q2);
  h ^= h >>> 13;
  h = mul(h, Q3);
  h ^= h >>> 16;
  return h >>> 0;
}

describe("xxh32", () => {
  it.each([
    ["", 46947589],
    ["a", 1426945110],
    ["b", 2718739903],
    ["abc", 852579327],
    ["gprofiler-ps-webapp", 3010557475],
    ["ip-172-31-33-27", 2904037229],
  ])("hashes %j like ClickHouse xxHash32 (§4.4)", (text, expected) => {
    expect(xxh32String(text)).toBe(expected);
  });

  it("equals the reference for random inputs of every length 0..100", () => {
    for (let len = 0; len <= 100; len++) {
      for (let seed = 1; seed <= 5; seed++) {
        const bytes = seededBytes(len, len * 11 + seed);
        expect(xxh32(bytes)).toBe(referenceXxh32(bytes));
      }
    }
  });
});
