import { expect, test } from "vitest";
import {
  formatAverage,
  formatChange,
  formatUtilization,
  instanceShares,
  instanceSummary,
  relativeChange,
  trendOf,
  trendText,
} from "./metrics";

test("utilization and averages", () => {
  expect(formatUtilization(12.345, 80)).toBe("12.3% avg - 80.0% max");
  expect(formatUtilization(undefined, null)).toBe("N/A");
  expect(formatAverage(2.349)).toBe("2.3");
  expect(formatAverage(0)).toBe("N/A");
});

test("trend: percentage points against last week", () => {
  const trend = trendOf(
    {
      avg_cpu: 30,
      max_cpu: 0,
      avg_memory: 40,
      max_memory: 0,
      compared_avg_cpu: 20,
      compared_max_cpu: 0,
      compared_avg_memory: 45,
      compared_max_memory: 0,
    },
    "cpu",
  );
  expect(trend).toEqual({ delta: 10, current: 30, previous: 20 });
  expect(trendText(trend, "CPU")).toBe(
    "CPU consumption is higher than last week's average by 10.0% (last week 20.0%, now 30.0%)",
  );
  expect(trendOf(null, "memory")).toBeNull();
});

test("instance types: biggest first, summary with (+N)", () => {
  const types = [
    { instance_type: "t2.medium", instance_count: 1 },
    { instance_type: "m5.large", instance_count: 3 },
  ];
  expect(instanceShares(types)[0]).toEqual({ name: "m5.large", count: 3, percent: 75 });
  expect(instanceSummary(types)).toBe("m5.large (+1)");
  expect(instanceSummary([])).toBe("N/A");
});

test("relative change for the compare table", () => {
  expect(relativeChange(50, 75)).toBe(50);
  expect(relativeChange(0, 5)).toBeNull();
  expect(formatChange(-12.34)).toBe("−12.3%");
  expect(formatChange(null)).toBe("—");
});
