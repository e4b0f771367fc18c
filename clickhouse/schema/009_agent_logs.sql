-- Agent log lines (new; the original kept them outside ClickHouse). Extra is the entry's remaining
-- fields as JSON text. Kept 14 days; the deduplication window makes a retried batch add nothing.

CREATE TABLE IF NOT EXISTS flamedb.agent_logs
(
    ServiceName        LowCardinality(String),
    HostName           LowCardinality(String),
    RunId              String,
    Severity           UInt8,
    Timestamp          DateTime64(3, 'UTC') CODEC(DoubleDelta),
    Message            String CODEC(ZSTD),
    Extra              String CODEC(ZSTD),
    InsertionTimestamp DateTime('UTC') DEFAULT now() CODEC(DoubleDelta)
) ENGINE = MergeTree
PARTITION BY toYYYYMMDD(Timestamp)
ORDER BY (ServiceName, Timestamp)
TTL toDateTime(Timestamp) + INTERVAL 14 DAY
SETTINGS non_replicated_deduplication_window = 10000, ttl_only_drop_parts = 1;
