// The flamedb.indexer_drops rows of one message's outcome: a dropped message counts once under its
// reason, an indexed profile's skipped lines count per reason. Swapper lines are not drops: the spec
// filters the idle thread by design (§2.7); they stay visible in the log line's stats.
import type { DropRow } from "../../core/src/wire/clickhouse-row";
import { toClickHouseDateTime } from "../../core/src/wire/clickhouse-row";
import type { IndexOutcome } from "./index-profile";

export function dropRows(outcome: IndexOutcome, messageId: string, now: Date): DropRow[] {
  const row = (Reason: string, Count: number, Detail: string): DropRow => ({
    Timestamp: toClickHouseDateTime(now),
    ServiceId: outcome.serviceId,
    ObjectKey: outcome.key,
    MessageId: messageId,
    Reason,
    Count: String(Count),
    Detail,
  });
  if (outcome.status === "dropped") return [row(outcome.reason, 1, outcome.detail)];
  return Object.entries(outcome.stats.skipped)
    .filter(([reason, lines]) => reason !== "swapper" && lines)
    .map(([reason, lines]) =>
      row(`line: ${reason}`, lines, `${lines} of ${outcome.stats.stackLines} stack lines`),
    );
}
