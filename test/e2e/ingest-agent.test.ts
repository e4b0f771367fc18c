// The agent's whole conversation with the studio over real HTTP (frontend-and-agent.md B.2, B.3): the
// health check, uploads echoing the gpid, a log batch; then what the stack made of it, and where the
// agent's key is not (backend-api.md §10.6).
import { readFileSync } from "node:fs";
import { gunzipSync, gzipSync } from "node:zlib";
import postgres from "postgres";
import { afterAll, beforeAll, describe, expect, inject, test } from "vitest";
import { SimulatedAgent } from "../../scripts/lib/agent.mjs";
import { clickhouseQuery, eventually, readR2Objects } from "./helpers";

const stack = inject("stack");
const SERVICE = "ingest-agent-e2e";
const stackfile = readFileSync(new URL("../../../shared/testdata/test_stackfile", import.meta.url), "utf8");
// A real agent writes its own key into the header's run_arguments (B.5).
const header = JSON.parse(stackfile.slice(1, stackfile.indexOf("\n")));
header.metadata.run_arguments.server_token = stack.agentToken;
header.metadata.pid = 4242;
const profile = `# ${JSON.stringify(header)}${stackfile.slice(stackfile.indexOf("\n"))}`;

const sql = postgres(stack.postgresUrl, { onnotice: () => {} });
afterAll(() => sql.end());

describe("an agent talking to the ingest Worker", () => {
  const agent = new SimulatedAgent({ serverUrl: stack.ingestUrl, token: stack.agentToken, serviceName: SERVICE });
  const gpids: string[] = [];
  let serviceId = 0;

  beforeAll(async () => {
    expect(await agent.healthCheck()).toEqual({ status: 200, body: { message: "ok" } });
    for (let minute = 3; minute >= 1; minute--) {
      const startTime = new Date(Date.now() - (minute + 10) * 60_000);
      const upload = await agent.uploadProfile({ profile, startTime });
      expect(upload).toEqual({ status: 200, body: { message: "ok", gpid: expect.stringMatching(/^\d+$/) } });
      gpids.push(upload.body.gpid);
    }
    const logged = await agent.sendLogs([
      { severity: 3, timestamp: Date.now(), text: { logger_name: "gprofiler", serial_no: 0, message: "Profiling cycle done", extra: {} } },
      { severity: 5, timestamp: Date.now(), text: { logger_name: "gprofiler", serial_no: 1, message: `oops, my key is ${stack.agentToken}`, extra: {} } },
    ]);
    expect(logged).toEqual({ status: 201, body: { status: "ok" } });
    [{ id: serviceId }] = (await sql`SELECT id::int FROM services WHERE name = ${SERVICE}`) as unknown as { id: number }[];
  });

  test("keeps one gpid for the agent process across its uploads", () => {
    expect(new Set(gpids).size).toBe(1);
  });

  test("an unknown key is refused the way the agent expects", async () => {
    const stranger = new SimulatedAgent({ serverUrl: stack.ingestUrl, token: "not-a-key", serviceName: SERVICE });
    expect(await stranger.healthCheck()).toEqual({ status: 400, body: { message: "Invalid API key" } });
    expect((await stranger.uploadProfile({ profile })).status).toBe(400);
    expect((await stranger.sendLogs([])).status).toBe(401);
  });

  test("the indexer turns every upload into ClickHouse rows", async () => {
    await eventually(async () => {
      const [row] = await clickhouseQuery(
        stack.clickhouseUrl,
        "SELECT count() AS rows, uniqExact(Timestamp) AS uploads FROM flamedb.samples WHERE ServiceId = {service:UInt32}",
        { service: serviceId },
      );
      expect(Number(row.uploads)).toBe(3);
    });
  });

  test("the log lines are in flamedb.agent_logs", async () => {
    const lines = await clickhouseQuery(
      stack.clickhouseUrl,
      "SELECT Severity, Message, RunId, HostName FROM flamedb.agent_logs WHERE ServiceName = {service:String} ORDER BY Severity",
      { service: SERVICE },
    );
    expect(lines).toEqual([
      { Severity: 3, Message: "Profiling cycle done", RunId: agent.runId, HostName: "ip-172-31-33-27" },
      { Severity: 5, Message: "oops, my key is <redacted>", RunId: agent.runId, HostName: "ip-172-31-33-27" },
    ]);
  });

  test("the key is stored nowhere: not in Postgres, not in R2, not in the logs", async () => {
    const dump = await sql`SELECT row_to_json(p)::text AS row FROM profiler_processes p WHERE service = ${serviceId}`;
    expect(dump).toHaveLength(1);
    expect(dump[0].row).not.toContain(stack.agentToken);
    expect(dump[0].row).not.toContain("server_token");
    const tokens = await sql`SELECT row_to_json(t)::text AS row FROM profiler_tokens t`;
    for (const { row } of tokens) expect(row).not.toContain(stack.agentToken);
    const objects = await readR2Objects(stack.dataDir, `products/${SERVICE}/stacks/`);
    expect(objects).toHaveLength(3);
    for (const { body } of objects) {
      const text = gunzipSync(body).toString("utf8");
      expect(text).not.toContain(stack.agentToken);
      expect(text.split("\n").slice(1)).toEqual(profile.split("\n").slice(1));
    }
    const [logs] = await clickhouseQuery(
      stack.clickhouseUrl,
      "SELECT countIf(position(Message, {key:String}) > 0 OR position(Extra, {key:String}) > 0) AS leaks FROM flamedb.agent_logs",
      { key: stack.agentToken },
    );
    expect(Number(logs.leaks)).toBe(0);
  });

  test("X-Forwarded-For is not taken as the agent's address", async () => {
    const spoofedHeader = { ...header, metadata: { ...header.metadata, pid: 4343 } };
    const res = await fetch(`${stack.ingestUrl}/api/v2/profiles`, {
      method: "POST",
      headers: {
        "GPROFILER-API-KEY": stack.agentToken,
        "GPROFILER-SERVICE-NAME": `${SERVICE}-xff`,
        "X-Forwarded-For": "203.0.113.99",
        "Content-Encoding": "gzip",
        "Content-Type": "application/json",
      },
      body: gzipSync(
        JSON.stringify({ start_time: new Date().toISOString().slice(0, 19), profile: `# ${JSON.stringify(spoofedHeader)}\n`, gpid: "" }),
      ),
    });
    expect(res.status).toBe(200);
    const { gpid } = (await res.json()) as { gpid: string };
    const [process] = await sql`SELECT public_ip FROM profiler_processes WHERE id = ${gpid}`;
    expect(process.public_ip).not.toContain("203.0.113.99");
  });
});
