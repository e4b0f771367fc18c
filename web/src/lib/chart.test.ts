import { expect, test } from "vitest";
import {
  elapsedLabel,
  elapsedTicks,
  isolatedPoints,
  linearScale,
  linePath,
  nearestIndex,
  niceTicks,
  timeTicks,
} from "./chart";

test("linear scale and nice ticks", () => {
  const x = linearScale([0, 10], [0, 100]);
  expect(x(2.5)).toBe(25);
  expect(niceTicks(0, 87, 5)).toEqual([0, 20, 40, 60, 80]);
  expect(niceTicks(0, 1, 4)).toEqual([0, 0.5, 1]);
  expect(niceTicks(5, 5)).toEqual([5, 5.2, 5.4, 5.6, 5.8, 6]);
});

test("time ticks fall on round local times and are labelled for the span", () => {
  const start = new Date(2026, 10, 24, 10, 7).getTime();
  const ticks = timeTicks(start, start + 60 * 60_000, 6);
  expect(ticks.map((t) => t.label)).toEqual(["10:15", "10:30", "10:45", "11:00"]);
  const week = timeTicks(start, start + 7 * 86_400_000, 7);
  expect(week[0].label).toBe("25/11");
});

test("elapsed ticks count from the window's start in round steps", () => {
  expect(elapsedTicks(60 * 60_000, 6).map((t) => t.label)).toEqual(["+0m", "+15m", "+30m", "+45m", "+1h"]);
  expect(elapsedTicks(26 * 3_600_000, 6).map((t) => t.label)).toEqual(["+0m", "+6h", "+12h", "+18h", "+1d"]);
  expect(elapsedTicks(0)).toEqual([]);
  expect(elapsedLabel(90 * 60_000)).toBe("+1h30");
  expect(elapsedLabel(50 * 3_600_000)).toBe("+2d2h");
});

test("paths break at missing values; nearest point by time", () => {
  const id = (v: number) => v;
  expect(
    linePath(
      [
        { t: 0, v: 1 },
        { t: 1, v: 2 },
        { t: 2, v: null },
        { t: 3, v: 4 },
      ],
      id,
      id,
    ),
  ).toBe("M0.0,1.0L1.0,2.0M3.0,4.0");
  expect(isolatedPoints([{ t: 0, v: 1 }])).toEqual([{ t: 0, v: 1 }]);
  expect(
    isolatedPoints([
      { t: 0, v: 1 },
      { t: 1, v: 2 },
      { t: 2, v: null },
      { t: 3, v: 4 },
    ]),
  ).toEqual([{ t: 3, v: 4 }]);
  const points = [0, 10, 20].map((t) => ({ t, v: 1 }));
  expect(nearestIndex(points, 14)).toBe(1);
  expect(nearestIndex(points, 16)).toBe(2);
  expect(nearestIndex([], 1)).toBe(-1);
});
