import { describe, expect, test } from "vitest";
import { decodeCursor, encodeCursor, parseSeverity } from "./log-query";

describe("parseSeverity", () => {
  test("levels by name or number", () => {
    expect(parseSeverity("warning")).toBe(4);
    expect(parseSeverity("ERROR")).toBe(5);
    expect(parseSeverity("3")).toBe(3);
    for (const bad of ["", "loud", "-1", "256", "1.5", "3 OR 1=1"]) expect(parseSeverity(bad)).toBeNull();
  });
});

describe("cursors", () => {
  test("round-trip, and anything else is refused", () => {
    const cursor = { time: 1732528800123, hash: "18446744073709551615" };
    expect(decodeCursor(encodeCursor(cursor))).toEqual(cursor);
    for (const bad of [
      "",
      "!!",
      btoa("1:2:3"),
      btoa("x:1"),
      btoa("1:18446744073709551616"),
      btoa("1' OR 1=1:2"),
    ]) {
      expect(decodeCursor(bad)).toBeNull();
    }
  });
});
