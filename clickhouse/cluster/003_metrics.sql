-- Per-host CPU and memory averages; sharded by ServiceId.

CREATE TABLE IF NOT EXISTS flamedb.metrics_local ON CLUSTER '{cluster}'
(
    Timestamp                DateTime('UTC') CODEC(DoubleDelta),
    ServiceId                UInt32,
    InstanceType             LowCardinality(String),
    HostName                 LowCardinality(String),
    HostNameHash             UInt32 MATERIALIZED xxHash32(HostName),
    CPUAverageUsedPercent    Float64,
    MemoryAverageUsedPercent Float64
) ENGINE = ReplicatedMergeTree('/clickhouse/{installation}/{cluster}/tables/{shard}/{database}/{table}', '{replica}')
PARTITION BY toYYYYMMDD(Timestamp)
ORDER BY (ServiceId, InstanceType, HostNameHash, Timestamp)
TTL Timestamp + INTERVAL 30 DAY
SETTINGS replicated_deduplication_window = 10000, replicated_deduplication_window_seconds = 86400, ttl_only_drop_parts = 1;

CREATE TABLE IF NOT EXISTS flamedb.metrics ON CLUSTER '{cluster}' AS flamedb.metrics_local
ENGINE = Distributed('{cluster}', flamedb, metrics_local, ServiceId);
