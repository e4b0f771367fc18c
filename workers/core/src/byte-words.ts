// Byte scans four bytes at a time over a DataView (SWAR): the parser's hot loops walk every byte of a
// profile (finding `;`, hashing and comparing frames), and a 32-bit word per step is a quarter of the
// steps of a byte loop. Words are read little-endian; the last 0-3 bytes of a range go byte by byte.

export function wordView(bytes: Uint8Array): DataView {
  return new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
}

/** The first index of `byte` in bytes[start..end), or `end`; `view` is wordView(bytes). */
export function findByte(
  view: DataView,
  bytes: Uint8Array,
  byte: number,
  start: number,
  end: number,
): number {
  const pattern = Math.imul(byte, 0x01010101);
  let p = start;
  for (; p + 4 <= end; p += 4) {
    const x = view.getUint32(p, true) ^ pattern;
    // 0x80 in each byte of x that is zero, exactly (no borrow between bytes)
    const zero = ~(((x & 0x7f7f7f7f) + 0x7f7f7f7f) | x | 0x7f7f7f7f);
    if (zero !== 0) return p + ((31 - Math.clz32(zero & -zero)) >>> 3);
  }
  for (; p < end; p++) if (bytes[p] === byte) return p;
  return end;
}

/** A 32-bit hash of bytes[start..end) (MurmurHash3's mixing over little-endian words). */
export function hashBytes(view: DataView, bytes: Uint8Array, start: number, end: number): number {
  let h = end - start;
  let p = start;
  for (; p + 4 <= end; p += 4) h = mix(h, view.getUint32(p, true));
  let tail = 0;
  for (let shift = 0; p < end; p++, shift += 8) tail |= bytes[p] << shift;
  h = mix(h, tail);
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  return h ^ (h >>> 16);
}

function mix(h: number, word: number): number {
  let k = Math.imul(word, 0xcc9e2d51);
  k = Math.imul((k << 15) | (k >>> 17), 0x1b873593);
  h ^= k;
  return (Math.imul((h << 13) | (h >>> 19), 5) + 0xe6546b64) | 0;
}

/** Whether a[aStart..aStart+length) equals b[bStart..bStart+length). */
export function equalBytes(
  aView: DataView,
  a: Uint8Array,
  aStart: number,
  bView: DataView,
  b: Uint8Array,
  bStart: number,
  length: number,
): boolean {
  let i = 0;
  for (; i + 4 <= length; i += 4)
    if (aView.getUint32(aStart + i, true) !== bView.getUint32(bStart + i, true)) return false;
  for (; i < length; i++) if (a[aStart + i] !== b[bStart + i]) return false;
  return true;
}
