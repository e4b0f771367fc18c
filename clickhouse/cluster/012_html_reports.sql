-- Where each host's newest HTML report is (see schema/012); sharded by ServiceId, as metrics.

CREATE TABLE IF NOT EXISTS flamedb.html_reports_local ON CLUSTER '{cluster}'
(
    Timestamp    DateTime('UTC') CODEC(DoubleDelta),
    ServiceId    UInt32,
    InstanceType LowCardinality(String),
    HostName     LowCardinality(String),
    HTMLPath     String
) ENGINE = ReplicatedMergeTree('/clickhouse/{installation}/{cluster}/tables/{shard}/{database}/{table}', '{replica}')
PARTITION BY toYYYYMMDD(Timestamp)
ORDER BY (ServiceId, HostName, Timestamp)
TTL Timestamp + INTERVAL 30 DAY
SETTINGS replicated_deduplication_window = 10000, replicated_deduplication_window_seconds = 86400, ttl_only_drop_parts = 1;

CREATE TABLE IF NOT EXISTS flamedb.html_reports ON CLUSTER '{cluster}' AS flamedb.html_reports_local
ENGINE = Distributed('{cluster}', flamedb, html_reports_local, ServiceId);
