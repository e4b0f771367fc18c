import { describe, expect, test } from "vitest";
import { AGENT_LOG_RETENTION_MS, agentLogRows, oldestSerialStamp, parseLogBatch } from "./agent-logs";

const NOW = new Date("2026-11-25T12:00:00Z");
const at = (ms: number) => NOW.getTime() + ms;

const glogger = {
  batch_id: "0123456789abcdef0123456789abcdef",
  metadata: { run_id: "run1", gprofiler_version: "1.51.0", service_name: "my svc", hostname: "host-a" },
  lost_logs_count: 2,
  logs: [
    { severity: 3, timestamp: at(-1000), text: { logger_name: "gprofiler", serial_no: 7, message: "hello", extra: { cycle_id: "c" } } },
    { severity: 5, timestamp: at(-500), text: { logger_name: "gprofiler", serial_no: 8, message: "boom", exception: "Traceback" } },
  ],
};

describe("parseLogBatch", () => {
  test("reads glogger's batch (B.3)", () => {
    expect(parseLogBatch(glogger)).toEqual({
      ok: true,
      value: {
        batchId: glogger.batch_id,
        runId: "run1",
        serviceName: "my svc",
        hostname: "host-a",
        lostLogsCount: 2,
        entries: [
          { severity: 3, timestampMs: at(-1000), message: "hello", serialNo: 7, extra: { logger_name: "gprofiler", serial_no: 7, extra: { cycle_id: "c" } } },
          { severity: 5, timestampMs: at(-500), message: "boom", serialNo: 8, extra: { logger_name: "gprofiler", serial_no: 8, exception: "Traceback" } },
        ],
      },
    });
  });

  test("keeps odd entries as well as it can instead of refusing the batch", () => {
    const parsed = parseLogBatch({ ...glogger, batch_id: "../../x", logs: [{ severity: 900, text: "plain" }, null, "str", { timestamp: "soon" }] });
    expect(parsed.ok && parsed.value.batchId).toBeNull();
    expect(parsed.ok && parsed.value.entries).toEqual([
      { severity: 255, timestampMs: null, message: "plain", serialNo: null, extra: {} },
      { severity: 0, timestampMs: null, message: "", serialNo: null, extra: {} },
    ]);
  });

  test.each([
    [[], "Body must be a JSON object"],
    [{ logs: [] }, "Log batch 'metadata' is missing"],
    [{ metadata: {}, logs: [] }, "Log batch 'metadata.service_name' is missing"],
    [{ metadata: { service_name: "s" } }, "Log batch 'logs' must be a list"],
  ])("refuses %j", (body, message) => expect(parseLogBatch(body)).toEqual({ ok: false, message }));
});

describe("agentLogRows", () => {
  const batch = (logs: unknown[]) => {
    const parsed = parseLogBatch({ ...glogger, logs });
    if (!parsed.ok) throw new Error(parsed.message);
    return parsed.value;
  };
  const options = { serviceName: "mysvc", now: NOW, storedUpToSerial: null, redact: "" };

  test("maps entries to flamedb.agent_logs rows", () => {
    expect(agentLogRows(batch(glogger.logs), options)).toEqual([
      {
        ServiceName: "mysvc",
        HostName: "host-a",
        RunId: "run1",
        Severity: 3,
        Timestamp: "2026-11-25 11:59:59.000",
        Message: "hello",
        Extra: '{"logger_name":"gprofiler","serial_no":7,"extra":{"cycle_id":"c"}}',
      },
      expect.objectContaining({ Severity: 5, Timestamp: "2026-11-25 11:59:59.500", Message: "boom" }),
    ]);
  });

  test("skips lines already stored, and lines past the table's TTL; clamps clocks far ahead", () => {
    const logs = [
      { severity: 3, timestamp: at(-AGENT_LOG_RETENTION_MS - 1), text: { serial_no: 1, message: "expired" } },
      { severity: 3, timestamp: at(-10), text: { serial_no: 2, message: "stored" } },
      { severity: 3, timestamp: at(-5), text: { serial_no: 3, message: "new" } },
      { severity: 3, timestamp: at(3 * 24 * 3600_000), text: { serial_no: 4, message: "future" } },
    ];
    const rows = agentLogRows(batch(logs), { ...options, storedUpToSerial: 2 });
    expect(rows.map((r) => [r.Message, r.Timestamp])).toEqual([
      ["new", "2026-11-25 11:59:59.995"],
      ["future", "2026-11-25 12:00:00.000"],
    ]);
    expect(oldestSerialStamp(batch(logs), NOW)).toEqual(new Date(NOW.getTime() - AGENT_LOG_RETENTION_MS));
    expect(oldestSerialStamp(batch(logs.slice(1)), NOW)).toEqual(new Date(at(-10)));
    expect(oldestSerialStamp(batch([{ text: "no serial" }]), NOW)).toBeNull();
  });

  test("redacts the key wherever it appears", () => {
    const logs = [{ severity: 3, timestamp: at(0), text: { message: "--token=SECRET1234", extra: { argv: "SECRET1234" } } }];
    const [row] = agentLogRows(batch(logs), { ...options, redact: "SECRET1234" });
    expect(row.Message).toBe("--token=<redacted>");
    expect(row.Extra).toBe('{"extra":{"argv":"<redacted>"}}');
  });
});
