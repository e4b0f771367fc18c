import { describe, expect, test } from "vitest";
import { relativeTime } from "./accounts";
import { patternLines, shareUrl } from "./shares";

const NOW = new Date("2026-11-25T12:00:00Z");

describe("admin and share helpers", () => {
  test("relative times in the lists", () => {
    expect(relativeTime(null, NOW)).toBe("never");
    expect(relativeTime(null, NOW, "—")).toBe("—");
    expect(relativeTime("2026-11-25T11:59:30Z", NOW)).toBe("30 s ago");
    expect(relativeTime("2026-11-25T09:00:00Z", NOW)).toBe("3 h ago");
    expect(relativeTime("2026-12-01T12:00:00Z", NOW)).toBe("in 6 d");
    expect(relativeTime("2026-11-25T12:10:00Z", NOW)).toBe("in 10 min");
  });

  test("redaction patterns: one per line, blanks dropped", () => {
    expect(patternLines(" acme \n\n/home/[^/]+\n  ")).toEqual(["acme", "/home/[^/]+"]);
    expect(patternLines("")).toEqual([]);
    expect(shareUrl("https://studio.example", "abc")).toBe("https://studio.example/share/abc");
  });
});
