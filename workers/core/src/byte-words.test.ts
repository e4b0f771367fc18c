import { describe, expect, it } from "vitest";
import { equalBytes, findByte, hashBytes, wordView } from "./byte-words";
import { seededBytes } from "./test-utils";

describe("word-at-a-time byte scans", () => {
  it("find a byte like a byte loop, at every alignment, including 0x80+ and 0x00 neighbours", () => {
    for (let seed = 1; seed <= 40; seed++) {
      const bytes = seededBytes(61, seed).map((b) => (b % 7 === 0 ? 0x3b : b));
      const view = wordView(bytes);
      for (let start = 0; start < 8; start++) {
        for (let end = start; end <= bytes.length; end += 5) {
          let expected = bytes.indexOf(0x3b, start);
          if (expected < 0 || expected >= end) expected = end;
          expect(findByte(view, bytes, 0x3b, start, end)).toBe(expected);
        }
      }
    }
    const edge = Uint8Array.of(0x00, 0xbb, 0x3a, 0x3c, 0xff, 0x3b);
    expect(findByte(wordView(edge), edge, 0x3b, 0, 6)).toBe(5);
  });

  it("compare and hash equal ranges equally, wherever they sit", () => {
    const text = new TextEncoder().encode("xx-main_[p]-yyyy-main_[p]-main_[q]");
    const view = wordView(text);
    const [a, b, c] = [3, 17, 26];
    expect(equalBytes(view, text, a, view, text, b, 8)).toBe(true);
    expect(equalBytes(view, text, a, view, text, c, 8)).toBe(false);
    expect(hashBytes(view, text, a, a + 8)).toBe(hashBytes(view, text, b, b + 8));
    expect(hashBytes(view, text, a, a + 8)).not.toBe(hashBytes(view, text, c, c + 8));
    // a view over a subarray reads the subarray's bytes
    const sub = text.subarray(17, 25);
    expect(hashBytes(wordView(sub), sub, 0, 8)).toBe(hashBytes(view, text, a, a + 8));
    expect(hashBytes(view, text, 0, 0)).toBe(hashBytes(view, text, 5, 5));
  });
});
