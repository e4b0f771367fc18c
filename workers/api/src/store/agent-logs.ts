// Reads of flamedb.agent_logs (clickhouse/schema/009_agent_logs.sql), written by the ingest Worker from
// the agents' log batches: newest first, one page at a time by keyset on (Timestamp, row hash).
import type { LogCursor } from "../../../core/src/log-query";
import type { ClickHouseClient } from "../../../shared/src/clickhouse";
import { queryRows } from "./clickhouse";

export interface AgentLogQuery {
  serviceName: string;
  /** "YYYY-MM-DD hh:mm:ss.mmm" UTC, inclusive. */
  start: string;
  end: string;
  hostname: string | null;
  minSeverity: number | null;
  /** Case-insensitive substring of the message. */
  search: string | null;
  limit: number;
  after: LogCursor | null;
}

export interface AgentLogLine {
  time: number;
  hash: string;
  hostname: string;
  runId: string;
  severity: number;
  message: string;
  extra: string;
}

const ROW_HASH = "cityHash64(HostName, RunId, Message, Extra)";

export async function agentLogs(clickhouse: ClickHouseClient, q: AgentLogQuery): Promise<AgentLogLine[]> {
  const conditions = [
    "ServiceName = {service:String}",
    "Timestamp BETWEEN {start:DateTime64(3, 'UTC')} AND {end:DateTime64(3, 'UTC')}",
    q.hostname !== null ? "HostName = {hostname:String}" : "",
    q.minSeverity !== null ? "Severity >= {severity:UInt8}" : "",
    q.search !== null ? "positionCaseInsensitiveUTF8(Message, {search:String}) > 0" : "",
    q.after !== null
      ? `(toUnixTimestamp64Milli(Timestamp), ${ROW_HASH}) < ({afterTime:Int64}, {afterHash:UInt64})`
      : "",
  ].filter(Boolean);
  const rows = await queryRows<{
    time: string;
    hash: string;
    hostname: string;
    runId: string;
    severity: number;
    message: string;
    extra: string;
  }>(
    clickhouse,
    `SELECT toUnixTimestamp64Milli(Timestamp) AS time, toString(${ROW_HASH}) AS hash, HostName AS hostname,
            RunId AS runId, Severity AS severity, Message AS message, Extra AS extra
     FROM flamedb.agent_logs WHERE ${conditions.join(" AND ")}
     ORDER BY Timestamp DESC, ${ROW_HASH} DESC LIMIT {limit:UInt32}`,
    {
      service: q.serviceName,
      start: q.start,
      end: q.end,
      hostname: q.hostname,
      severity: q.minSeverity,
      search: q.search,
      afterTime: q.after?.time,
      afterHash: q.after?.hash,
      limit: q.limit,
    },
  );
  return rows.map((r) => ({ ...r, time: Number(r.time) }));
}
