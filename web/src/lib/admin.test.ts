import { describe, expect, test } from "vitest";
import { describeThreshold, fromPercent, sortChecks, toPercent, type StatusCheck } from "./admin";

const check = (id: string, level: StatusCheck["level"]): StatusCheck => ({ id, label: id, level, detail: "" });

test("failing checks first, then warnings, otherwise in the api's order", () => {
  const sorted = sortChecks([check("a", "ok"), check("b", "warn"), check("c", "fail"), check("d", "ok"), check("e", "fail")]);
  expect(sorted.map((c) => c.id)).toEqual(["c", "e", "b", "a", "d"]);
});

describe("the threshold as a percentage", () => {
  test("round trips", () => {
    for (const t of [0, 0.1, 0.25, 0.3333, 1]) expect(fromPercent(String(toPercent(t)))).toBe(t);
    expect(toPercent(0.125)).toBe(12.5);
  });
  test("only numbers from 0 to 100 are accepted", () => {
    expect(fromPercent(" 50 ")).toBe(0.5);
    expect(fromPercent("100")).toBe(1);
    for (const bad of ["", "-1", "101", "1e2", "abc", "50%", "0x10"]) expect(fromPercent(bad)).toBeNull();
  });
  test("is described in words", () => {
    expect(describeThreshold(0)).toBe("Every upload is kept.");
    expect(describeThreshold(1)).toMatch(/^Every upload is dropped/);
    expect(describeThreshold(0.25)).toBe("About 25% of uploads are dropped before storage; 75% are kept.");
  });
});
