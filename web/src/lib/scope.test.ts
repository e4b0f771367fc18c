import { expect, test } from "vitest";
import { parseScope, scopeKey } from "./scope";

test("a scope round-trips through its key", () => {
  const filter = {
    logic: "$and" as const,
    rules: [{ type: "HostName" as const, op: "$eq" as const, value: "h,1" }],
  };
  const key = scopeKey("web", { start: "2026-11-24T10:00:00.000Z", end: "2026-11-24T11:00:00.000Z" }, filter);
  expect(parseScope(key)).toEqual({
    service: "web",
    range: { start: new Date("2026-11-24T10:00:00.000Z"), end: new Date("2026-11-24T11:00:00.000Z") },
    filter,
  });
  expect(scopeKey(null, null, null)).toBe("");
  expect(parseScope("")).toBeNull();
});
