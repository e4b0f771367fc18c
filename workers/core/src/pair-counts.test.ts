import { describe, expect, it } from "vitest";
import { PairCounts } from "./pair-counts";

describe("PairCounts", () => {
  it("sums per pair in first-added order, across growth", () => {
    const counts = new PairCounts();
    const expected = new Map<string, number>();
    for (let i = 0; i < 20000; i++) {
      const first = i % 3,
        second = (i * 7919) % 5003;
      counts.add(first, second, i);
      expected.set(`${first},${second}`, (expected.get(`${first},${second}`) ?? 0) + i);
    }
    const actual = new Map<string, number>();
    for (let entry = 0; entry < counts.size; entry++) {
      actual.set(`${counts.first(entry)},${counts.second(entry)}`, counts.sum(entry));
    }
    expect(counts.size).toBe(expected.size);
    expect([...actual]).toEqual([...expected]);
  });
});
