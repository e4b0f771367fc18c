// XXH32 with seed 0, equal to ClickHouse xxHash32: the legacy container=/hostname= filters compare
// ContainerNameHash/HostNameHash with it (spec §4.4, Appendix A).

const Q1 = 2654435761;
const Q2 = 2246822519;
const Q3 = 3266489917;
const Q4 = 668265263;
const Q5 = 374761393;

function rotl32(x: number, r: number): number {
  return ((x << r) | (x >>> (32 - r))) >>> 0;
}

function readU32(bytes: Uint8Array, p: number): number {
  return (bytes[p] | (bytes[p + 1] << 8) | (bytes[p + 2] << 16) | (bytes[p + 3] << 24)) >>> 0;
}

function lane(acc: number, input: number): number {
  return Math.imul(rotl32((acc + Math.imul(input, Q2)) >>> 0, 13), Q1) >>> 0;
}

/** XXH32 (seed 0) of bytes as an unsigned 32-bit number. */
export function xxh32(bytes: Uint8Array): number {
  const n = bytes.length;
  let p = 0;
  let h: number;
  if (n >= 16) {
    let v1 = (Q1 + Q2) >>> 0;
    let v2 = Q2;
    let v3 = 0;
    let v4 = (0 - Q1) >>> 0;
    for (; p + 16 <= n; p += 16) {
      v1 = lane(v1, readU32(bytes, p));
      v2 = lane(v2, readU32(bytes, p + 4));
      v3 = lane(v3, readU32(bytes, p + 8));
      v4 = lane(v4, readU32(bytes, p + 12));
    }
    h = (rotl32(v1, 1) + rotl32(v2, 7) + rotl32(v3, 12) + rotl32(v4, 18)) >>> 0;
  } else {
    h = Q5;
  }
  h = (h + n) >>> 0;
  for (; p + 4 <= n; p += 4)
    h = Math.imul(rotl32((h + Math.imul(readU32(bytes, p), Q3)) >>> 0, 17), Q4) >>> 0;
  for (; p < n; p++) h = Math.imul(rotl32((h + Math.imul(bytes[p], Q5)) >>> 0, 11), Q1) >>> 0;
  h = Math.imul(h ^ (h >>> 15), Q2);
  h = Math.imul(h ^ (h >>> 13), Q3);
  return (h ^ (h >>> 16)) >>> 0;
}

/** XXH32 of the UTF-8 bytes of text, as ClickHouse computes xxHash32(String). */
export function xxh32String(text: string): number {
  return xxh32(new TextEncoder().encode(text));
}
