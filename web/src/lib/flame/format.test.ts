import { describe, expect, it } from "vitest";
import { formatCount } from "./format";

describe("formatCount", () => {
  it("groups thousands like toLocaleString('en-US')", () => {
    for (const n of [0, 7, 999, 1000, 12_345, 999_999, 1_000_000, 123_456_789, 9_007_199_254_740_991, -1234, -5])
      expect(formatCount(n)).toBe(n.toLocaleString("en-US"));
  });

  it("keeps at most three decimals", () => {
    for (const n of [0.5, 1234.25, 1234.5678, 0.0004, 98765.4321])
      expect(formatCount(n)).toBe(n.toLocaleString("en-US"));
  });
});
