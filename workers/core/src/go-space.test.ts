import { describe, expect, it } from "vitest";
import { trimSpaceEnd, trimSpaceStart } from "./go-space";

const utf8 = (s: string) => new TextEncoder().encode(s);

function goTrimSpace(text: string): string {
  const bytes = utf8(text);
  const start = trimSpaceStart(bytes, 0, bytes.length);
  return new TextDecoder("utf-8", { fatal: false, ignoreBOM: true }).decode(
    bytes.subarray(start, trimSpaceEnd(bytes, start, bytes.length)),
  );
}

// Every rune Go's unicode.IsSpace accepts.
const GO_SPACES =
  "\t\n\v\f\r \u0085\u00a0\u1680\u2000\u2001\u2002\u2003\u2004\u2005\u2006\u2007\u2008\u2009\u200a\u2028\u2029\u202f\u205f\u3000";

describe("Go TrimSpace on bytes", () => {
  const hex = (rune: string) => rune.codePointAt(0)!.toString(16).padStart(4, "0");

  it.each([...GO_SPACES].map((space) => [hex(space), space]))("trims U+%s on both sides", (_, space) => {
    expect(goTrimSpace(`${space}${space}a b${space}`)).toBe("a b");
  });

  it.each(
    ["\ufeff", "\u200b", "\u180e", "\u2060", "\u00a1", "\u2030", "\u3001", "é", "\u1681"].map((r) => [
      hex(r),
      r,
    ]),
  )("keeps non-space U+%s", (_, rune) => {
    expect(goTrimSpace(` ${rune}x${rune} `)).toBe(`${rune}x${rune}`);
  });

  it("handles empty and all-space input", () => {
    expect(goTrimSpace("")).toBe("");
    expect(goTrimSpace(GO_SPACES)).toBe("");
  });

  it("stops at invalid UTF-8 and truncated sequences", () => {
    const bytes = Uint8Array.of(0x20, 0xe2, 0x80, 0x41, 0xc2, 0x20);
    expect(trimSpaceStart(bytes, 0, bytes.length)).toBe(1);
    expect(trimSpaceEnd(bytes, 0, bytes.length)).toBe(5);
    expect(trimSpaceEnd(bytes, 0, 3)).toBe(3);
  });
});
