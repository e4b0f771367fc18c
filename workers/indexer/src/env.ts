import type { IndexMessage } from "../../core/src/wire/index-message";
import type { ClickHouseEnv } from "../../shared/src/clickhouse";

export interface Env extends ClickHouseEnv {
  PROFILES: R2Bucket;
  /** profiles-index, where a replayed dead letter goes back to. */
  INDEX_QUEUE: Queue<IndexMessage>;
  /** Backoff of a failed message in seconds: base * 2^(attempts-1), at most max (retry-policy.ts). */
  RETRY_BASE_SECONDS?: string;
  RETRY_MAX_SECONDS?: string;
  /** Local soak stacks only: where the injected faults are switched (faults.ts). */
  FAULTS_URL?: string;
}
