-- FlameDB, single node (indexer-flamedb.md §3.1). Every statement is idempotent (IF NOT EXISTS):
-- apply-schema.mjs runs all files in order on every start and records each file's number here.

CREATE DATABASE IF NOT EXISTS flamedb;

-- One row per applied schema file: `version` is the file's number prefix (001_… → 1).
CREATE TABLE IF NOT EXISTS flamedb.schema_migrations
(
    version    UInt32,
    name       String,
    applied_at DateTime('UTC') DEFAULT now()
) ENGINE = ReplacingMergeTree
ORDER BY version;
