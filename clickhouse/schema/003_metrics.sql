-- Per-host CPU and memory averages from the agent's upload. The original has no TTL (§7.19): 30 days.

CREATE TABLE IF NOT EXISTS flamedb.metrics
(
    Timestamp                DateTime('UTC') CODEC(DoubleDelta),
    ServiceId                UInt32,
    InstanceType             LowCardinality(String),
    HostName                 LowCardinality(String),
    HostNameHash             UInt32 MATERIALIZED xxHash32(HostName),
    CPUAverageUsedPercent    Float64,
    MemoryAverageUsedPercent Float64
) ENGINE = MergeTree
PARTITION BY toYYYYMMDD(Timestamp)
ORDER BY (ServiceId, InstanceType, HostNameHash, Timestamp)
TTL Timestamp + INTERVAL 30 DAY
SETTINGS non_replicated_deduplication_window = 10000, ttl_only_drop_parts = 1;
