import { describe, expect, it } from "vitest";
import { GO_INT_OF_NAN, percentiles } from "./percentiles";

const range = (from: number, to: number) => Array.from({ length: to - from + 1 }, (_, i) => from + i);
const expectRange = (result: Record<string, string>, from: number, to: number, value: string) => {
  for (const p of range(from, to)) expect(result[String(p)], `p${p}`).toBe(value);
};

describe("percentiles (§4.6)", () => {
  it("gives {} without frames", () => {
    expect(percentiles([])).toEqual({});
  });

  it("repeats the value of a single frame", () => {
    expect(new Set(Object.values(percentiles([7])))).toEqual(new Set(["7"]));
  });

  it("matches the [5,1,3] example, NaN quirk included", () => {
    const result = percentiles([5, 1, 3]);
    expect(Object.keys(result)).toHaveLength(100);
    expectRange(result, 1, 33, GO_INT_OF_NAN);
    expectRange(result, 34, 66, "2");
    expectRange(result, 67, 99, "4");
    expect(result["100"]).toBe("5");
  });

  it("matches the 1..10 example", () => {
    const result = percentiles(range(1, 10));
    expectRange(result, 1, 9, GO_INT_OF_NAN);
    for (let decile = 1; decile <= 9; decile++)
      expectRange(result, decile * 10, decile * 10 + 9, String(decile));
    expect(result["100"]).toBe("10");
  });
});
