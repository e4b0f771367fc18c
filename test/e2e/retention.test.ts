// `npm run retention` against the stack's ClickHouse: TTLs are set per family and read back from the server.
import { afterAll, expect, inject, test } from "vitest";
import { applyRetention, FAMILIES, parseRetentionArgs, readRetention } from "../../scripts/retention.mjs";

const connection = { url: inject("stack").clickhouseUrl };
const ORIGINAL = { raw: 30, hourly: 30, daily: 365, logs: 14 };
afterAll(() => applyRetention(connection, { days: ORIGINAL }));

test("--days sets every family; a family flag overrides it, in any order", () => {
  const all = { raw: 7, hourly: 7, daily: 7, logs: 7 };
  expect(parseRetentionArgs(["--days", "7"]).days).toEqual(all);
  expect(parseRetentionArgs(["--daily", "90", "--days", "7"]).days).toEqual({ ...all, daily: 90 });
  expect(parseRetentionArgs(["--days", "7", "--daily", "90"]).days).toEqual({ ...all, daily: 90 });
  for (const bad of [["--days"], ["--days", "0"], ["--days", "7; DROP TABLE x"], ["--weekly", "3"]]) {
    expect(() => parseRetentionArgs(bad)).toThrow();
  }
});

test("applies the TTL to every table of each family, as ClickHouse reports it back", async () => {
  await applyRetention(connection, parseRetentionArgs(["--days", "7", "--daily", "90"]));
  const ttl = await readRetention(connection);
  for (const [family, tables] of Object.entries(FAMILIES)) {
    for (const table of Object.keys(tables)) expect([table, ttl[table]]).toEqual([table, family === "daily" ? 90 : 7]);
  }
});
