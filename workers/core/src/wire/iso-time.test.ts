import { expect, test } from "vitest";
import { isoTime, isoTimeOfClickHouse } from "./iso-time";

test("times carry an explicit UTC offset; milliseconds only when there are some", () => {
  expect(isoTime(new Date("2024-11-18T10:00:00Z"))).toBe("2024-11-18T10:00:00+00:00");
  expect(isoTime(new Date("2024-11-18T10:00:00.123Z"))).toBe("2024-11-18T10:00:00.123+00:00");
  expect(isoTimeOfClickHouse("2024-11-18 10:00:00")).toBe("2024-11-18T10:00:00+00:00");
  expect(new Date(isoTimeOfClickHouse("2024-11-18 10:00:00")).getTime()).toBe(Date.UTC(2024, 10, 18, 10));
});
