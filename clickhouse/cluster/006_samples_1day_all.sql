-- Daily stack totals over all hosts and containers, per shard; kept 365 days, as samples_1day (see schema/006).
-- The Distributed table reads the store directly, so its columns are the single-node table's, in order
-- (the original read through the view, whose SELECT order differs).

CREATE TABLE IF NOT EXISTS flamedb.samples_1day_all_local_store ON CLUSTER '{cluster}'
(
    Timestamp          DateTime('UTC') CODEC(DoubleDelta),
    ServiceId          UInt32,
    CallStackHash      UInt64,
    CallStackName      String CODEC(ZSTD),
    CallStackParent    UInt64,
    InsertionTimestamp DateTime('UTC') CODEC(DoubleDelta),
    NumSamples         UInt64 CODEC(DoubleDelta),
    ErrNumSamples      UInt32
) ENGINE = ReplicatedSummingMergeTree('/clickhouse/{installation}/{cluster}/tables/{shard}/{database}/{table}', '{replica}', (NumSamples))
PARTITION BY toYYYYMMDD(Timestamp)
ORDER BY (ServiceId, Timestamp, CallStackHash, CallStackParent)
TTL Timestamp + INTERVAL 365 DAY
SETTINGS replicated_deduplication_window = 10000, replicated_deduplication_window_seconds = 86400, ttl_only_drop_parts = 1;

CREATE MATERIALIZED VIEW IF NOT EXISTS flamedb.samples_1day_all_local ON CLUSTER '{cluster}' TO flamedb.samples_1day_all_local_store AS
SELECT toStartOfDay(Timestamp) AS Timestamp,
       ServiceId,
       CallStackHash,
       any(CallStackName)          AS CallStackName,
       any(CallStackParent)        AS CallStackParent,
       sum(NumSamples)             AS NumSamples,
       sum(ErrNumSamples)          AS ErrNumSamples,
       anyLast(InsertionTimestamp) AS InsertionTimestamp
FROM flamedb.samples_local
GROUP BY ServiceId, CallStackHash, Timestamp;

CREATE TABLE IF NOT EXISTS flamedb.samples_1day_all ON CLUSTER '{cluster}' AS flamedb.samples_1day_all_local_store
ENGINE = Distributed('{cluster}', flamedb, samples_1day_all_local_store, CallStackHash);
