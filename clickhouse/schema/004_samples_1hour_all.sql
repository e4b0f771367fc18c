-- Hourly stack totals over all hosts and containers. SummingMergeTree sums NumSamples only; the other
-- non-key columns keep an arbitrary row's value after merges, so readers use sum()/any().

CREATE TABLE IF NOT EXISTS flamedb.samples_1hour_all
(
    Timestamp          DateTime('UTC') CODEC(DoubleDelta),
    ServiceId          UInt32,
    CallStackHash      UInt64,
    CallStackName      String CODEC(ZSTD),
    CallStackParent    UInt64,
    InsertionTimestamp DateTime('UTC') CODEC(DoubleDelta),
    NumSamples         UInt64 CODEC(DoubleDelta),
    ErrNumSamples      UInt32
) ENGINE = SummingMergeTree((NumSamples))
PARTITION BY toYYYYMMDD(Timestamp)
ORDER BY (ServiceId, Timestamp, CallStackHash, CallStackParent)
TTL Timestamp + INTERVAL 30 DAY
SETTINGS non_replicated_deduplication_window = 10000, ttl_only_drop_parts = 1;

CREATE MATERIALIZED VIEW IF NOT EXISTS flamedb.samples_1hour_all_mv TO flamedb.samples_1hour_all AS
SELECT toStartOfHour(Timestamp)    AS Timestamp,
       ServiceId,
       CallStackHash,
       any(CallStackName)          AS CallStackName,
       any(CallStackParent)        AS CallStackParent,
       sum(NumSamples)             AS NumSamples,
       sum(ErrNumSamples)          AS ErrNumSamples,
       anyLast(InsertionTimestamp) AS InsertionTimestamp
FROM flamedb.samples
GROUP BY ServiceId, CallStackHash, Timestamp;
