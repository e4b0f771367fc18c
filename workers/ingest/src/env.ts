import type { IndexMessage } from "../../core/src/wire/index-message";
import type { ClickHouseEnv } from "../../shared/src/clickhouse";

export interface Env extends ClickHouseEnv {
  PROFILES: R2Bucket;
  INDEX_QUEUE: Queue<IndexMessage>;
  HYPERDRIVE: Hyperdrive;
  /** Largest accepted request body as sent (gzip), bytes; the original's CONFIG_MAX_CONTENT_LEN. */
  MAX_COMPRESSED_BYTES?: string;
  /** Largest accepted body after gunzip, bytes: stops gzip bombs (backend-api.md §10.7). */
  MAX_DECOMPRESSED_BYTES?: string;
}
