import { expect, test } from "vitest";
import { parseTimeSelection, resolveTimeRange, timeSelectionParams } from "./time-range";

const params = (query: string) => new URLSearchParams(query);
const NOW = new Date("2026-11-24T12:00:00.000Z");

test("a preset resolves against now", () => {
  const selection = parseTimeSelection(params("time=6h"));
  expect(selection).toEqual({ kind: "preset", preset: "6h" });
  expect(resolveTimeRange(selection, NOW)).toEqual({ start: new Date("2026-11-24T06:00:00.000Z"), end: NOW });
});

test("a valid startTime/endTime pair wins over time", () => {
  const selection = parseTimeSelection(
    params("time=1d&startTime=2026-11-20T10:00:00Z&endTime=2026-11-20T11:00:00Z"),
  );
  expect(selection).toEqual({
    kind: "custom",
    startTime: "2026-11-20T10:00:00Z",
    endTime: "2026-11-20T11:00:00Z",
  });
  expect(timeSelectionParams(selection)).toEqual({
    time: null,
    startTime: "2026-11-20T10:00:00Z",
    endTime: "2026-11-20T11:00:00Z",
  });
});

test("unknown or inverted values fall back to the last hour", () => {
  expect(parseTimeSelection(params("time=3y"))).toEqual({ kind: "preset", preset: "1h" });
  expect(parseTimeSelection(params("startTime=2026-11-20T11:00:00Z&endTime=2026-11-20T10:00:00Z"))).toEqual({
    kind: "preset",
    preset: "1h",
  });
});
