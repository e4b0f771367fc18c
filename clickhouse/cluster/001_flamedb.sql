-- FlameDB, cluster mode (indexer-flamedb.md §3.2): every DDL runs ON CLUSTER '{cluster}'. Per-shard
-- Replicated* storage tables (*_local, *_local_store) hold the data; the public names are Distributed
-- tables with the same columns as the single-node schema in ../schema, so readers need no changes.
-- Macros {installation}, {cluster}, {shard} and {replica} come from the server configuration.
--
-- Fixed against the original (§7.10): DateTime('UTC') instead of the server time zone, TTLs as in
-- the single-node schema, HostName/ContainerName in the per-host aggregated tables' ORDER BY (else
-- rows of different hosts merge), ErrNumSamples in samples_1min_local, and agent_logs.
--
-- Exactly-once inserts: Replicated tables deduplicate by default; the windows below keep a day of
-- tokens. Insert into the Distributed tables with distributed_foreground_insert = 1 so the token and
-- the deterministic sharding key route a retried batch to the same shards, and (before 26.x) with
-- deduplicate_blocks_in_dependent_materialized_views = 1 so the views skip it too.

CREATE DATABASE IF NOT EXISTS flamedb ON CLUSTER '{cluster}';

-- Replicated to every node (no {shard} in the path), so any node answers the version check.
CREATE TABLE IF NOT EXISTS flamedb.schema_migrations ON CLUSTER '{cluster}'
(
    version    UInt32,
    name       String,
    applied_at DateTime('UTC') DEFAULT now()
) ENGINE = ReplicatedReplacingMergeTree('/clickhouse/{installation}/{cluster}/tables/all/{database}/{table}', '{replica}')
ORDER BY version;
