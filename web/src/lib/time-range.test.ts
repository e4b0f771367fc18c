import { expect, test } from "vitest";
import {
  absoluteSelection,
  lastSnapshotSelection,
  parseApiTime,
  parseTimeSelection,
  resolveTimeRange,
  shiftedSelection,
  timeSelectionParams,
} from "./time-range";

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

test("the compare page's cTime / cStartTime / cEndTime", () => {
  const p = params("time=1d&cStartTime=2026-11-20T10:00:00Z&cEndTime=2026-11-20T11:00:00Z");
  expect(parseTimeSelection(p, "c")).toEqual({
    kind: "custom",
    startTime: "2026-11-20T10:00:00Z",
    endTime: "2026-11-20T11:00:00Z",
  });
  expect(timeSelectionParams({ kind: "preset", preset: "6h" }, "c")).toEqual({
    cTime: "6h",
    cStartTime: null,
    cEndTime: null,
  });
});

test("permalinks, last snapshot and the minesweeper shift are absolute ranges", () => {
  expect(absoluteSelection({ kind: "preset", preset: "1h" }, NOW)).toEqual({
    kind: "custom",
    startTime: "2026-11-24T11:00:00.000Z",
    endTime: "2026-11-24T12:00:00.000Z",
  });
  expect(lastSnapshotSelection("2026-11-24T12:00:00+00:00")).toEqual({
    kind: "custom",
    startTime: "2026-11-23T12:00:00.000Z",
    endTime: "2026-11-24T12:00:00.000Z",
  });
  expect(lastSnapshotSelection("garbage")).toBeNull();
  expect(shiftedSelection({ kind: "preset", preset: "15min" }, 10 * 60_000, NOW)).toEqual({
    kind: "custom",
    startTime: "2026-11-24T11:35:00.000Z",
    endTime: "2026-11-24T11:50:00.000Z",
  });
});

test("api times without a zone are UTC", () => {
  expect(parseApiTime("2026-11-24T12:00:00")).toBe(Date.UTC(2026, 10, 24, 12));
  expect(parseApiTime("2026-11-24T12:00:00+01:00")).toBe(Date.UTC(2026, 10, 24, 11));
});
