-- Raw stack rows written by the indexer: one row per call-stack prefix per file and container.
-- Differences from the original: TTL in the CREATE (it was an ALTER), and a deduplication window so
-- an insert repeated with the same insert_deduplication_token adds no rows (exactly-once indexing).
-- The window must also be on every MV target table, or the views count a repeated insert twice.

CREATE TABLE IF NOT EXISTS flamedb.samples
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
) ENGINE = MergeTree
PARTITION BY toYYYYMMDD(Timestamp)
ORDER BY (ServiceId, InstanceType, ContainerEnvName, HostNameHash, ContainerNameHash, Timestamp)
TTL Timestamp + INTERVAL 30 DAY
SETTINGS non_replicated_deduplication_window = 10000, ttl_only_drop_parts = 1;
