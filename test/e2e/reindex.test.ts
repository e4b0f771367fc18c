// `npm run reindex` against the e2e stack, as an operator runs it: the profiles of a time range are sent
// from R2 through the indexer again. Re-enqueuing profiles that are indexed changes no row count (the
// insert tokens), and rows ClickHouse lost (their day's partitions dropped) are written again.
// The profiles sit on a day 20 days back that no other test writes to, so dropping it harms nobody.
import { execFile } from "node:child_process";
import { readFileSync } from "node:fs";
import { basename, join } from "node:path";
import postgres from "postgres";
import { afterAll, beforeAll, describe, expect, inject, test } from "vitest";
import { SimulatedAgent } from "../../scripts/lib/agent.mjs";
import { parseReindexArgs } from "../../scripts/reindex.mjs";
import { variantProfile } from "./ui-helpers";
import { clickhouseQuery, eventually } from "./helpers";

const stack = inject("stack");
const SERVICE = `reindex-${Date.now().toString(36)}`;
const HOUR = 3_600_000;
const DAY = Math.floor(Date.now() / (24 * HOUR) - 20) * 24 * HOUR;
/** Three profiles in the range [DAY + 1 h, DAY + 5 h), one the hour before the day: outside it. */
const STARTS = [DAY + HOUR, DAY + 2 * HOUR, DAY + 3 * HOUR, DAY - HOUR];
const SINCE = new Date(DAY + HOUR).toISOString();
const UNTIL = new Date(DAY + 5 * HOUR).toISOString().slice(0, 16); // no zone: UTC
const ROLLUPS = ["samples_1min", "samples_1hour", "samples_1hour_all", "samples_1day", "samples_1day_all"];
const sql = postgres(stack.postgresUrl, { onnotice: () => {} });
let serviceId = 0;

beforeAll(async () => {
  for (const [i, start] of STARTS.entries()) {
    const hostname = `${SERVICE}-${i}`;
    const agent = new SimulatedAgent({ serverUrl: stack.ingestUrl, token: stack.agentToken, serviceName: SERVICE, hostname });
    const upload = await agent.uploadProfile({ profile: variantProfile({ hostname }), startTime: new Date(start), endTime: new Date(start + 60_000) });
    expect(upload.status).toBe(200);
  }
  [{ id: serviceId }] = await sql`SELECT id FROM services WHERE name = ${SERVICE}`;
  await eventually(async () => expect((await counts()).metrics).toBe(STARTS.length));
});

afterAll(() => sql.end());

/** The service's rows in every table: samples and metrics by count, the summing rollups by their sums. */
async function counts() {
  const one = async (query: string) =>
    Number((await clickhouseQuery(stack.clickhouseUrl, `${query} WHERE ServiceId = {id:UInt32}`, { id: Number(serviceId) }))[0].n);
  const result: Record<string, number> = {
    samples: await one("SELECT count() AS n FROM flamedb.samples"),
    metrics: await one("SELECT count() AS n FROM flamedb.metrics"),
  };
  for (const table of ROLLUPS) result[table] = await one(`SELECT sum(NumSamples) AS n FROM flamedb.${table}`);
  return result;
}

function reindex(...args: string[]): Promise<{ code: number; out: string }> {
  return new Promise((resolve) => {
    execFile(
      "node",
      ["scripts/reindex.mjs", "--stack", basename(stack.dataDir), ...args],
      { cwd: new URL("../..", import.meta.url).pathname, env: { PATH: process.env.PATH, STUDIO_POSTGRES_URL: stack.postgresUrl } },
      (error, stdout, stderr) => resolve({ code: error ? Number(error.code) : 0, out: `${stdout}${stderr}`.trim() }),
    );
  });
}

/** How often the indexer logged each of `keys` as indexed so far. */
function timesIndexed(keys: string[]) {
  const log = readFileSync(join(stack.dataDir, "logs", "workers.log"), "utf8");
  return keys.map((key) => log.split(`"event":"profile indexed",`).filter((line) => line.includes(`"key":"${key}"`)).length);
}

describe("npm run reindex", () => {
  let keys: string[] = [];

  test("--dry-run lists the profiles of the range, the bounds as given (since included, until not), and sends nothing", async () => {
    const { code, out } = await reindex("--since", SINCE, "--until", UNTIL, "--service", SERVICE, "--dry-run");
    expect(code).toBe(0);
    keys = [...out.matchAll(/^would re-enqueue (\S+)$/gm)].map((m) => m[1]);
    expect(keys.map((key) => key.split("/").at(-1)!.slice(0, 19))).toEqual(
      STARTS.slice(0, 3).map((start) => new Date(start).toISOString().slice(0, 19)),
    );
    expect(out).toMatch(/^dry run: 3 profile\(s\) in R2 from .*; nothing sent$/m);
    expect(timesIndexed(keys)).toEqual([1, 1, 1]);
  });

  test("a reindex of indexed profiles leaves every row count unchanged", async () => {
    const before = await counts();
    const { code, out } = await reindex("--since", SINCE, "--until", UNTIL, "--service", SERVICE);
    expect(code).toBe(0);
    expect(out).toMatch(/^3 profile\(s\) re-enqueued onto profiles-index from /m);
    await eventually(async () => expect(timesIndexed(keys)).toEqual([2, 2, 2]));
    expect(await counts()).toEqual(before);
  });

  test("rows lost from ClickHouse (the day's partitions dropped) are written again, exactly once", async () => {
    const before = await counts();
    const partition = new Date(DAY).toISOString().slice(0, 10).replace(/-/g, "");
    for (const table of ["samples", "metrics", ...ROLLUPS]) {
      await clickhouseQuery(stack.clickhouseUrl, `ALTER TABLE flamedb.${table} DROP PARTITION ${partition}`);
    }
    const lost = await counts();
    expect(lost.metrics).toBe(1); // the profile of the day before
    expect(lost.samples).toBeLessThan(before.samples);

    // the whole day, every service: only this test's profiles are on it
    const { code, out } = await reindex("--since", new Date(DAY).toISOString().slice(0, 10), "--until", new Date(DAY + 24 * HOUR).toISOString());
    expect(code).toBe(0);
    expect(out).toMatch(/^3 profile\(s\) re-enqueued onto profiles-index from /m);
    await eventually(async () => expect(await counts()).toEqual(before));
    expect(timesIndexed(keys)).toEqual([3, 3, 3]);
  });

  test("bad arguments: a clear message and exit 1", async () => {
    for (const [args, message] of [
      [[], /--since is required/],
      [["--since", "yesterday"], /--since: not an ISO time \(e\.g\. 2026-11-25T10:00:00Z\): yesterday/],
      [["--since", "2026-11-25T10:00:00Z", "--until", "2026-11-25T09:00:00Z"], /--until \(2026-11-25T09:00:00\.000Z\) must be after --since/],
      [["--since", "2026-11-25", "--service", "../etc"], /--service: not a service name/],
      [["--since", "2026-11-25", "--frobnicate"], /unknown argument --frobnicate/],
      [["--since"], /--since needs a value/],
    ] as const) {
      const { code, out } = await reindex(...args);
      expect([args, code]).toEqual([args, 1]);
      expect(out).toMatch(message);
    }
    expect(parseReindexArgs(["--since", "2026-11-25T10:00"]).since.toISOString()).toBe("2026-11-25T10:00:00.000Z");
    expect(parseReindexArgs(["--since", "2026-11-25T10:00:00+02:00"]).since.toISOString()).toBe("2026-11-25T08:00:00.000Z");
  });
});
