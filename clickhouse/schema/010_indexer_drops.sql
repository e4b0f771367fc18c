-- What the indexer could not index (new; the original only logged, §2.11, §7.15): one row per dropped
-- Queue message (Count 1) and one per skip reason of an indexed profile's bad lines (Count = lines).
-- Kept 90 days; the deduplication window makes a redelivered message count once. An operator reads it:
--   SELECT Reason, sum(Count) FROM flamedb.indexer_drops WHERE Timestamp > now() - INTERVAL 1 DAY GROUP BY Reason

CREATE TABLE IF NOT EXISTS flamedb.indexer_drops
(
    Timestamp DateTime('UTC') CODEC(DoubleDelta),
    ServiceId UInt32,
    ObjectKey String,
    MessageId String,
    Reason    LowCardinality(String),
    Count     UInt64,
    Detail    String CODEC(ZSTD)
) ENGINE = MergeTree
PARTITION BY toYYYYMM(Timestamp)
ORDER BY (Reason, Timestamp)
TTL Timestamp + INTERVAL 90 DAY
SETTINGS non_replicated_deduplication_window = 10000, ttl_only_drop_parts = 1;
