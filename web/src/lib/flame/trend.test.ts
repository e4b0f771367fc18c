import { describe, expect, it } from "vitest";
import type { FlameNode } from "../wire";
import { functionShares, previousRange, trendLabel, trendOf } from "./trend";

const node = (name: string, value: number, children: FlameNode[] = []): FlameNode => ({
  name,
  value,
  children,
});

describe("trend", () => {
  const before = node("root", 100, [node("proc", 100, [node("a", 50, [node("b", 10)]), node("c", 50)])]);
  const shares = functionShares(before);

  it("takes each function's share of the previous window", () => {
    expect(shares.get("a")).toBe(0.5);
    expect(shares.get("b")).toBe(0.1);
    expect(shares.get("c")).toBe(0.5);
    expect(functionShares(node("root", 0)).size).toBe(0);
  });

  it("compares shares, not samples", () => {
    // twice the samples overall, the same share: unchanged
    expect(trendOf("a", 100, 200, shares)).toEqual({ kind: "same" });
    expect(trendOf("b", 30, 100, shares)).toEqual({ kind: "up", change: expect.closeTo(2, 9) });
    expect(trendOf("c", 25, 100, shares)).toEqual({ kind: "down", change: -0.5 });
    expect(trendOf("d", 5, 100, shares)).toEqual({ kind: "new" });
  });

  it("labels", () => {
    expect(trendLabel({ kind: "up", change: 2 })).toBe("▲ 200%");
    expect(trendLabel({ kind: "down", change: -0.5 })).toBe("▼ 50%");
    expect(trendLabel({ kind: "up", change: 123 })).toBe("▲ 12.3k%");
    expect(trendLabel({ kind: "new" })).toBe("new");
    expect(trendLabel({ kind: "same" })).toBe("≈");
  });

  it("the previous window has the same length and ends where this one starts", () => {
    const range = { start: new Date("2026-11-25T10:00:00Z"), end: new Date("2026-11-25T11:00:00Z") };
    expect(previousRange(range)).toEqual({ start: new Date("2026-11-25T09:00:00Z"), end: range.start });
  });
});
