import { describe, expect, test } from "vitest";
import { chartInterval, comparedWindow, nodesCoresInterval, parseInterval } from "./metrics-windows";

const utc = (s: string) => new Date(`${s}Z`);
const H = 3_600_000;

describe("parseInterval", () => {
  test.each([
    ["15 minute", { count: 15, unit: "minute" }],
    ["1 hours", { count: 1, unit: "hour" }],
    ["30 seconds", { count: 30, unit: "second" }],
    [" 24 HOUR ", { count: 24, unit: "hour" }],
    ["2day", { count: 2, unit: "day" }],
  ])("%j", (text, interval) => expect(parseInterval(text)).toEqual(interval));

  test.each([
    "",
    "0 minute",
    "15",
    "minute",
    "15 minute' OR 1=1 --",
    "1 week",
    "1 minute; DROP TABLE x",
    "1e3 second",
    "-5 hour",
    "1 mi nute",
    "9999999 second",
  ])("refuses %j", (text) => expect(parseInterval(text)).toBeNull());
});

describe("chartInterval", () => {
  const start = utc("2024-03-01T00:00:00");
  test("defaults to getInterval by span", () => {
    expect(chartInterval(undefined, start, new Date(start.getTime() + 24 * H))).toEqual({
      count: 15,
      unit: "minute",
    });
    expect(chartInterval("", start, new Date(start.getTime() + 30 * 24 * H))).toEqual({
      count: 24,
      unit: "hour",
    });
  });
  test("refuses hostile or too fine intervals", () => {
    expect(chartInterval("1 minute') --", start, new Date(start.getTime() + H))).toHaveProperty("error");
    expect(chartInterval("1 second", start, new Date(start.getTime() + 30 * 24 * H))).toHaveProperty("error");
    expect(chartInterval("1 minute", start, new Date(start.getTime() + 24 * H))).toEqual({
      count: 1,
      unit: "minute",
    });
  });
});

describe("comparedWindow (cpu_trend)", () => {
  test.each([
    ["2024-03-10T00:00:00", "2024-03-11T00:00:00", 1],
    ["2024-03-01T00:00:00", "2024-03-08T00:00:00", 1], // exactly 7 days
    ["2024-03-01T00:00:00", "2024-03-08T05:00:00", 2], // 7 days and hours
    ["2024-03-01T00:00:00", "2024-03-09T00:00:00", 2], // 8 days
    ["2024-03-01T00:00:00", "2024-03-15T00:00:00", 2], // 14 days
    ["2024-02-01T00:00:00", "2024-03-02T00:00:00", 5], // 30 days
  ])("%s..%s → %i weeks back", (s, e, weeks) => {
    const window = comparedWindow(utc(s), utc(e));
    expect(utc(s).getTime() - window.start.getTime()).toBe(weeks * 7 * 24 * H);
    expect(utc(e).getTime() - window.end.getTime()).toBe(weeks * 7 * 24 * H);
  });
});

describe("nodesCoresInterval", () => {
  const start = utc("2024-03-01T00:00:00");
  const after = (hours: number) => new Date(start.getTime() + hours * H);
  test.each([
    [0.5, "15 seconds"],
    [1, "30 seconds"],
    [24, "15 minutes"],
    [24 * 7, "2 hours"],
    [24 * 14, "6 hours"],
    [24 * 30, "24 hours"],
  ])("%f h → %s", (hours, interval) =>
    expect(nodesCoresInterval(undefined, start, after(hours))).toBe(interval),
  );

  test("takes a whitelisted request and ignores anything else", () => {
    expect(nodesCoresInterval("5 minutes", start, after(24))).toBe("5 minutes");
    expect(nodesCoresInterval("5 minute", start, after(24))).toBe("15 minutes");
    expect(nodesCoresInterval("1 hours'; DROP TABLE users; --", start, after(24))).toBe("15 minutes");
    expect(nodesCoresInterval("15 seconds", start, after(24 * 30))).toBe("24 hours"); // 172,800 buckets
  });
});
