// Agent log lines into flamedb.agent_logs (clickhouse/schema/009_agent_logs.sql). Two guards against
// duplicates: the insert carries batch_id as its deduplication token (a replayed request adds nothing),
// and lines of a run up to the highest serial number already stored are skipped (glogger re-sends a
// batch whose response it missed, under a new batch_id with newer lines appended, B.3).
import { clickhouseDateTime64, type AgentLogRow } from "../../../core/src/wire/agent-logs";
import type { ClickHouseClient } from "../../../shared/src/clickhouse";
import { StoreUnavailable } from "../../../shared/src/errors";

const TABLE = "flamedb.agent_logs";

/** The highest serial_no stored for this run since `since`, or null when none is. */
export async function storedUpToSerial(
  clickhouse: ClickHouseClient,
  run: { serviceName: string; runId: string; since: Date },
): Promise<number | null> {
  const [row] = await clickhouseCall(async () => {
    const result = await clickhouse.query({
      query: `SELECT max(JSONExtractUInt(Extra, 'serial_no')) AS last, count() AS lines FROM ${TABLE}
              WHERE ServiceName = {service:String} AND RunId = {run:String} AND Timestamp >= {since:DateTime64(3, 'UTC')}
                AND JSONHas(Extra, 'serial_no')`,
      query_params: { service: run.serviceName, run: run.runId, since: clickhouseDateTime64(run.since.getTime()) },
      format: "JSONEachRow",
    });
    return result.json<{ last: string | number; lines: string | number }>();
  });
  return row && Number(row.lines) > 0 ? Number(row.last) : null;
}

/** One insert; `batchId` (with the run it came from) is its deduplication token. */
export async function insertAgentLogs(clickhouse: ClickHouseClient, rows: AgentLogRow[], batchId: string | null): Promise<void> {
  if (!rows.length) return;
  const { ServiceName, RunId } = rows[0];
  await clickhouseCall(() =>
    clickhouse.insert({
      table: TABLE,
      values: rows,
      format: "JSONEachRow",
      clickhouse_settings: batchId ? { insert_deduplication_token: `agent_logs#${ServiceName}#${RunId}#${batchId}` } : {},
    }),
  );
}

async function clickhouseCall<T>(call: () => Promise<T>): Promise<T> {
  try {
    return await call();
  } catch (e) {
    throw new StoreUnavailable("ClickHouse", e);
  }
}
