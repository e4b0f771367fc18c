import { describe, expect, it } from "vitest";
import { EdgeCache, frameKey } from "./edge-cache";

const utf8 = (s: string) => new TextEncoder().encode(s);

describe("EdgeCache", () => {
  it("finds an edge only by its exact parent and frame bytes", () => {
    const cache = new EdgeCache();
    const bytes = utf8("xx main_[p] yy");
    const key = frameKey(bytes, 3, 11);
    const edge = cache.add(7, key, bytes, 3, 11, 42);
    expect(cache.child(edge)).toBe(42);
    expect(cache.frame(edge)).toBe("main_[p]");
    const again = utf8("main_[p]");
    expect(cache.find(7, frameKey(again, 0, 8), again, 0, 8)).toBe(edge);
    expect(cache.find(8, key, again, 0, 8)).toBe(-1);
    const other = utf8("main_[q]");
    // even under the same key, other bytes are another frame
    expect(cache.find(7, key, other, 0, 8)).toBe(-1);
  });

  it("keeps every edge across growth", () => {
    const cache = new EdgeCache();
    const frames = Array.from({ length: 5000 }, (_, i) => utf8(`frame-${i}-${"x".repeat(i % 50)}`));
    const edges = frames.map((frame, i) =>
      cache.add(i % 7, frameKey(frame, 0, frame.length), frame, 0, frame.length, i),
    );
    frames.forEach((frame, i) => {
      const edge = cache.find(i % 7, frameKey(frame, 0, frame.length), frame, 0, frame.length);
      expect(edge).toBe(edges[i]);
      expect(cache.child(edge)).toBe(i);
      expect(cache.frame(edge)).toBe(new TextDecoder().decode(frame));
    });
  });
});
