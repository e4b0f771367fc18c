import { describe, expect, it } from "vitest";
import { hasBytesAt, indexOfByte, lastIndexOfByte } from "./bytes";

describe("byte search within a range", () => {
  const bytes = new TextEncoder().encode("a;b;c;d");
  it("finds only inside [start, end)", () => {
    expect(indexOfByte(bytes, 0x3b, 0, 7)).toBe(1);
    expect(indexOfByte(bytes, 0x3b, 2, 3)).toBe(-1);
    expect(lastIndexOfByte(bytes, 0x3b, 0, 7)).toBe(5);
    expect(lastIndexOfByte(bytes, 0x3b, 0, 5)).toBe(3);
    expect(lastIndexOfByte(bytes, 0x3b, 4, 5)).toBe(-1);
  });

  it("matches a prefix without reading past the buffer", () => {
    expect(hasBytesAt(bytes, 2, new TextEncoder().encode("b;c"))).toBe(true);
    expect(hasBytesAt(bytes, 6, new TextEncoder().encode("d;"))).toBe(false);
  });
});
