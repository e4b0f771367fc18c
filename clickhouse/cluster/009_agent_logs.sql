-- Agent log lines (new). Sharded by service and host, a deterministic key, so a retried batch lands
-- on the same shards and is deduplicated there.

CREATE TABLE IF NOT EXISTS flamedb.agent_logs_local ON CLUSTER '{cluster}'
(
    ServiceName        LowCardinality(String),
    HostName           LowCardinality(String),
    RunId              String,
    Severity           UInt8,
    Timestamp          DateTime64(3, 'UTC') CODEC(DoubleDelta),
    Message            String CODEC(ZSTD),
    Extra              String CODEC(ZSTD),
    InsertionTimestamp DateTime('UTC') DEFAULT now() CODEC(DoubleDelta)
) ENGINE = ReplicatedMergeTree('/clickhouse/{installation}/{cluster}/tables/{shard}/{database}/{table}', '{replica}')
PARTITION BY toYYYYMMDD(Timestamp)
ORDER BY (ServiceName, Timestamp)
TTL toDateTime(Timestamp) + INTERVAL 14 DAY
SETTINGS replicated_deduplication_window = 10000, replicated_deduplication_window_seconds = 86400, ttl_only_drop_parts = 1;

CREATE TABLE IF NOT EXISTS flamedb.agent_logs ON CLUSTER '{cluster}' AS flamedb.agent_logs_local
ENGINE = Distributed('{cluster}', flamedb, agent_logs_local, cityHash64(ServiceName, HostName));
