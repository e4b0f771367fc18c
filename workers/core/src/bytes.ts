// Byte search on a range of a buffer: Uint8Array.indexOf has no end bound, and scanning a whole
// chunk for a byte that is not on the current line would make parsing quadratic.

export function indexOfByte(bytes: Uint8Array, byte: number, start: number, end: number): number {
  for (let p = start; p < end; p++) if (bytes[p] === byte) return p;
  return -1;
}

export function lastIndexOfByte(bytes: Uint8Array, byte: number, start: number, end: number): number {
  for (let p = end - 1; p >= start; p--) if (bytes[p] === byte) return p;
  return -1;
}

/** Whether bytes[start..] begins with all of expected. */
export function hasBytesAt(bytes: Uint8Array, start: number, expected: Uint8Array): boolean {
  if (start + expected.length > bytes.length) return false;
  for (let i = 0; i < expected.length; i++) if (bytes[start + i] !== expected[i]) return false;
  return true;
}
