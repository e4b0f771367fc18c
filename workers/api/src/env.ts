import type { ClickHouseEnv } from "../../shared/src/clickhouse";

export interface Env extends ClickHouseEnv {
  HYPERDRIVE: Hyperdrive;
  /** Default `stacksCount` of /api/flamegraph (the original's STACKS_COUNT_DEFAULT). */
  STACKS_COUNT_DEFAULT?: string;
}
