// POST /api/v1/logs as glogger sends it (frontend-and-agent.md B.3), into the project's real ClickHouse.
import { beforeAll, describe, expect, test } from "vitest";
import { clickhouse, ingest, insertAgentToken, logRequest, revokeToken, uniqueName } from "./fixtures";

let token = "";
beforeAll(async () => {
  token = await insertAgentToken();
});

const runId = () => crypto.randomUUID().replace(/-/g, "");

/** A glogger record: severity, epoch-ms timestamp and the `text` dict of RemoteLogsHandler. */
function record(serial: number, message: string, severity = 3) {
  const at = Date.now() - 60_000 + serial;
  return {
    severity,
    timestamp: at,
    text: {
      logger_name: "gprofiler",
      serial_no: serial,
      message,
      truncated: false,
      lineno: 120,
      pathname: "/app/gprofiler/main.py",
      funcname: "run_single",
      thread: "MainThread",
      timestamp: new Date(at).toISOString(),
      exception: "",
      extra: { cycle_id: "c0ffee" },
    },
  };
}

function batch(service: string, run: string, records: unknown[], batchId = runId()) {
  return {
    batch_id: batchId,
    metadata: { run_id: run, gprofiler_version: "1.51.0", service_name: service, hostname: "ip-172-31-33-27" },
    lost_logs_count: 0,
    logs: records,
  };
}

const rowsOf = (service: string) =>
  clickhouse<{ HostName: string; RunId: string; Severity: number; Timestamp: string; Message: string; Extra: string }>(
    "SELECT HostName, RunId, Severity, Timestamp, Message, Extra FROM flamedb.agent_logs WHERE ServiceName = {s:String} ORDER BY Timestamp",
    { s: service },
  );

describe("POST /api/v1/logs", () => {
  test("stores a glogger batch and answers 201 {status: ok}", async () => {
    const service = uniqueName("logs");
    const run = runId();
    const records = [record(0, "starting"), record(1, "profiling", 4)];
    const res = await ingest(await logRequest(token, batch(service, run, records)));
    expect(res.status).toBe(201);
    expect(await res.json()).toEqual({ status: "ok" });
    const rows = await rowsOf(service);
    expect(rows.map((r) => [r.Message, r.Severity, r.RunId, r.HostName])).toEqual([
      ["starting", 3, run, "ip-172-31-33-27"],
      ["profiling", 4, run, "ip-172-31-33-27"],
    ]);
    expect(JSON.parse(rows[0].Extra)).toMatchObject({ logger_name: "gprofiler", serial_no: 0, lineno: 120, extra: { cycle_id: "c0ffee" } });
    expect(rows.map((r) => new Date(`${r.Timestamp.replace(" ", "T")}Z`).getTime())).toEqual(records.map((r) => r.timestamp));
  });

  test("a replayed request and a re-sent batch add no duplicates", async () => {
    const service = uniqueName("retry");
    const run = runId();
    const [a, b, c] = [record(0, "a"), record(1, "b"), record(2, "c")];
    const first = batch(service, run, [a, b]);
    expect((await ingest(await logRequest(token, first))).status).toBe(201);
    expect((await ingest(await logRequest(token, first))).status).toBe(201);
    // glogger missed the answer: the same lines again with a new one, under a new batch_id.
    const resent = batch(service, run, [a, b, c]);
    expect((await ingest(await logRequest(token, resent))).status).toBe(201);
    expect((await rowsOf(service)).map((r) => r.Message)).toEqual(["a", "b", "c"]);
  });

  test("the agent's key never reaches storage, even if a line contains it", async () => {
    const service = uniqueName("secret");
    await ingest(await logRequest(token, batch(service, runId(), [record(0, `commandline: gprofiler --token=${token} -u`)])));
    const [row] = await rowsOf(service);
    expect(row.Message).toBe("commandline: gprofiler --token=<redacted> -u");
  });

  test("odd entries do not block the agent's logs: the batch is stored as well as it can be", async () => {
    const service = uniqueName("odd");
    const res = await ingest(
      await logRequest(token, batch(service, runId(), [{ severity: "x", text: "plain text" }, 5, { text: { message: { a: 1 } } }])),
    );
    expect(res.status).toBe(201);
    expect((await rowsOf(service)).map((r) => [r.Message, r.Severity])).toEqual(
      expect.arrayContaining([["plain text", 0], ['{"a":1}', 0]]),
    );
  });

  test("an empty batch is fine", async () => {
    expect((await ingest(await logRequest(token, batch(uniqueName("empty"), runId(), [])))).status).toBe(201);
  });
});

describe("refusals", () => {
  test.each([
    ["no X-Token", { "X-Token": "" }, "Missing X-Token header"],
    ["an unknown X-Token", { "X-Token": "nope" }, "Invalid X-Token"],
  ])("401 for %s", async (_, headers, message) => {
    const res = await ingest(await logRequest(token, batch(uniqueName("x"), runId(), [record(0, "x")]), headers));
    expect(res.status).toBe(401);
    expect(await res.json()).toEqual({ message });
  });

  test("401 for a revoked key, within seconds of the revocation", async () => {
    const revoked = await insertAgentToken();
    const send = async () => (await ingest(await logRequest(revoked, batch(uniqueName("rev"), runId(), [])))).status;
    expect(await send()).toBe(201);
    await revokeToken(revoked);
    await new Promise((r) => setTimeout(r, 5_100));
    expect(await send()).toBe(401);
  }, 15_000);

  test("403 for a key scoped to another service", async () => {
    const own = uniqueName("own");
    const scoped = await insertAgentToken({ service: own });
    const res = await ingest(await logRequest(scoped, batch(uniqueName("other"), runId(), [record(0, "x")])));
    expect(res.status).toBe(403);
    expect((await ingest(await logRequest(scoped, batch(own, runId(), [record(0, "x")])))).status).toBe(201);
  });

  test.each([
    ["not an object", [1], "Body must be a JSON object"],
    ["no metadata (the original's dead branch)", { logs: [] }, "Log batch 'metadata' is missing"],
    ["no service name", { metadata: { run_id: "r" }, logs: [] }, "Log batch 'metadata.service_name' is missing"],
    ["logs not a list", { metadata: { service_name: "s" }, logs: {} }, "Log batch 'logs' must be a list"],
    ["an invalid service name", { metadata: { service_name: "!!!" }, logs: [] }, "Invalid service_name in the log batch metadata"],
  ])("400 for %s", async (_, body, message) => {
    const res = await ingest(await logRequest(token, body as never));
    expect(res.status).toBe(400);
    expect(await res.json()).toEqual({ message });
  });

  test("411 without Content-Length and 413 over the limits", async () => {
    const body = batch(uniqueName("len"), runId(), []);
    expect((await ingest(await logRequest(token, body, { "Content-Length": "" }))).status).toBe(400);
    const withoutLength = await logRequest(token, body);
    const headers = new Headers(withoutLength.headers);
    headers.delete("Content-Length");
    expect((await ingest(new Request(withoutLength, { headers }))).status).toBe(411);
    const res413 = await ingest(await logRequest(token, body, { "Content-Length": String(5 * 1024 * 1024) }));
    expect(res413.status).toBe(413);
    const huge = batch(uniqueName("huge"), runId(), [record(0, "x".repeat(17 * 1024 * 1024))]);
    const res = await ingest(await logRequest(token, huge));
    expect(res.status).toBe(413);
  });

  test("503 when ClickHouse is down, so glogger keeps the batch and retries", async () => {
    const res = await ingest(await logRequest(token, batch(uniqueName("chdown"), runId(), [record(0, "x")])), {
      CLICKHOUSE_URL: "http://127.0.0.1:1",
    });
    expect(res.status).toBe(503);
    expect(await res.json()).toEqual({ message: "ClickHouse unavailable, retry later" });
  });
});
