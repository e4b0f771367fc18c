// The flamegraph's one ClickHouse query, per time range (indexer-flamedb.md §4.6): the top `limit`
// stack nodes by samples. Table names come only from FLAMEGRAPH_TABLES; every value is a query parameter.
import type { ClickHouseClient } from "../../../shared/src/clickhouse";
import { StoreUnavailable } from "../../../shared/src/errors";

export const FLAMEGRAPH_TABLES = {
  raw: "flamedb.samples",
  "1hour": "flamedb.samples_1hour_all",
  "1day": "flamedb.samples_1day_all",
  "1day_historical": "flamedb.samples_1day",
} as const;

export type FlamegraphTable = keyof typeof FLAMEGRAPH_TABLES;

export interface FrameSum {
  hash: string;
  name: string;
  parent: string;
  samples: number;
}

export interface TopFramesQuery {
  table: FlamegraphTable;
  serviceId: number;
  /** Inclusive bounds, "YYYY-MM-DD hh:mm:ss" UTC. */
  start: string;
  end: string;
  limit: number;
}

export async function topFrames(clickhouse: ClickHouseClient, q: TopFramesQuery): Promise<FrameSum[]> {
  try {
    const result = await clickhouse.query({
      query: `SELECT toString(CallStackHash) AS hash, any(CallStackName) AS name,
                     toString(any(CallStackParent)) AS parent, sum(NumSamples) AS samples
              FROM ${FLAMEGRAPH_TABLES[q.table]}
              WHERE ServiceId = {service:UInt32}
                AND Timestamp BETWEEN {start:DateTime('UTC')} AND {end:DateTime('UTC')}
              GROUP BY CallStackHash
              ORDER BY samples DESC, CallStackHash
              LIMIT {limit:UInt32}`,
      query_params: { service: q.serviceId, start: q.start, end: q.end, limit: q.limit },
      format: "JSONEachRow",
    });
    const rows = await result.json<{ hash: string; name: string; parent: string; samples: string | number }>();
    return rows.map((r) => ({ ...r, samples: Number(r.samples) }));
  } catch (e) {
    throw new StoreUnavailable("ClickHouse", e);
  }
}
