import { readdirSync, readFileSync } from "node:fs";
import { describe, expect, test } from "vitest";
import {
  alertsCheck,
  backlogCheck,
  clickhouseCheck,
  clockCheck,
  deadLettersCheck,
  FLAMEDB_SCHEMA_VERSION,
  freshnessCheck,
  httpCheck,
  postgresCheck,
  worstLevel,
} from "./status-checks.mjs";

const root = new URL("../../../", import.meta.url);
const journal = [
  { tag: "0000_init", when: 1000 },
  { tag: "0001_ui_auth", when: 2000 },
];
const now = new Date("2026-11-25T12:00:00Z");
const ago = (ms: number) => new Date(now.getTime() - ms);

test("the ClickHouse schema version is the newest file of both schemas", () => {
  for (const dir of ["clickhouse/schema", "clickhouse/cluster"]) {
    const versions = readdirSync(new URL(dir, root)).map((name) => Number(/^(\d+)_/.exec(name)?.[1] ?? 0));
    expect([dir, Math.max(...versions)]).toEqual([dir, FLAMEDB_SCHEMA_VERSION]);
  }
});

test("the journal the checks read is drizzle-kit's", () => {
  const real = JSON.parse(readFileSync(new URL("migrations/sql/meta/_journal.json", root), "utf8"));
  expect(real.entries.length).toBeGreaterThan(0);
  expect(real.entries.every((e: { tag: unknown; when: unknown }) => typeof e.tag === "string" && typeof e.when === "number")).toBe(true);
});

describe("postgresCheck", () => {
  const run = (applied: number[]) => postgresCheck("pg", "postgres", { appliedMillis: applied }, journal, "migrate");
  test("every migration applied", () => {
    expect(run([1000, 2000])).toEqual({ id: "pg", label: "postgres", level: "ok", detail: "migrations at 0001_ui_auth (2 of 2)" });
  });
  test("a missing migration fails with the fix", () => {
    expect(run([1000])).toMatchObject({ level: "fail", detail: "1 of 2 migrations not applied (first missing: 0001_ui_auth)", fix: "migrate" });
    expect(run([])).toMatchObject({ level: "fail", detail: "2 of 2 migrations not applied (first missing: 0000_init)" });
  });
  test("a database migrated by newer code warns", () => {
    expect(run([1000, 2000, 3000]).level).toBe("warn");
  });
});

test("clickhouseCheck compares the recorded version", () => {
  expect(clickhouseCheck("ch", "clickhouse", { version: 10 }, 10, "apply").level).toBe("ok");
  expect(clickhouseCheck("ch", "clickhouse", { version: 9 }, 10, "apply")).toMatchObject({ level: "fail", fix: "apply" });
  expect(clickhouseCheck("ch", "clickhouse", { version: null }, 10, "apply").level).toBe("fail");
  expect(clickhouseCheck("ch", "clickhouse", { version: 11 }, 10, "apply").level).toBe("warn");
});

test("clockCheck grades the worst offset and ignores unknown clocks", () => {
  expect(clockCheck("clock", "clocks", "this machine", { Postgres: 120, ClickHouse: -300 })).toMatchObject({
    level: "ok",
    detail: "Postgres +0.1 s, ClickHouse −0.3 s vs this machine",
  });
  expect(clockCheck("clock", "clocks", "here", { Postgres: -20, ClickHouse: 30 }).detail).toBe("Postgres ±0.0 s, ClickHouse ±0.0 s vs here");
  expect(clockCheck("clock", "clocks", "here", { Postgres: 6_000, ClickHouse: NaN }).level).toBe("warn");
  expect(clockCheck("clock", "clocks", "here", { Postgres: -61_000 }).level).toBe("fail");
  expect(clockCheck("clock", "clocks", "here", { Postgres: NaN }).level).toBe("warn");
});

test("backlogCheck grades by the oldest message's age", () => {
  expect(backlogCheck("q", "queue", { backlogCount: 0 }, now, "f").level).toBe("ok");
  expect(backlogCheck("q", "queue", { backlogCount: 3, oldestMessageTimestamp: ago(60_000) }, now, "f")).toMatchObject({
    level: "ok",
    detail: "3 message(s) waiting, oldest 1 min old",
  });
  expect(backlogCheck("q", "queue", { backlogCount: 3, oldestMessageTimestamp: ago(6 * 60_000) }, now, "f").level).toBe("warn");
  expect(backlogCheck("q", "queue", { backlogCount: 3, oldestMessageTimestamp: ago(3600_000).toISOString() }, now, "f")).toMatchObject({ level: "fail", fix: "f" });
});

test("deadLettersCheck warns with the replay command", () => {
  expect(deadLettersCheck("d", "dead letters", { stored: 0, truncated: false, queued: 0 }).level).toBe("ok");
  const some = deadLettersCheck("d", "dead letters", { stored: 1000, truncated: true, queued: 2 });
  expect(some.level).toBe("warn");
  expect(some.detail).toBe("1000+ profile(s) the indexer gave up on, 2 more on the dead-letter Queue");
  expect(some.fix).toContain("npm run dead-letters -- replay");
});

test("alertsCheck: ok while current; warns when behind or when a service hour was given up", () => {
  const state = { lastHourEnd: ago(30 * 60_000), retrying: 0, givenUp: 0, lastError: null };
  expect(alertsCheck({ ...state, lastHourEnd: null }, now)).toMatchObject({ level: "ok", detail: "not evaluated yet (the cron runs hourly)" });
  expect(alertsCheck(state, now)).toMatchObject({ level: "ok", detail: `evaluated up to ${ago(30 * 60_000).toISOString()} (30 min ago)` });
  const retrying = alertsCheck({ ...state, retrying: 2, lastError: "ClickHouse unavailable" }, now);
  expect(retrying).toMatchObject({ level: "ok" });
  expect(retrying.detail).toContain("2 service hour(s) failed, tried again every run; last error: ClickHouse unavailable");
  const givenUp = alertsCheck({ ...state, givenUp: 1, lastError: "x" }, now);
  expect(givenUp).toMatchObject({ level: "warn", fix: expect.stringContaining("POST /api/alerts/evaluate") });
  expect(alertsCheck({ ...state, lastHourEnd: null, givenUp: 1, lastError: "x" }, now).level).toBe("warn");
  expect(alertsCheck({ ...state, lastHourEnd: ago(3 * 3600_000) }, now)).toMatchObject({ level: "warn", fix: expect.stringContaining("wrangler tail") });
});

describe("freshnessCheck", () => {
  const base = { service: "svc", sampleThreshold: 0 };
  test("an active agent with recent profiles is ok", () => {
    expect(freshnessCheck({ ...base, newestProfile: ago(120_000), agentLastSeen: ago(60_000) }, now)).toMatchObject({
      id: "index:svc",
      level: "ok",
      detail: "newest profile 2 min ago, agents last seen 1 min ago",
    });
  });
  test("an active agent whose profiles stopped being indexed warns", () => {
    expect(freshnessCheck({ ...base, newestProfile: ago(3600_000), agentLastSeen: ago(60_000) }, now).level).toBe("warn");
    expect(freshnessCheck({ ...base, newestProfile: null, agentLastSeen: ago(60_000) }, now).level).toBe("warn");
  });
  test("a silent agent, or downsampling that drops everything, is not the indexer's fault", () => {
    expect(freshnessCheck({ ...base, newestProfile: ago(7200_000), agentLastSeen: ago(3600_000) }, now).level).toBe("ok");
    const dropped = freshnessCheck({ ...base, sampleThreshold: 1, newestProfile: null, agentLastSeen: ago(1000) }, now);
    expect(dropped).toMatchObject({ level: "ok" });
    expect(dropped.detail).toContain("100% of uploads dropped by downsampling");
  });
});

test("httpCheck and worstLevel", () => {
  const up = httpCheck("ui", "UI", { url: "http://x", status: 200, expected: [200] }, "start it");
  const down = httpCheck("ui", "UI", { url: "http://x", error: "ECONNREFUSED", expected: [200] }, "start it");
  const wrong = httpCheck("ui", "UI", { url: "http://x", status: 502, expected: [200] }, "start it");
  expect(up).toEqual({ id: "ui", label: "UI", level: "ok", detail: "http://x answered 200" });
  expect(down).toMatchObject({ level: "fail", detail: "http://x: ECONNREFUSED", fix: "start it" });
  expect(wrong.level).toBe("fail");
  expect(worstLevel([])).toBe("ok");
  expect(worstLevel([up, { ...up, level: "warn" }])).toBe("warn");
  expect(worstLevel([up, down])).toBe("fail");
});
