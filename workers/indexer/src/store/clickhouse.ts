// Row writes into ClickHouse, exactly once per profile: each batch carries an insert_deduplication_token
// derived from the R2 object key and the batch number, and the parser's row order is deterministic, so a
// redelivered message re-sends identical batches under the same tokens and ClickHouse drops them.
import type { DropRow } from "../../../core/src/wire/clickhouse-row";
import type { ClickHouseClient } from "../../../shared/src/clickhouse";
import { StoreUnavailable } from "../../../shared/src/errors";

/**
 * Rows per INSERT. A batch is held twice (row objects, then their JSON), about 6 MB at the ~400 bytes a
 * generated row takes, beside the prefix tree in the Worker's 128 MB.
 */
export const INSERT_BATCH_ROWS = 10_000;

// The views must deduplicate by themselves: when a server dies between writing a block and its views'
// blocks, the retry's block is a duplicate in samples but not in the views. In cluster mode the
// Distributed table must insert synchronously so the token reaches the shards (clickhouse/cluster).
const EXACTLY_ONCE = {
  deduplicate_blocks_in_dependent_materialized_views: 1,
  distributed_foreground_insert: 1,
} as const;

/** Inserts `rows` in batches; batch N of a file is the same on every delivery. */
export async function insertRows(
  clickhouse: ClickHouseClient,
  table: "flamedb.samples" | "flamedb.metrics",
  rows: Iterable<object>,
  dedupKey: string,
): Promise<void> {
  let batch: object[] = [];
  let batchNumber = 0;
  for (const row of rows) {
    batch.push(row);
    if (batch.length === INSERT_BATCH_ROWS) {
      await insert(clickhouse, table, batch, `${dedupKey}#${table}#${batchNumber++}`);
      batch = [];
    }
  }
  if (batch.length) await insert(clickhouse, table, batch, `${dedupKey}#${table}#${batchNumber}`);
}

/** Records drops; `dedupKey` names the message, so a redelivery counts once. */
export async function insertDrops(
  clickhouse: ClickHouseClient,
  rows: DropRow[],
  dedupKey: string,
): Promise<void> {
  if (rows.length)
    await insert(clickhouse, "flamedb.indexer_drops", rows, `${dedupKey}#flamedb.indexer_drops`);
}

async function insert(
  clickhouse: ClickHouseClient,
  table: string,
  values: object[],
  token: string,
): Promise<void> {
  try {
    await clickhouse.insert({
      table,
      values,
      format: "JSONEachRow",
      clickhouse_settings: { ...EXACTLY_ONCE, insert_deduplication_token: token },
    });
  } catch (e) {
    throw new StoreUnavailable("ClickHouse", e);
  }
}
