-- Raw stack rows; sharded by CallStackHash so each stack node lives on one shard and the flamegraph's
-- GROUP BY CallStackHash is shard-local.

CREATE TABLE IF NOT EXISTS flamedb.samples_local ON CLUSTER '{cluster}'
(
    Timestamp          DateTime('UTC') CODEC(DoubleDelta),
    ServiceId          UInt32,
    InstanceType       LowCardinality(String),
    ContainerEnvName   LowCardinality(String),
    HostName           LowCardinality(String),
    ContainerName      LowCardinality(String),
    NumSamples         UInt32 CODEC(DoubleDelta),
    CallStackHash      UInt64,
    HostNameHash       UInt32 MATERIALIZED xxHash32(HostName),
    ContainerNameHash  UInt32 MATERIALIZED xxHash32(ContainerName),
    CallStackName      String CODEC(ZSTD),
    CallStackParent    UInt64,
    InsertionTimestamp DateTime('UTC') CODEC(DoubleDelta),
    ErrNumSamples      UInt32
) ENGINE = ReplicatedMergeTree('/clickhouse/{installation}/{cluster}/tables/{shard}/{database}/{table}', '{replica}')
PARTITION BY toYYYYMMDD(Timestamp)
ORDER BY (ServiceId, InstanceType, ContainerEnvName, HostNameHash, ContainerNameHash, Timestamp)
TTL Timestamp + INTERVAL 30 DAY
SETTINGS replicated_deduplication_window = 10000, replicated_deduplication_window_seconds = 86400, ttl_only_drop_parts = 1;

CREATE TABLE IF NOT EXISTS flamedb.samples ON CLUSTER '{cluster}' AS flamedb.samples_local
ENGINE = Distributed('{cluster}', flamedb, samples_local, CallStackHash);
