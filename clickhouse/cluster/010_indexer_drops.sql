-- What the indexer could not index (new). Sharded by a deterministic key, so a redelivered message's
-- rows land on the same shard and are deduplicated there.

CREATE TABLE IF NOT EXISTS flamedb.indexer_drops_local ON CLUSTER '{cluster}'
(
    Timestamp DateTime('UTC') CODEC(DoubleDelta),
    ServiceId UInt32,
    ObjectKey String,
    MessageId String,
    Reason    LowCardinality(String),
    Count     UInt64,
    Detail    String CODEC(ZSTD)
) ENGINE = ReplicatedMergeTree('/clickhouse/{installation}/{cluster}/tables/{shard}/{database}/{table}', '{replica}')
PARTITION BY toYYYYMM(Timestamp)
ORDER BY (Reason, Timestamp)
TTL Timestamp + INTERVAL 90 DAY
SETTINGS replicated_deduplication_window = 10000, replicated_deduplication_window_seconds = 86400, ttl_only_drop_parts = 1;

CREATE TABLE IF NOT EXISTS flamedb.indexer_drops ON CLUSTER '{cluster}' AS flamedb.indexer_drops_local
ENGINE = Distributed('{cluster}', flamedb, indexer_drops_local, cityHash64(ObjectKey, MessageId));
