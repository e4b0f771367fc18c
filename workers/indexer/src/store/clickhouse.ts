// Row writes into ClickHouse. Each batch carries an insert_deduplication_token derived from the R2 object
// key, so a redelivered message re-sends identical blocks that ClickHouse drops: exactly-once rows.
import type { ClickHouseClient } from "../../../shared/src/clickhouse";
import { StoreUnavailable } from "../../../shared/src/errors";

export const INSERT_BATCH_ROWS = 50_000;

export async function insertRows(
  clickhouse: ClickHouseClient,
  table: "flamedb.samples" | "flamedb.metrics",
  rows: readonly object[],
  dedupKey: string,
): Promise<void> {
  for (let start = 0, batch = 0; start < rows.length; start += INSERT_BATCH_ROWS, batch++) {
    try {
      await clickhouse.insert({
        table,
        values: rows.slice(start, start + INSERT_BATCH_ROWS) as object[],
        format: "JSONEachRow",
        clickhouse_settings: { insert_deduplication_token: `${dedupKey}#${table}#${batch}` },
      });
    } catch (e) {
      throw new StoreUnavailable("ClickHouse", e);
    }
  }
}
