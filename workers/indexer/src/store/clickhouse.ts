// Row writes into ClickHouse. Each batch carries an insert_deduplication_token derived from the R2 object
// key, so a redelivered message re-sends identical blocks that ClickHouse drops: exactly-once rows.
import type { ClickHouseClient } from "../../../shared/src/clickhouse";
import { StoreUnavailable } from "../../../shared/src/errors";

export const INSERT_BATCH_ROWS = 50_000;

/** Inserts `rows` in batches; the parser's row order is deterministic, so batch N is the same on every retry. */
export async function insertRows(
  clickhouse: ClickHouseClient,
  table: "flamedb.samples" | "flamedb.metrics",
  rows: Iterable<object>,
  dedupKey: string,
): Promise<void> {
  let batch: object[] = [];
  let batchNumber = 0;
  const flush = async () => {
    try {
      await clickhouse.insert({
        table,
        values: batch,
        format: "JSONEachRow",
        clickhouse_settings: { insert_deduplication_token: `${dedupKey}#${table}#${batchNumber++}` },
      });
    } catch (e) {
      throw new StoreUnavailable("ClickHouse", e);
    }
    batch = [];
  };
  for (const row of rows) {
    batch.push(row);
    if (batch.length === INSERT_BATCH_ROWS) await flush();
  }
  if (batch.length) await flush();
}
