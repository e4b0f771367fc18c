-- Samples per minute, host and container, from root rows only (CallStackParent = 0): NumSamples is the
-- total number of samples. The original has no TTL (§7.19): 30 days.

CREATE TABLE IF NOT EXISTS flamedb.samples_1min
(
    Timestamp          DateTime('UTC') CODEC(DoubleDelta),
    ServiceId          UInt32,
    InstanceType       LowCardinality(String),
    ContainerEnvName   LowCardinality(String),
    HostName           LowCardinality(String),
    ContainerName      LowCardinality(String),
    NumSamples         UInt64 CODEC(DoubleDelta),
    ErrNumSamples      UInt64,
    HostNameHash       UInt32,
    ContainerNameHash  UInt32,
    InsertionTimestamp DateTime('UTC') CODEC(DoubleDelta)
) ENGINE = SummingMergeTree((NumSamples))
PARTITION BY toYYYYMMDD(Timestamp)
ORDER BY (ServiceId, ContainerEnvName, InstanceType, ContainerNameHash, HostNameHash, Timestamp)
TTL Timestamp + INTERVAL 30 DAY
SETTINGS non_replicated_deduplication_window = 10000, ttl_only_drop_parts = 1;

CREATE MATERIALIZED VIEW IF NOT EXISTS flamedb.samples_1min_mv TO flamedb.samples_1min AS
SELECT toStartOfMinute(Timestamp)  AS Timestamp,
       ServiceId,
       InstanceType,
       ContainerEnvName,
       HostName,
       ContainerName,
       sum(NumSamples)             AS NumSamples,
       sum(ErrNumSamples)          AS ErrNumSamples,
       HostNameHash,
       ContainerNameHash,
       anyLast(InsertionTimestamp) AS InsertionTimestamp
FROM flamedb.samples
WHERE CallStackParent = 0
GROUP BY ServiceId, InstanceType, ContainerEnvName, HostName, ContainerName, HostNameHash, ContainerNameHash, Timestamp;
