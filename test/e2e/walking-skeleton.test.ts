// One real agent upload travels the whole path: ingest Worker → R2 + Queue → indexer Worker →
// ClickHouse → api Worker → the UI drawing the flamegraph in headless Chromium.
import { readFileSync } from "node:fs";
import { gunzipSync } from "node:zlib";
import postgres from "postgres";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { SimulatedAgent } from "../../scripts/lib/agent.mjs";
import {
  clickhouseQuery,
  ensureDir,
  eventually,
  goldenRows,
  readR2Objects,
  withoutTimings,
} from "./helpers";
import { FIXTURE, openLoggedIn, sessionCookie, stack, ui } from "./ui-helpers";

const SERVICE = "skeleton-service";
// The real upload, from an agent process of its own: other tests send the same fixture, and a process
// (machine, boot, pid, spawn time) stays filed under the service that registered it first.
const profile = FIXTURE.replace(/"pid": \d+/, `"pid": ${100_000 + Math.floor(Math.random() * 900_000)}`);
// Older than the 5 minutes the flamegraph query trims from "now" (indexer-flamedb.md §4.5).
const startTime = new Date(Date.now() - 10 * 60_000);
const window = {
  startTime: new Date(Date.now() - 60 * 60_000).toISOString(),
  endTime: new Date().toISOString(),
};

const sql = postgres(stack.postgresUrl, { onnotice: () => {} });
afterAll(() => sql.end());

describe("walking skeleton", () => {
  let gpid = "";
  let serviceId = 0;
  /** The UI user's session cookie (`studio_session=…`), from the api's login route through the UI origin. */
  let session = "";

  beforeAll(async () => {
    session = await sessionCookie();

    const agent = new SimulatedAgent({
      serverUrl: stack.ingestUrl,
      token: stack.agentToken,
      serviceName: SERVICE,
    });
    expect(await agent.healthCheck()).toEqual({ status: 200, body: { message: "ok" } });
    const upload = await agent.uploadProfile({ profile, startTime });
    expect(upload.status).toBe(200);
    expect(upload.body).toEqual({ message: "ok", gpid: expect.stringMatching(/^\d+$/) });
    gpid = upload.body.gpid;
  });

  test("registers the service and the agent process in Postgres", async () => {
    const [service] = await sql`SELECT id, env_type FROM services WHERE name = ${SERVICE}`;
    expect(service.env_type).toBe("containers");
    serviceId = Number(service.id);
    const [process] =
      await sql`SELECT service, hostname, run_arguments FROM profiler_processes WHERE id = ${gpid}`;
    expect(Number(process.service)).toBe(serviceId);
    expect(process.hostname).toBe("ip-172-31-33-27");
    expect(process.run_arguments).not.toHaveProperty("server_token");
  });

  test("stores the gzipped profile in R2 under the original key layout, token stripped", async () => {
    const objects = await readR2Objects(stack.dataDir, `products/${SERVICE}/stacks/`);
    expect(objects).toHaveLength(1);
    const [{ key, body }] = objects;
    const md5 = "7509817476370bb3b85b383d68d508db"; // md5("ip-172-31-33-27")
    const stamp = startTime.toISOString().slice(0, 19);
    expect(key).toMatch(new RegExp(`^products/${SERVICE}/stacks/${stamp}_[0-9a-f]{32}_${md5}\\.gz$`));
    const text = gunzipSync(body).toString("utf8");
    expect(text.split("\n").slice(1)).toEqual(profile.split("\n").slice(1));
    expect(text).not.toContain("server_token");
  });

  test("the indexer writes exactly the golden 651 rows to ClickHouse", async () => {
    const rows = await eventually(async () => {
      const rows = await clickhouseQuery(
        stack.clickhouseUrl,
        `SELECT ContainerName, ContainerEnvName, HostName, InstanceType, toString(CallStackHash) AS CallStackHash,
                toString(CallStackParent) AS CallStackParent, NumSamples, CallStackName
         FROM flamedb.samples WHERE ServiceId = {service:UInt32}`,
        { service: serviceId },
      );
      expect(rows).toHaveLength(651);
      return rows;
    });
    const key = (r: Record<string, unknown>) => `${r.ContainerName}\u0000${r.CallStackHash}`;
    const actual = new Map(rows.map((r) => [key(r), { ...r, NumSamples: String(r.NumSamples) }]));
    for (const expected of goldenRows()) expect(actual.get(key(expected))).toEqual(expected);
  });

  test("the api Worker answers the golden flamegraph, through the UI origin, to a logged-in user", async () => {
    const query = new URLSearchParams({ serviceName: SERVICE, ...window });
    expect((await fetch(`${stack.uiUrl}/api/flamegraph?${query}`)).status).toBe(401);
    const headers = { cookie: session };
    const plain = await fetch(`${stack.uiUrl}/api/flamegraph?${query}`, { headers });
    expect(plain.status).toBe(200);
    expect(withoutTimings(await plain.json())).toEqual(
      withoutTimings(golden("test_stackfile.flamegraph.json")),
    );
    query.set("enrichment", "lang");
    const lang = await fetch(`${stack.uiUrl}/api/flamegraph?${query}`, { headers });
    expect(withoutTimings(await lang.json())).toEqual(
      withoutTimings(golden("test_stackfile.flamegraph.lang.json")),
    );
  });

  test("the UI draws the flamegraph's frames", async () => {
    const { page, close } = await openLoggedIn(ui("/profiles", { service: SERVICE, ...window }));
    try {
      const chart = await page.waitForSelector("[data-testid=flamegraph][data-frames]", { timeout: 30_000 });
      expect(Number(await chart.getAttribute("data-frames"))).toBeGreaterThan(600);
      const drawn = await chart.textContent();
      for (const name of ["gunicorn", "perf", "uvicorn"]) expect(drawn).toContain(name);
      await page.screenshot({
        path: `${ensureDir(`${stack.dataDir}/screenshots`)}/profiles.png`,
        fullPage: true,
      });
    } finally {
      await close();
    }
  });
});

function golden(name: string) {
  return JSON.parse(
    readFileSync(new URL(`../../../shared/testdata/golden/${name}`, import.meta.url), "utf8"),
  );
}
