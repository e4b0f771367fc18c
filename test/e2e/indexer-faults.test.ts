// The indexer under faults, on a local stack of its own whose ClickHouse server this test kills:
// profiles uploaded by agents end up in ClickHouse exactly once even when the server dies in the middle
// of their inserts, and a profile the Queue gives up on is kept as a dead letter and replayed.
// Its stack retries at once, so an outage exhausts the ten retries in seconds.
import { execFileSync } from "node:child_process";
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import postgres from "postgres";
import { afterAll, beforeAll, describe, expect, inject, test } from "vitest";
import { createProfileIndexer } from "../../workers/core/src/collapsed";
import { SimulatedAgent } from "../../scripts/lib/agent.mjs";
import { createAgentToken } from "../../scripts/lib/bootstrap.mjs";
import { deadLetters } from "../../scripts/lib/indexer-dead-letters.mjs";
import { stopService } from "../../scripts/lib/processes.mjs";
import { ROOT } from "../../scripts/lib/setup.mjs";
import { startClickHouse, startStack } from "../../scripts/lib/stack.mjs";
import { clickhouseQuery, eventually } from "./helpers";

const offset = inject("portOffset");
const STACK = `test_indexer${offset ? `_${offset}` : ""}`;
const CLICKHOUSE_PORT = 18133 + offset;
const GENERATOR = join(ROOT, "../shared/bench/gen-profiles.mjs");
/** A real agent profile: 651 rows (indexer-flamedb.md §3.1). */
const STACKFILE = readFileSync(join(ROOT, "../shared/testdata/test_stackfile"), "utf8");
// Profiles of ~45k rows each: five insert batches, so a kill lands inside a profile's inserts.
const PROFILES = 4;
const LINES_PER_PROFILE = 4500;

type Stack = Awaited<ReturnType<typeof startStack>>;
let stack: Stack;
let token = "";
type Service = Stack["services"][number];
let clickhouse: Service;
let profiles: { text: string; rows: number }[] = [];

beforeAll(async () => {
  stack = await startStack({
    name: STACK,
    fresh: true,
    ui: false,
    ingestPort: 18797 + offset,
    clickhousePort: CLICKHOUSE_PORT,
    inspectorPort: 19239 + offset,
    // retry at once (the Queue still waits its 1 s batch timeout), so the ten retries before the
    // dead-letter Queue take seconds, not the hour the production backoff gives an outage
    workerVars: { RETRY_BASE_SECONDS: "0", RETRY_MAX_SECONDS: "0" },
  });
  clickhouse = stack.services.find((service) => service.name === "clickhouse")!;
  token = await createAgentToken(stack.postgresUrl, { name: "indexer-faults" });
  profiles = generateProfiles(join(stack.dataDir, "profiles"));
}, 180_000);

afterAll(async () => {
  await stack?.stop();
});

describe("the indexer under faults", () => {
  test("ClickHouse killed in the middle of the inserts: every profile's rows are there exactly once", async () => {
    const services = await uploadAll(
      profiles.map(() => uniqueName("killed")),
      profiles,
    );
    const total = profiles.reduce((sum, profile) => sum + profile.rows, 0);

    // kill -9 as soon as some, not all, rows are in
    const rowsAtKill = await eventually(async () => {
      const [{ rows }] = await query(
        "SELECT count() AS rows FROM flamedb.samples WHERE ServiceId IN {ids:Array(UInt32)}",
        services,
      );
      expect(Number(rows)).toBeGreaterThan(0);
      return Number(rows);
    }, 30_000);
    await stopService(clickhouse, "SIGKILL");
    expect(rowsAtKill).toBeLessThan(total);
    await restartClickHouse();

    await eventually(async () => {
      const [{ rows }] = await query(
        "SELECT count() AS rows FROM flamedb.samples WHERE ServiceId IN {ids:Array(UInt32)}",
        services,
      );
      expect(Number(rows)).toBe(total);
    }, 45_000);
    await expectExactlyOnce(services, profiles);
  }, 90_000);

  test("a profile the Queue gives up on is a dead letter, replayed by `npm run dead-letters`", async () => {
    await stopService(clickhouse, "SIGTERM");
    const name = uniqueName("dead");
    const [service] = await uploadAll([name], [{ text: STACKFILE }]);
    // eleven failed deliveries, then the dead-letter Queue's consumer keeps it and logs its id
    const id = await eventually(async () => {
      const [, letterId] =
        new RegExp(`"event":"dead letter","id":"(\\w+)".*"service":"${name}"`).exec(workerLog()) ?? [];
      expect(letterId).toBeDefined();
      return letterId;
    }, 40_000);
    await restartClickHouse();

    // `replay` without ids lists every dead letter and replays them all
    const printed: string[] = [];
    const replayed = await deadLetters(["--stack", STACK, "replay"], {
      print: (line: string) => printed.push(line),
    });
    expect(replayed).toEqual({ replayed: [id], notFound: [] });
    expect(printed).toEqual([`replayed ${id}`, "1 replayed onto profiles-index"]);
    await eventually(async () => {
      const [{ rows }] = await query(
        "SELECT count() AS rows FROM flamedb.samples WHERE ServiceId IN {ids:Array(UInt32)}",
        [service],
      );
      expect(Number(rows)).toBe(651);
    }, 30_000);
    await expectExactlyOnce([service], [{ rows: 651 }]);
  }, 90_000);
});

/** Generated agent-style profiles, and the number of rows the indexer makes of each. */
function generateProfiles(dir: string) {
  execFileSync(process.execPath, [
    GENERATOR,
    "--files",
    String(PROFILES),
    "--lines-per-file",
    String(LINES_PER_PROFILE),
    "--plain",
    "--seed",
    "5",
    "--out",
    dir,
    "--quiet",
  ]);
  return readdirSync(dir)
    .sort()
    .map((name) => {
      const text = readFileSync(join(dir, name), "utf8");
      const indexer = createProfileIndexer({
        serviceId: 1,
        timestamp: new Date(),
        insertionTimestamp: new Date(),
      });
      indexer.push(new TextEncoder().encode(text));
      const result = indexer.finish();
      if (!result.ok) throw new Error(result.error);
      return { text, rows: result.rowCount };
    });
}

/** A service name no earlier run used (ids restart with each fresh database, names need not). */
const uniqueName = (prefix: string) =>
  `${prefix}-${Date.now().toString(16)}-${Math.random().toString(16).slice(2, 8)}`;

/** Each profile uploaded by an agent of the service named alike; returns the services' ids. */
async function uploadAll(names: string[], texts: { text: string }[]): Promise<number[]> {
  for (const [i, { text }] of texts.entries()) {
    const agent = new SimulatedAgent({ serverUrl: stack.ingestUrl, token, serviceName: names[i] });
    // `wrangler dev` reloads once just after it is ready and drops connections meanwhile; the agent
    // retries an upload whose connection failed, as this does.
    const upload = await eventually(
      () => agent.uploadProfile({ profile: text, startTime: new Date(Date.now() - 10 * 60_000) }),
      15_000,
    );
    expect(upload.status).toBe(200);
  }
  const sql = postgres(stack.postgresUrl, { onnotice: () => {} });
  try {
    const rows = await sql`SELECT id, name FROM services WHERE name IN ${sql(names)}`;
    return names.map((name) => Number(rows.find((row) => row.name === name)!.id));
  } finally {
    await sql.end();
  }
}

/** What the stack's Workers have logged (this run's and earlier runs'). */
function workerLog() {
  return readFileSync(join(stack.dataDir, "logs", "workers.log"), "utf8");
}

async function restartClickHouse() {
  const restarted = await startClickHouse({
    port: CLICKHOUSE_PORT,
    dataDir: stack.dataDir,
    logDir: join(stack.dataDir, "logs"),
  });
  clickhouse = restarted.service!;
  stack.services.push(clickhouse);
}

function query(sql: string, ids: number[]) {
  return clickhouseQuery(stack.clickhouseUrl, sql, { ids: `[${ids.join(",")}]` });
}

/** Per service: the expected rows (a repeated insert would add more), every rollup's and metric's once. */
async function expectExactlyOnce(services: number[], expected: { rows: number }[]) {
  const perService = async (table: string, value: string, where = "1") => {
    const rows = await query(
      `SELECT ServiceId AS service, ${value} AS value FROM flamedb.${table}
       WHERE ServiceId IN {ids:Array(UInt32)} AND ${where} GROUP BY ServiceId`,
      services,
    );
    return new Map(rows.map((row) => [Number(row.service), Number(row.value)]));
  };
  const rows = await perService("samples", "count()");
  const samples = await perService("samples", "sum(NumSamples)");
  const roots = await perService("samples", "sum(NumSamples)", "CallStackParent = 0");
  const metrics = await perService("metrics", "count()");
  const minute = await perService("samples_1min", "sum(NumSamples)");
  const rollups = await Promise.all(
    ["samples_1hour", "samples_1hour_all", "samples_1day", "samples_1day_all"].map((table) =>
      perService(table, "sum(NumSamples)"),
    ),
  );
  for (const [i, service] of services.entries()) {
    expect({ rows: rows.get(service), metrics: metrics.get(service) }).toEqual({
      rows: expected[i].rows,
      metrics: 1,
    });
    for (const rollup of rollups) expect(rollup.get(service)).toBe(samples.get(service));
    expect(minute.get(service)).toBe(roots.get(service));
  }
}
