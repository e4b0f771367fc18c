import { describe, expect, it } from "vitest";
import {
  citedDeployment,
  DEFAULT_THRESHOLDS,
  detectRegressions,
  catchUpWindows,
  evaluationWindow,
  MAX_ALERTS_PER_RUN,
  rangeWindows,
  newRegressions,
  type FunctionSamples,
  type Regression,
} from "./regression";

const fn = (name: string, selfBefore: number, selfAfter: number, totalBefore = selfBefore, totalAfter = selfAfter): FunctionSamples =>
  ({ name, selfBefore, selfAfter, totalBefore, totalAfter });

describe("evaluationWindow", () => {
  it("is the last complete hour and the 7 days before it", () => {
    const w = evaluationWindow(new Date("2026-11-25T10:10:00Z"));
    expect(w.start.toISOString()).toBe("2026-11-25T09:00:00.000Z");
    expect(w.end.toISOString()).toBe("2026-11-25T10:00:00.000Z");
    expect(w.baselineStart.toISOString()).toBe("2026-11-18T09:00:00.000Z");
  });
  it("on the hour, takes the hour that just ended", () => {
    expect(evaluationWindow(new Date("2026-11-25T10:00:00Z")).start.toISOString()).toBe("2026-11-25T09:00:00.000Z");
  });
});

const starts = (windows: { start: Date }[]) => windows.map((w) => w.start.toISOString().slice(11, 16));

describe("catchUpWindows", () => {
  const now = new Date("2026-11-25T10:10:00Z");

  it("evaluates every complete hour since the last one evaluated, oldest first", () => {
    expect(starts(catchUpWindows(new Date("2026-11-25T06:00:00Z"), now))).toEqual(["06:00", "07:00", "08:00", "09:00"]);
    const [first] = catchUpWindows(new Date("2026-11-25T06:00:00Z"), now);
    expect(first.end.toISOString()).toBe("2026-11-25T07:00:00.000Z");
    expect(first.baselineStart.toISOString()).toBe("2026-11-18T06:00:00.000Z");
  });

  it("nothing when the last complete hour was evaluated (a retried cron), one hour on a first run", () => {
    expect(catchUpWindows(new Date("2026-11-25T10:00:00Z"), now)).toEqual([]);
    expect(catchUpWindows(new Date("2026-11-25T11:00:00Z"), now)).toEqual([]);
    expect(catchUpWindows(null, now)).toEqual([evaluationWindow(now)]);
  });

  it("goes at most 48 hours back", () => {
    const windows = catchUpWindows(new Date("2026-11-01T00:00:00Z"), now);
    expect(windows).toHaveLength(48);
    expect(windows[0].start.toISOString()).toBe("2026-11-23T10:00:00.000Z");
    expect(windows[47]).toEqual(evaluationWindow(now));
  });
});

describe("rangeWindows", () => {
  const now = new Date("2026-11-25T10:10:00Z");

  it("the complete hours overlapping the range", () => {
    const from = new Date("2026-11-25T05:30:00Z");
    expect(starts(rangeWindows(from, new Date("2026-11-25T07:00:00Z"), now))).toEqual(["05:00", "06:00"]);
    expect(starts(rangeWindows(from, new Date("2026-11-25T07:01:00Z"), now))).toEqual(["05:00", "06:00", "07:00"]);
  });

  it("stops at the last complete hour", () => {
    expect(starts(rangeWindows(new Date("2026-11-25T08:00:00Z"), new Date("2026-11-26T00:00:00Z"), now))).toEqual(["08:00", "09:00"]);
    expect(rangeWindows(new Date("2026-11-25T10:00:00Z"), new Date("2026-11-25T10:10:00Z"), now)).toEqual([]);
  });
});

describe("detectRegressions", () => {
  const samples = (functions: FunctionSamples[], before = 100_000, after = 10_000) => ({ before, after, functions });

  it("reports a function whose self share jumps, as shares", () => {
    const [r, ...rest] = detectRegressions(samples([fn("hot", 2_000, 1_500, 5_000, 2_000)]), DEFAULT_THRESHOLDS);
    expect(rest).toEqual([]);
    expect(r).toEqual({ functionName: "hot", selfBefore: 0.02, selfAfter: 0.15, totalBefore: 0.05, totalAfter: 0.2 });
  });

  it("ignores steady functions, small rises and falls", () => {
    const steady = fn("steady", 20_000, 2_000); // 20% → 20%
    const small = fn("small", 1_000, 250); // 1% → 2.5%: +1.5 points < 2
    const fell = fn("fell", 30_000, 1_000);
    expect(detectRegressions(samples([steady, small, fell]), DEFAULT_THRESHOLDS)).toEqual([]);
  });

  it("needs the ratio as well as the points", () => {
    // 40% → 43%: +3 points of self share, but only ×1.075
    expect(detectRegressions(samples([fn("big", 40_000, 4_300)]), DEFAULT_THRESHOLDS)).toEqual([]);
    expect(detectRegressions(samples([fn("big", 40_000, 4_300)]), { ...DEFAULT_THRESHOLDS, minRatio: 1.05 })).toHaveLength(1);
  });

  it("reports a total-share rise alone (a caller of more work)", () => {
    const caller = fn("caller", 0, 0, 10_000, 2_000); // total 10% → 20%
    expect(detectRegressions(samples([caller]), DEFAULT_THRESHOLDS).map((r) => r.functionName)).toEqual(["caller"]);
  });

  it("reports a function that is new in the hour", () => {
    expect(detectRegressions(samples([fn("new", 0, 500)]), DEFAULT_THRESHOLDS)).toHaveLength(1);
  });

  it("orders by the largest rise", () => {
    const out = detectRegressions(samples([fn("a", 0, 300), fn("b", 0, 900), fn("c", 0, 600)]), DEFAULT_THRESHOLDS);
    expect(out.map((r) => r.functionName)).toEqual(["b", "c", "a"]);
  });

  it("judges nothing with too few samples or when disabled", () => {
    const jump = [fn("hot", 0, 500)];
    expect(detectRegressions(samples(jump, 999, 10_000), DEFAULT_THRESHOLDS)).toEqual([]);
    expect(detectRegressions(samples(jump, 100_000, 999), DEFAULT_THRESHOLDS)).toEqual([]);
    expect(detectRegressions(samples(jump), { ...DEFAULT_THRESHOLDS, enabled: false })).toEqual([]);
  });
});

describe("newRegressions", () => {
  const window = evaluationWindow(new Date("2026-11-25T10:10:00Z"));
  const r = (functionName: string): Regression => ({ functionName, selfBefore: 0, selfAfter: 1, totalBefore: 0, totalAfter: 1 });

  it("drops functions with an open alert or one in the last 24 hours", () => {
    const past = [
      { functionName: "open", state: "open" as const, windowStart: new Date("2026-10-01T00:00:00Z") },
      { functionName: "recent", state: "acknowledged" as const, windowStart: new Date("2026-11-24T12:00:00Z") },
      { functionName: "old", state: "acknowledged" as const, windowStart: new Date("2026-11-20T12:00:00Z") },
    ];
    expect(newRegressions([r("open"), r("recent"), r("old"), r("fresh")], past, window).map((x) => x.functionName)).toEqual([
      "old",
      "fresh",
    ]);
  });

  it("keeps at most MAX_ALERTS_PER_RUN", () => {
    const many = Array.from({ length: 30 }, (_, i) => r(`f${i}`));
    expect(newRegressions(many, [], window)).toHaveLength(MAX_ALERTS_PER_RUN);
  });
});

describe("citedDeployment", () => {
  const window = evaluationWindow(new Date("2026-11-25T10:10:00Z")); // 09:00..10:00
  const d = (id: number, time: string) => ({ id, time: new Date(time) });

  it("is the latest deployment before the hour's end, within 24 hours", () => {
    const deployments = [d(1, "2026-11-24T08:00:00Z"), d(2, "2026-11-25T08:30:00Z"), d(3, "2026-11-25T09:20:00Z"), d(4, "2026-11-25T10:00:00Z")];
    expect(citedDeployment(deployments, window)?.id).toBe(3);
  });

  it("is null when the last deployment is older than a day", () => {
    expect(citedDeployment([d(1, "2026-11-24T09:59:59Z")], window)).toBeNull();
    expect(citedDeployment([], window)).toBeNull();
  });
});
