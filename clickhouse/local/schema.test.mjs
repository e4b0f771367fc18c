// The FlameDB schema (clickhouse/schema, clickhouse/cluster) applied through the local server.

import assert from "node:assert/strict";
import { execFile } from "node:child_process";
import { mkdtempSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, describe, test } from "node:test";
import { promisify } from "node:util";
import { splitStatements } from "../sql-statements.mjs";
import { createClient, REPO_ROOT, startServer } from "./harness.mjs";

const APPLY = join(REPO_ROOT, "clickhouse/apply-schema.mjs");
const CLUSTER_DIR = join(REPO_ROOT, "clickhouse/cluster");
const PUBLIC_TABLES = [
  "samples",
  "metrics",
  "samples_1hour_all",
  "samples_1hour",
  "samples_1day_all",
  "samples_1day",
  "samples_1min",
  "agent_logs",
  "indexer_drops",
  "html_reports",
];
// Where each public table's rows live in cluster mode.
const CLUSTER_STORAGE = {
  samples: "samples_local",
  metrics: "metrics_local",
  samples_1hour_all: "samples_1hour_all_local_store",
  samples_1hour: "samples_1hour_local_store",
  samples_1day_all: "samples_1day_all_local_store",
  samples_1day: "samples_1day_local_store",
  samples_1min: "samples_1min_local",
  agent_logs: "agent_logs_local",
  indexer_drops: "indexer_drops_local",
  html_reports: "html_reports_local",
};

const utc = (ms) => new Date(ms).toISOString().slice(0, 19).replace("T", " ");

/** A root row and one child of it, as the indexer writes them. */
function sampleRows(now, numSamples = 5) {
  const base = {
    Timestamp: utc(now),
    ServiceId: 1,
    InstanceType: "m5.large",
    ContainerEnvName: "",
    HostName: "h1",
    ContainerName: "c1",
    InsertionTimestamp: utc(now),
    ErrNumSamples: 0,
  };
  return [
    { ...base, NumSamples: numSamples, CallStackHash: "111", CallStackName: "python", CallStackParent: 0 },
    { ...base, NumSamples: 3, CallStackHash: "222", CallStackName: "main", CallStackParent: "111" },
  ];
}

/**
 * The cluster DDL made runnable on one chdb node, in database flamedb_cluster: no ON CLUSTER,
 * Replicated* → plain engines, Distributed → Merge over the same storage table.
 */
function localizeClusterSql(sql) {
  return sql
    .replaceAll(" ON CLUSTER '{cluster}'", "")
    .replace(/Replicated(\w*MergeTree)\('[^']*', '\{replica\}'(?:, )?/g, (_, engine) => `${engine}(`)
    .replace(
      /replicated_deduplication_window = \d+, replicated_deduplication_window_seconds = \d+/g,
      "non_replicated_deduplication_window = 10000",
    )
    .replace(
      /Distributed\('\{cluster\}', flamedb, (\w+)(?:, (.+))?\)$/s,
      (_, table) => `Merge(flamedb_cluster, '^${table}$')`,
    )
    .replace(/\bflamedb\b/g, "flamedb_cluster");
}

describe("FlameDB schema", () => {
  const data = mkdtempSync(join(tmpdir(), "ch-schema-test-"));
  let server;
  let client;
  const rows = async (query, query_params) =>
    (await client.query({ query, query_params, format: "JSONEachRow" })).json();
  const apply = (args = [], env = {}) =>
    promisify(execFile)(process.execPath, [APPLY, ...args], {
      env: { ...process.env, CLICKHOUSE_URL: server.url, ...env },
    });

  before(async () => {
    server = await startServer(data);
    client = createClient({ url: server.url, database: "flamedb" });
  });
  after(async () => {
    await client?.close();
    await server?.stop();
    rmSync(data, { recursive: true, force: true });
  });

  test("applies idempotently and records its version", async () => {
    const first = await apply(["--wait", "5"]);
    assert.match(first.stdout, /at version 12: 12 files applied, 12 newly recorded/);
    const second = await apply();
    assert.match(second.stdout, /at version 12: 12 files applied, 0 newly recorded/);
    assert.deepEqual(await rows("SELECT max(version) AS v, count() AS n FROM schema_migrations FINAL"), [
      { v: 12, n: 12 },
    ]);
    const tables = await rows(
      "SELECT name FROM system.tables WHERE database = 'flamedb' AND engine != 'MaterializedView' ORDER BY name",
    );
    assert.deepEqual(
      tables.map((t) => t.name),
      [...PUBLIC_TABLES, "schema_migrations"].sort(),
    );
    const ttls = await rows(
      "SELECT name FROM system.tables WHERE database = 'flamedb' AND engine LIKE '%MergeTree' AND create_table_query NOT LIKE '% TTL %'",
    );
    assert.deepEqual(ttls, [{ name: "schema_migrations" }]);
  });

  test("fails clearly when the server refuses", async () => {
    await assert.rejects(apply([], { CLICKHOUSE_PASSWORD: "wrong" }), (error) => {
      assert.equal(error.code, 1);
      assert.match(error.stderr, /^apply-schema: 001_flamedb\.sql, statement 1 of 2:\nCode: 516\./);
      return true;
    });
  });

  test("fills the aggregated tables from one insert into samples", async () => {
    const now = Date.now();
    await client.insert({ table: "samples", values: sampleRows(now), format: "JSONEachRow" });
    for (const table of ["samples_1hour", "samples_1hour_all", "samples_1day", "samples_1day_all"]) {
      assert.deepEqual(
        await rows(
          `SELECT CallStackHash AS hash, sum(NumSamples) AS n FROM ${table} GROUP BY hash ORDER BY hash`,
        ),
        [
          { hash: 111, n: 5 },
          { hash: 222, n: 3 },
        ],
        table,
      );
    }
    assert.deepEqual(
      await rows(
        "SELECT HostName, ContainerName, NumSamples, HostNameHash = xxHash32(HostName) AS hashed FROM samples_1min",
      ),
      [{ HostName: "h1", ContainerName: "c1", NumSamples: 5, hashed: 1 }],
    );
  });

  test("adds nothing when an insert repeats its deduplication token", async () => {
    const insert = (token, numSamples) =>
      client.insert({
        table: "samples",
        values: sampleRows(Date.now() - 3_600_000, numSamples),
        format: "JSONEachRow",
        clickhouse_settings: { insert_deduplication_token: token },
      });
    const totals = async () =>
      (
        await rows(
          "SELECT (SELECT count() FROM samples) AS raw, (SELECT sum(NumSamples) FROM samples_1hour_all) AS hour, (SELECT sum(NumSamples) FROM samples_1min) AS minute",
        )
      )[0];
    const before = await totals();
    await insert("file-a", 7);
    const once = await totals();
    assert.deepEqual(once, { raw: before.raw + 2, hour: before.hour + 10, minute: before.minute + 7 });
    await insert("file-a", 7);
    await insert("file-a", 9); // the token decides, not the content
    assert.deepEqual(await totals(), once);
    await insert("file-b", 7);
    assert.deepEqual(await totals(), { raw: once.raw + 2, hour: once.hour + 10, minute: once.minute + 7 });
  });

  test("stores agent logs", async () => {
    const log = {
      ServiceName: "svc",
      HostName: "h1",
      RunId: "run-1",
      Severity: 3,
      Timestamp: `${utc(Date.now())}.250`,
      Message: "it's",
      Extra: '{"k":1}',
    };
    await client.insert({
      table: "agent_logs",
      values: [log],
      format: "JSONEachRow",
      clickhouse_settings: { insert_deduplication_token: "logs-1" },
    });
    await client.insert({
      table: "agent_logs",
      values: [log],
      format: "JSONEachRow",
      clickhouse_settings: { insert_deduplication_token: "logs-1" },
    });
    const stored = await rows(
      "SELECT Message, Extra, toUnixTimestamp64Milli(Timestamp) % 1000 AS ms, InsertionTimestamp > 0 AS stamped FROM agent_logs",
    );
    assert.deepEqual(stored, [{ Message: "it's", Extra: '{"k":1}', ms: 250, stamped: 1 }]);
  });

  test("cluster schema parses and matches the single-node one", async () => {
    const files = readdirSync(CLUSTER_DIR)
      .filter((name) => /^\d+_.*\.sql$/.test(name))
      .sort();
    assert.deepEqual(
      files,
      readdirSync(join(REPO_ROOT, "clickhouse/schema"))
        .filter((name) => name.endsWith(".sql"))
        .sort(),
    );
    const statements = files.flatMap((name) =>
      splitStatements(readFileSync(join(CLUSTER_DIR, name), "utf8")),
    );
    for (const sql of statements) {
      assert.match(sql, /ON CLUSTER '\{cluster\}'/);
      await rows("SELECT formatQuery({sql:String}) AS q", { sql }); // parses, as the server would
      await client.command({ query: localizeClusterSql(sql) });
    }
    const columns = (database, table) =>
      rows(
        "SELECT name, type, default_kind, default_expression, compression_codec FROM system.columns WHERE database = {d:String} AND table = {t:String} ORDER BY position",
        { d: database, t: table },
      );
    const storage = (database, table) =>
      rows(
        "SELECT sorting_key, partition_key, extract(create_table_query, 'TTL [^\\n]+? SETTINGS') AS ttl FROM system.tables WHERE database = {d:String} AND name = {t:String}",
        { d: database, t: table },
      );
    for (const table of PUBLIC_TABLES) {
      assert.deepEqual(
        await columns("flamedb_cluster", table),
        await columns("flamedb", table),
        `columns of ${table}`,
      );
      assert.deepEqual(
        await storage("flamedb_cluster", CLUSTER_STORAGE[table]),
        await storage("flamedb", table),
        `storage of ${table}`,
      );
    }
    await client.insert({
      table: "flamedb_cluster.samples_local",
      values: sampleRows(Date.now()),
      format: "JSONEachRow",
    });
    for (const table of [
      "samples_1hour",
      "samples_1hour_all",
      "samples_1day",
      "samples_1day_all",
      "samples_1min",
    ]) {
      assert.deepEqual(
        await rows(`SELECT sum(NumSamples) AS n FROM flamedb_cluster.${table}`),
        [{ n: table === "samples_1min" ? 5 : 8 }],
        table,
      );
    }
  });
});
