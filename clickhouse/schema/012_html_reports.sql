-- Where each host's newest HTML report is (the hardware-metrics report, Intel PerfSpect, that the
-- Intel/Pinterest fork's agent sends base64 in the profile header's `htmlblob`). The fork kept the
-- object key in an HTMLPath column of flamedb.metrics, so a metrics row without a report could hide
-- the newest report from argMax; here a row is written only for a stored report (ingest Worker,
-- workers/ingest/src/store/html-reports.ts) and read by GET /api/metrics/html_metadata.

CREATE TABLE IF NOT EXISTS flamedb.html_reports
(
    Timestamp    DateTime('UTC') CODEC(DoubleDelta),
    ServiceId    UInt32,
    InstanceType LowCardinality(String),
    HostName     LowCardinality(String),
    HTMLPath     String
) ENGINE = MergeTree
PARTITION BY toYYYYMMDD(Timestamp)
ORDER BY (ServiceId, HostName, Timestamp)
TTL Timestamp + INTERVAL 30 DAY
SETTINGS non_replicated_deduplication_window = 10000, ttl_only_drop_parts = 1;
