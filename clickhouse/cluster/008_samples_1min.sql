-- Samples per minute, host and container from root rows, per shard. Fixed (§7.10): ErrNumSamples is
-- stored and summed as in the single-node schema. The Distributed table has no sharding key: it is
-- only read (rows arrive through the view on each shard).

CREATE TABLE IF NOT EXISTS flamedb.samples_1min_local ON CLUSTER '{cluster}'
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
) ENGINE = ReplicatedSummingMergeTree('/clickhouse/{installation}/{cluster}/tables/{shard}/{database}/{table}', '{replica}', (NumSamples))
PARTITION BY toYYYYMMDD(Timestamp)
ORDER BY (ServiceId, ContainerEnvName, InstanceType, ContainerNameHash, HostNameHash, Timestamp)
TTL Timestamp + INTERVAL 30 DAY
SETTINGS replicated_deduplication_window = 10000, replicated_deduplication_window_seconds = 86400, ttl_only_drop_parts = 1;

CREATE MATERIALIZED VIEW IF NOT EXISTS flamedb.samples_1min_mv ON CLUSTER '{cluster}' TO flamedb.samples_1min_local AS
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
FROM flamedb.samples_local
WHERE CallStackParent = 0
GROUP BY ServiceId, InstanceType, ContainerEnvName, HostName, ContainerName, HostNameHash, ContainerNameHash, Timestamp;

CREATE TABLE IF NOT EXISTS flamedb.samples_1min ON CLUSTER '{cluster}' AS flamedb.samples_1min_local
ENGINE = Distributed('{cluster}', flamedb, samples_1min_local);
