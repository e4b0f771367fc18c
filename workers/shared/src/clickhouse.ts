// ClickHouse over HTTP: the same client talks to the local chdb server and to ClickHouse Cloud;
// only CLICKHOUSE_URL / _USER / _PASSWORD differ (configuration, not code).
import { createClient, type ClickHouseClient } from "@clickhouse/client-web";

export interface ClickHouseEnv {
  CLICKHOUSE_URL: string;
  CLICKHOUSE_USER?: string;
  CLICKHOUSE_PASSWORD?: string;
}

export type { ClickHouseClient };

export function openClickHouse(env: ClickHouseEnv): ClickHouseClient {
  return createClient({
    url: env.CLICKHOUSE_URL,
    username: env.CLICKHOUSE_USER || "default",
    password: env.CLICKHOUSE_PASSWORD ?? "",
    request_timeout: 60_000,
    // 64-bit hashes must survive JSON as strings (toolchain.md §3.2: the default differs by version).
    clickhouse_settings: { output_format_json_quote_64bit_integers: 1 },
  });
}
