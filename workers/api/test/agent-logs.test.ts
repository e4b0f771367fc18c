// GET /api/agent_logs over flamedb.agent_logs, rows as the ingest Worker writes them.
import { beforeAll, describe, expect, test } from "vitest";
import { clickhouseDateTime64 } from "../../core/src/wire/agent-logs";
import { get, insertRows } from "./helpers";

const now = Date.now();
const service = `logs-${now}`;

interface Page {
  logs: {
    time: string;
    hostname: string;
    runId: string;
    severity: number;
    message: string;
    extra: unknown;
  }[];
  nextCursor: string | null;
}

beforeAll(async () => {
  const line = (offsetMs: number, hostname: string, severity: number, message: string) => ({
    ServiceName: service,
    HostName: hostname,
    RunId: "run-1",
    Severity: severity,
    Timestamp: clickhouseDateTime64(now + offsetMs),
    Message: message,
    Extra: JSON.stringify({ logger_name: "gprofiler", serial_no: offsetMs }),
  });
  await insertRows("flamedb.agent_logs", [
    line(-50 * 60_000, "h1", 3, "Starting profiling"),
    line(-40 * 60_000, "h1", 4, "perf failed, retrying"),
    line(-30 * 60_000, "h2", 5, "Upload FAILED: 502"),
    line(-20 * 60_000, "h2", 3, "Uploaded profile"),
    line(-10 * 60_000, "h1", 3, "it's 100% <fine>"),
    line(-2 * 3_600_000, "h1", 3, "too old for the default window"),
  ]);
});

const page = async (params: Record<string, string>) => {
  const res = await get(`/api/agent_logs?${new URLSearchParams({ serviceName: service, ...params })}`);
  expect(res.status).toBe(200);
  return (await res.json()) as Page;
};

describe("GET /api/agent_logs", () => {
  test("the last hour by default, newest first, extra parsed", async () => {
    const { logs, nextCursor } = await page({});
    expect(logs.map((l) => l.message)).toEqual([
      "it's 100% <fine>",
      "Uploaded profile",
      "Upload FAILED: 502",
      "perf failed, retrying",
      "Starting profiling",
    ]);
    expect(logs[0]).toEqual({
      time: new Date(now - 10 * 60_000).toISOString().replace("Z", "+00:00"),
      hostname: "h1",
      runId: "run-1",
      severity: 3,
      message: "it's 100% <fine>",
      extra: { logger_name: "gprofiler", serial_no: -600000 },
    });
    expect(nextCursor).toBeNull();
  });

  test("filters by host, minimum severity and text; hostile text is data", async () => {
    expect((await page({ hostname: "h2" })).logs.map((l) => l.message)).toEqual([
      "Uploaded profile",
      "Upload FAILED: 502",
    ]);
    expect((await page({ severity: "warning" })).logs.map((l) => l.severity)).toEqual([5, 4]);
    expect((await page({ severity: "5" })).logs).toHaveLength(1);
    expect((await page({ search: "failed" })).logs.map((l) => l.message)).toEqual([
      "Upload FAILED: 502",
      "perf failed, retrying",
    ]);
    expect((await page({ search: "100% <" })).logs).toHaveLength(1);
    expect((await page({ search: "' OR 1=1 --" })).logs).toEqual([]);
  });

  test("pages with a cursor without gaps or repeats", async () => {
    const start = new Date(now - 3 * 3_600_000).toISOString();
    const seen: string[] = [];
    let cursor: string | null = "";
    for (let i = 0; i < 10 && cursor !== null; i++) {
      const result = await page({ startTime: start, limit: "2", ...(cursor ? { cursor } : {}) });
      seen.push(...result.logs.map((l) => l.message));
      cursor = result.nextCursor;
    }
    expect(seen).toHaveLength(6);
    expect(new Set(seen).size).toBe(6);
    expect(seen.at(-1)).toBe("too old for the default window");
  });

  test("bad parameters are 400; unknown services have no lines", async () => {
    const bad: Record<string, string>[] = [
      { severity: "loud" },
      { cursor: "nope" },
      { limit: "0" },
      { search: "x".repeat(201) },
      { startTime: "x" },
    ];
    for (const params of bad) {
      const res = await get(`/api/agent_logs?${new URLSearchParams({ serviceName: service, ...params })}`);
      expect(res.status, JSON.stringify(params)).toBe(400);
    }
    expect((await get("/api/agent_logs")).status).toBe(400);
    expect(await (await get("/api/agent_logs?serviceName=nobody")).json()).toEqual({
      logs: [],
      nextCursor: null,
    });
  });
});
