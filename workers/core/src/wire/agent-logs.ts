// The agent's log batches (glogger's Sender, frontend-and-agent.md B.3; backend-api.md §3.3) and the
// flamedb.agent_logs rows they become (clickhouse/schema/009_agent_logs.sql). glogger keeps a batch until
// a POST succeeds and re-sends it with new lines appended (and a new batch_id), so a batch is accepted
// whole, whatever odd entry it holds: refusing it would block the agent's logs for good.
import { isJsonObject, pyInt, pyStr, type JsonObject } from "../pydantic-v1";
import type { Parsed } from "./agent-upload";

export interface LogBatch {
  /** uuid hex, new for every send attempt; null when absent or not an id. */
  batchId: string | null;
  /** metadata.run_id: uuid of the agent process (state.py). */
  runId: string;
  /** metadata.service_name as the agent sends it (not yet sanitized). */
  serviceName: string;
  hostname: string;
  /** Lines glogger dropped on buffer overflow since its last successful send. */
  lostLogsCount: number;
  entries: LogEntry[];
}

export interface LogEntry {
  /** 1–6 from Python's levels (DEBUG 2 … CRITICAL 6). */
  severity: number;
  /** Epoch milliseconds; null when missing. */
  timestampMs: number | null;
  message: string;
  /** text.serial_no: increases by one per line within a run. */
  serialNo: number | null;
  /** The rest of `text` (logger_name, lineno, pathname, funcname, thread, exception, extra…). */
  extra: JsonObject;
}

/** A row of flamedb.agent_logs as JSONEachRow (InsertionTimestamp is the table's default). */
export interface AgentLogRow {
  ServiceName: string;
  HostName: string;
  RunId: string;
  Severity: number;
  /** `YYYY-MM-DD hh:mm:ss.mmm` UTC, for DateTime64(3, 'UTC'). */
  Timestamp: string;
  Message: string;
  /** JSON text of LogEntry.extra. */
  Extra: string;
}

/** The table's TTL; older lines would be dropped on the next merge, so they are not written. */
export const AGENT_LOG_RETENTION_MS = 14 * 24 * 3600_000;
/** Lines stamped further ahead than this (a wrong clock) are stamped with the receive time instead. */
const MAX_CLOCK_AHEAD_MS = 24 * 3600_000;

const invalid = (message: string) => ({ ok: false, message }) as const;

export function parseLogBatch(body: unknown): Parsed<LogBatch> {
  if (!isJsonObject(body)) return invalid("Body must be a JSON object");
  const { metadata, logs } = body;
  if (!isJsonObject(metadata)) return invalid("Log batch 'metadata' is missing");
  const serviceName = pyStr(metadata.service_name);
  if (serviceName === undefined) return invalid("Log batch 'metadata.service_name' is missing");
  if (!Array.isArray(logs)) return invalid("Log batch 'logs' must be a list");
  const batchId = typeof body.batch_id === "string" && /^[\w-]{1,64}$/.test(body.batch_id) ? body.batch_id : null;
  return {
    ok: true,
    value: {
      batchId,
      runId: pyStr(metadata.run_id) ?? "",
      serviceName,
      hostname: pyStr(metadata.hostname) ?? "",
      lostLogsCount: pyInt(body.lost_logs_count) ?? 0,
      entries: logs.filter(isJsonObject).map(logEntry),
    },
  };
}

function logEntry(log: JsonObject): LogEntry {
  const text: JsonObject = isJsonObject(log.text) ? log.text : { message: log.text ?? "" };
  const { message, ...extra } = text;
  const severity = pyInt(log.severity) ?? 0;
  return {
    severity: Math.min(255, Math.max(0, severity)),
    timestampMs: typeof log.timestamp === "number" && Number.isFinite(log.timestamp) ? log.timestamp : null,
    message: pyStr(message) ?? (message === undefined ? "" : JSON.stringify(message)),
    serialNo: pyInt(text.serial_no) ?? null,
    extra,
  };
}

export interface RowOptions {
  /** The sanitized service name the key may write to. */
  serviceName: string;
  now: Date;
  /** Entries with a serial number up to this one are already stored (a re-sent batch). */
  storedUpToSerial: number | null;
  /** A secret that must not be stored (the agent's key, if it ever logs it). */
  redact: string;
}

export function agentLogRows(batch: LogBatch, options: RowOptions): AgentLogRow[] {
  const now = options.now.getTime();
  const hide = (text: string) => wellFormed(options.redact ? text.replaceAll(options.redact, "<redacted>") : text);
  const rows: AgentLogRow[] = [];
  for (const entry of batch.entries) {
    if (options.storedUpToSerial !== null && entry.serialNo !== null && entry.serialNo <= options.storedUpToSerial) continue;
    const stamp = entryStamp(entry, now);
    if (stamp < now - AGENT_LOG_RETENTION_MS) continue;
    rows.push({
      ServiceName: options.serviceName,
      HostName: wellFormed(batch.hostname),
      RunId: wellFormed(batch.runId),
      Severity: entry.severity,
      Timestamp: clickhouseDateTime64(stamp),
      Message: hide(entry.message),
      Extra: hide(JSON.stringify(entry.extra)),
    });
  }
  return rows;
}

/** The stored time of an entry: the agent's, unless missing or too far ahead. */
const entryStamp = (entry: LogEntry, now: number) =>
  entry.timestampMs === null || entry.timestampMs > now + MAX_CLOCK_AHEAD_MS ? now : entry.timestampMs;

/** The oldest stored time among entries with a serial number: how far back a re-sent batch reaches. */
export function oldestSerialStamp(batch: LogBatch, now: Date): Date | null {
  let oldest = Infinity;
  for (const entry of batch.entries) if (entry.serialNo !== null) oldest = Math.min(oldest, entryStamp(entry, now.getTime()));
  return oldest === Infinity ? null : new Date(Math.max(now.getTime() - AGENT_LOG_RETENTION_MS, oldest));
}

/** Lone surrogates (which JSON allows and ClickHouse's JSON reader refuses) become U+FFFD. */
const wellFormed = (text: string) =>
  text.replace(/[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g, "\ufffd");

export const clickhouseDateTime64 = (ms: number) => new Date(ms).toISOString().replace("T", " ").replace("Z", "");
