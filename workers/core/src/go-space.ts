// Go strings.TrimSpace on UTF-8 bytes (spec §2.5, Appendix A): Go trims unicode.IsSpace runes, which
// include U+0085 but not U+FEFF, unlike JavaScript's trim(). Working on bytes keeps the hashed bytes
// identical to Go's for any input.

function isAsciiSpace(b: number): boolean {
  return b === 0x20 || (b >= 0x09 && b <= 0x0d);
}

/** Byte length of the non-ASCII Go space rune encoded at bytes[p..], or 0. */
function wideSpaceAt(bytes: Uint8Array, p: number, end: number): number {
  const b0 = bytes[p];
  // U+0085, U+00A0
  if (b0 === 0xc2 && p + 1 < end) return bytes[p + 1] === 0x85 || bytes[p + 1] === 0xa0 ? 2 : 0;
  if (p + 2 >= end) return 0;
  const b1 = bytes[p + 1];
  const b2 = bytes[p + 2];
  if (b0 === 0xe1) return b1 === 0x9a && b2 === 0x80 ? 3 : 0; // U+1680
  if (b0 === 0xe3) return b1 === 0x80 && b2 === 0x80 ? 3 : 0; // U+3000
  if (b0 !== 0xe2) return 0;
  // U+2000..U+200A, U+2028, U+2029, U+202F
  if (b1 === 0x80) return (b2 >= 0x80 && b2 <= 0x8a) || b2 === 0xa8 || b2 === 0xa9 || b2 === 0xaf ? 3 : 0;
  return b1 === 0x81 && b2 === 0x9f ? 3 : 0; // U+205F
}

/** First index in [start, end) that is not leading Go whitespace. */
export function trimSpaceStart(bytes: Uint8Array, start: number, end: number): number {
  while (start < end) {
    const b = bytes[start];
    if (isAsciiSpace(b)) start++;
    else if (b < 0x80) break;
    else {
      const width = wideSpaceAt(bytes, start, end);
      if (width === 0) break;
      start += width;
    }
  }
  return start;
}

/** End index of [start, end) without trailing Go whitespace. */
export function trimSpaceEnd(bytes: Uint8Array, start: number, end: number): number {
  while (end > start) {
    const b = bytes[end - 1];
    if (isAsciiSpace(b)) end--;
    else if (b < 0x80) break;
    else if (end - 2 >= start && wideSpaceAt(bytes, end - 2, end) === 2) end -= 2;
    else if (end - 3 >= start && wideSpaceAt(bytes, end - 3, end) === 3) end -= 3;
    else break;
  }
  return end;
}
