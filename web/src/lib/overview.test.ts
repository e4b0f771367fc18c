import { expect, test } from "vitest";
import { compareVersions, dayLabel, textMatcher } from "./overview";

test("day labels relative to now, from naive UTC timestamps", () => {
  const now = new Date(2026, 10, 25, 12, 0);
  expect(dayLabel(new Date(2026, 10, 25, 1, 0).toISOString(), now)).toBe("Today");
  expect(dayLabel(new Date(2026, 10, 24, 23, 0).toISOString(), now)).toBe("Yesterday");
  expect(dayLabel(new Date(2026, 0, 5, 12, 0).toISOString(), now)).toBe("05/01/2026");
  expect(dayLabel(null, now)).toBe("—");
});

test("versions sort as semver", () => {
  const list = ["1.10.0", "1.9.2", null, "1.51.0", "1.9.10"];
  expect([...list].sort(compareVersions)).toEqual([null, "1.9.2", "1.9.10", "1.10.0", "1.51.0"]);
});

test("text matcher: regex, or substring when the regex is broken", () => {
  expect(textMatcher("^web")("web-api")).toBe(true);
  expect(textMatcher("^web")("my-web")).toBe(false);
  expect(textMatcher("(web")("my-(web")).toBe(true);
  expect(textMatcher("")("x")).toBe(true);
});
