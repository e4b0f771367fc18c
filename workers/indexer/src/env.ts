import type { ClickHouseEnv } from "../../shared/src/clickhouse";

export interface Env extends ClickHouseEnv {
  PROFILES: R2Bucket;
}
