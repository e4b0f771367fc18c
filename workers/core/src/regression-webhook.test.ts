import { describe, expect, it } from "vitest";
import { evaluationWindow } from "./regression";
import { alertPayload, comparePermalink, isValidWebhookUrl } from "./regression-webhook";

describe("isValidWebhookUrl", () => {
  it("takes https anywhere and http only to this machine", () => {
    expect(isValidWebhookUrl("https://hooks.slack.com/services/T/B/x")).toBe(true);
    expect(isValidWebhookUrl("http://localhost:9000/hook")).toBe(true);
    expect(isValidWebhookUrl("http://127.0.0.1:9000/hook")).toBe(true);
    expect(isValidWebhookUrl("http://[::1]/hook")).toBe(true);
    expect(isValidWebhookUrl("http://example.com/hook")).toBe(false);
    expect(isValidWebhookUrl("http://localhost.example.com/hook")).toBe(false);
    expect(isValidWebhookUrl("ftp://example.com/")).toBe(false);
    expect(isValidWebhookUrl("https://user:pw@example.com/")).toBe(false);
    expect(isValidWebhookUrl("not a url")).toBe(false);
  });
});

describe("comparePermalink", () => {
  it("opens the compare page: baseline as base, the hour as compared, the function selected", () => {
    const window = evaluationWindow(new Date("2026-11-25T10:10:00Z"));
    const url = new URL(comparePermalink("https://studio.example.com/", "web shop", "foo_[p]", window));
    expect(url.origin + url.pathname).toBe("https://studio.example.com/compare");
    expect(Object.fromEntries(url.searchParams)).toEqual({
      service: "web shop",
      startTime: "2026-11-18T09:00:00.000Z",
      endTime: "2026-11-25T09:00:00.000Z",
      cStartTime: "2026-11-25T09:00:00.000Z",
      cEndTime: "2026-11-25T10:00:00.000Z",
      fn: "foo_[p]",
    });
  });
});

describe("alertPayload", () => {
  it("names the service, function, shares, windows, permalink and the deployment", () => {
    const window = evaluationWindow(new Date("2026-11-25T10:10:00Z"));
    const body = alertPayload({
      id: 7,
      service: "shop",
      regression: { functionName: "hot", selfBefore: 0.02, selfAfter: 0.15, totalBefore: 0.05, totalAfter: 0.2 },
      window,
      deployment: { id: 3, version: "2.4.1", time: new Date("2026-11-25T09:20:00Z"), source: "api", description: "release", commit: "9f3c2ab" },
      permalink: "https://studio/compare?x",
    });
    expect(body).toMatchObject({
      alertId: 7,
      service: "shop",
      function: "hot",
      self: { before: 0.02, after: 0.15 },
      total: { before: 0.05, after: 0.2 },
      window: { start: "2026-11-25T09:00:00.000Z", end: "2026-11-25T10:00:00.000Z" },
      baseline: { start: "2026-11-18T09:00:00.000Z", end: "2026-11-25T09:00:00.000Z" },
      deployment: { id: 3, version: "2.4.1", time: "2026-11-25T09:20:00.000Z", commit: "9f3c2ab" },
      permalink: "https://studio/compare?x",
    });
    expect(body.text).toContain("hot in shop rose after deployment 2.4.1: self 2.0% → 15.0%");
  });
});
