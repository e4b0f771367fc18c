import { describe, expect, it } from "vitest";
import { alertCompareHref, formatShare, type Alert } from "./alerts-api";
import { parseCompareQuery } from "./compare-query";

describe("alertCompareHref", () => {
  it("opens the compare page on the baseline and the alert's hour, with the function", () => {
    const alert = {
      serviceName: "shop",
      functionName: "hot_[p]",
      baselineStart: "2026-11-18T09:00:00+00:00",
      windowStart: "2026-11-25T09:00:00+00:00",
      windowEnd: "2026-11-25T10:00:00+00:00",
    } as Alert;
    const href = alertCompareHref(alert);
    expect(href.startsWith("/compare?")).toBe(true);
    const q = parseCompareQuery(new URL(href, "http://ui").searchParams);
    expect(q).toMatchObject({ service: "shop", view: "diff", fn: "hot_[p]" });
    expect(q.time).toEqual({ kind: "custom", startTime: "2026-11-18T09:00:00.000Z", endTime: "2026-11-25T09:00:00.000Z" });
    expect(q.cTime).toEqual({ kind: "custom", startTime: "2026-11-25T09:00:00.000Z", endTime: "2026-11-25T10:00:00.000Z" });
  });
});

describe("formatShare", () => {
  it("is a percentage with one decimal", () => {
    expect(formatShare(0.1234)).toBe("12.3%");
    expect(formatShare(0)).toBe("0.0%");
  });
});
