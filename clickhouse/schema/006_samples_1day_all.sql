-- Daily stack totals over all hosts and containers (as samples_1hour_all, by day). Kept as long as
-- samples_1day (365 days; the original kept it 30), so a flamegraph without a filter reads one row per
-- stack and day for any window instead of one per stack, host and container (011 migrates old tables).

CREATE TABLE IF NOT EXISTS flamedb.samples_1day_all
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
TTL Timestamp + INTERVAL 365 DAY
SETTINGS non_replicated_deduplication_window = 10000, ttl_only_drop_parts = 1;

CREATE MATERIALIZED VIEW IF NOT EXISTS flamedb.samples_1day_all_mv TO flamedb.samples_1day_all AS
SELECT toStartOfDay(Timestamp)     AS Timestamp,
       ServiceId,
       CallStackHash,
       any(CallStackName)          AS CallStackName,
       any(CallStackParent)        AS CallStackParent,
       sum(NumSamples)             AS NumSamples,
       sum(ErrNumSamples)          AS ErrNumSamples,
       anyLast(InsertionTimestamp) AS InsertionTimestamp
FROM flamedb.samples
GROUP BY ServiceId, CallStackHash, Timestamp;
