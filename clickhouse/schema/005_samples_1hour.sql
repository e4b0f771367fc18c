-- Hourly stack totals per host and container. No HostNameHash/ContainerNameHash here, as in the
-- original: filters on these tables use HostName/ContainerName (§7.9).

CREATE TABLE IF NOT EXISTS flamedb.samples_1hour
(
    Timestamp          DateTime('UTC') CODEC(DoubleDelta),
    ServiceId          UInt32,
    InstanceType       LowCardinality(String),
    ContainerEnvName   LowCardinality(String),
    HostName           LowCardinality(String),
    ContainerName      LowCardinality(String),
    CallStackHash      UInt64,
    CallStackName      String CODEC(ZSTD),
    CallStackParent    UInt64,
    InsertionTimestamp DateTime('UTC') CODEC(DoubleDelta),
    NumSamples         UInt64 CODEC(DoubleDelta),
    ErrNumSamples      UInt32
) ENGINE = SummingMergeTree((NumSamples))
PARTITION BY toYYYYMMDD(Timestamp)
ORDER BY (ServiceId, ContainerEnvName, InstanceType, HostName, ContainerName, Timestamp, CallStackHash, CallStackParent)
TTL Timestamp + INTERVAL 30 DAY
SETTINGS non_replicated_deduplication_window = 10000, ttl_only_drop_parts = 1;

CREATE MATERIALIZED VIEW IF NOT EXISTS flamedb.samples_1hour_mv TO flamedb.samples_1hour AS
SELECT toStartOfHour(Timestamp)    AS Timestamp,
       ServiceId,
       ContainerEnvName,
       InstanceType,
       HostName,
       ContainerName,
       CallStackHash,
       any(CallStackName)          AS CallStackName,
       any(CallStackParent)        AS CallStackParent,
       sum(NumSamples)             AS NumSamples,
       sum(ErrNumSamples)          AS ErrNumSamples,
       anyLast(InsertionTimestamp) AS InsertionTimestamp
FROM flamedb.samples
GROUP BY ServiceId, InstanceType, ContainerEnvName, HostName, ContainerName, CallStackHash, Timestamp;
