import { describe, expect, it } from "vitest";
import { FrameTable } from "./frame-table";

const utf8 = (s: string) => new TextEncoder().encode(s);

describe("FrameTable", () => {
  it("gives one id per distinct frame bytes, wherever they sit in a buffer", () => {
    const frames = new FrameTable();
    const line = utf8("xx main_[p] yy main_[p]");
    const id = frames.intern(line, 3, 11);
    expect(frames.intern(line, 15, 23)).toBe(id);
    expect(frames.intern(utf8("main_[q]"), 0, 8)).not.toBe(id);
    expect(frames.intern(utf8("main_[p]x"), 0, 9)).not.toBe(id);
    expect(frames.name(id)).toBe("main_[p]");
  });

  it("keeps every frame across growth", () => {
    const frames = new FrameTable();
    const names = Array.from({ length: 5000 }, (_, i) => `frame-${i}-${"x".repeat(i % 50)}`);
    const ids = names.map((name) => frames.intern(utf8(name), 0, utf8(name).length));
    expect(new Set(ids).size).toBe(5000);
    names.forEach((name, i) => {
      expect(frames.intern(utf8(name), 0, utf8(name).length)).toBe(ids[i]);
      expect(frames.name(ids[i])).toBe(name);
    });
  });
});
