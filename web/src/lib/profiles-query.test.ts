import { expect, test } from "vitest";
import { parseProfilesQuery, relativeHref, withParams } from "./profiles-query";

test("reads the A.8 params the profiles page uses", () => {
  expect(
    parseProfilesQuery(new URLSearchParams("service=web&time=1w&search=foo%7Cbar&truncation=1")),
  ).toEqual({
    service: "web",
    time: { kind: "preset", preset: "1w" },
    search: "foo|bar",
    truncation: true,
  });
});

test("withParams sets and removes params and keeps the others", () => {
  const url = new URL("http://ui/profiles?service=a&rt=py_ja&search=x");
  expect(relativeHref(withParams(url, { service: "b", search: null }))).toBe("/profiles?service=b&rt=py_ja");
});
