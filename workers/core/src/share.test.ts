import { describe, expect, test } from "vitest";
import {
  canonicalShare,
  isExpired,
  isShareId,
  newShareSalt,
  shareExpiry,
  shareId,
  shareView,
  type ShareDocument,
} from "./share";

const NOW = new Date("2026-11-25T12:00:00Z");
const doc = (): ShareDocument => ({
  version: 1,
  meta: {
    createdBy: "ann",
    redacted: false,
    expiresAt: null,
    createdAt: NOW.toISOString(),
    filter: null,
    endTime: "2026-11-25T11:00:00.000Z",
    startTime: "2026-11-25T10:00:00.000Z",
    service: "svc",
    compared: null,
  },
  view: "search=foo",
  flamegraph: {
    name: "root",
    value: 1,
    children: [{ name: "a", value: 1, children: [] }],
    exec_time: 0,
    olap_time: 0,
    percentiles: {},
  },
  compared: null,
});

describe("share documents", () => {
  test("the canonical text does not depend on key order and parses back to the document", () => {
    const text = canonicalShare(doc());
    expect(text.startsWith('{"version":1,"meta":{"service":"svc","startTime"')).toBe(true);
    expect(JSON.parse(text)).toEqual(doc());
    const compare = doc();
    compare.meta.compared = { filter: null, endTime: "b", startTime: "a", service: "other" };
    compare.compared = compare.flamegraph;
    expect(JSON.parse(canonicalShare(compare))).toEqual(compare);
    expect(canonicalShare(compare)).toContain('"compared":{"service":"other","startTime":"a"');
  });

  test("the id is 43 url-safe characters, bound to salt and content", async () => {
    const text = canonicalShare(doc());
    const salt = newShareSalt();
    const id = await shareId(salt, text);
    expect(isShareId(id)).toBe(true);
    expect(await shareId(salt, text)).toBe(id);
    expect(await shareId(newShareSalt(), text)).not.toBe(id);
    expect(await shareId(salt, text.replace('"a"', '"b"'))).not.toBe(id);
    expect(newShareSalt()).toMatch(/^[\w-]{22}$/);
    expect(isShareId("../x")).toBe(false);
  });

  test("expiry: 1, 7, 30 days or never; default 30; anything else refused", () => {
    expect(shareExpiry(undefined, NOW)).toEqual({ ok: true, expiresAt: new Date("2026-12-25T12:00:00Z") });
    expect(shareExpiry(1, NOW)).toEqual({ ok: true, expiresAt: new Date("2026-11-26T12:00:00Z") });
    expect(shareExpiry(null, NOW)).toEqual({ ok: true, expiresAt: null });
    for (const bad of [0, 2, "7", 365, -1]) expect(shareExpiry(bad, NOW).ok).toBe(false);
    expect(isExpired("2026-11-25T12:00:00Z", NOW)).toBe(true);
    expect(isExpired("2026-11-25T12:00:01Z", NOW)).toBe(false);
    expect(isExpired(null, NOW)).toBe(false);
  });

  test("the view keeps only view params, sorted, and redacts the ones naming frames", () => {
    const upper = (s: string) => s.toUpperCase();
    expect(shareView("service=x&zoom=a;b&search=s&p=proc&time=1h&depth=5&cb=fn&rt=py", upper)).toBe(
      "search=S&zoom=A%3BB&rt=py&p=PROC&depth=5&cb=FN",
    );
    expect(shareView("x".repeat(20_000), upper)).toBeNull();
  });
});
