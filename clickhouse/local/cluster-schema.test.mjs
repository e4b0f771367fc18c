// The cluster schema (clickhouse/cluster/) applied with its real engines: ReplicatedMergeTree and friends
// with their {installation}/{cluster}/{shard}/{replica} macros, and Distributed tables over a configured
// cluster. The engine gets what a cluster node has: macros, remote_servers and a ZooKeeper (ClickHouse's
// in-memory test keeper). What one embedded engine cannot do is run the DDL ON CLUSTER (the clause is
// dropped here; a real cluster runs it through its DDL queue) or move rows through the keeper, so the
// data path is tested by schema.test.mjs on plain engines. docs/scaling.md has the real cluster steps.

import assert from "node:assert/strict";
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, test } from "node:test";
import { Session } from "chdb";
import { splitStatements } from "../sql-statements.mjs";
import { REPO_ROOT } from "./harness.mjs";

const CLUSTER_DIR = join(REPO_ROOT, "clickhouse/cluster");
// A one-shard, one-replica cluster named as the macros say; tcp_port makes the replica this node.
const NODE_CONFIG = `<clickhouse>
  <tcp_port>29000</tcp_port>
  <macros><installation>studio</installation><cluster>studio</cluster><shard>01</shard><replica>node-1</replica></macros>
  <zookeeper><implementation>testkeeper</implementation></zookeeper>
  <remote_servers><studio><shard><internal_replication>true</internal_replication>
    <replica><host>localhost</host><port>29000</port></replica>
  </shard></studio></remote_servers>
</clickhouse>`;

const dir = mkdtempSync(join(tmpdir(), "ch-cluster-test-"));
writeFileSync(join(dir, "node.xml"), NODE_CONFIG);
const session = new Session(join(dir, "data"), { connectionArgs: [`--config-file=${join(dir, "node.xml")}`] });
after(() => {
  // Replicated tables stop their keeper threads when dropped; closing the engine with them live aborts.
  session.query("DROP DATABASE IF EXISTS flamedb SYNC");
  session.close();
  rmSync(dir, { recursive: true, force: true });
});
const withoutComments = (sql) => sql.replace(/^(\s|--[^\n]*\n)+/, "");
const quote = (text) => `'${text.replace(/[\\']/g, (c) => `\\${c}`)}'`;
const rows = (sql) => JSON.parse(`[${String(session.query(sql, "JSONEachRow")).trim().split("\n").filter(Boolean).join(",")}]`);

test("every cluster DDL statement is accepted by the real replicated and distributed engines", () => {
  const files = readdirSync(CLUSTER_DIR).filter((name) => /^\d+_.*\.sql$/.test(name)).sort();
  for (const file of files) {
    for (const sql of splitStatements(readFileSync(join(CLUSTER_DIR, file), "utf8"))) {
      assert.match(sql, / ON CLUSTER '\{cluster\}'/, file);
      try {
        // Replicated tables stay read-only in the embedded engine (their replicas never start), so an
        // ALTER is only parsed here; schema.test.mjs runs it on the plain engines.
        if (/^ALTER\b/.test(withoutComments(sql))) session.query(`SELECT formatQuery(${quote(sql)})`);
        else session.query(sql.replaceAll(" ON CLUSTER '{cluster}'", ""));
      } catch (e) {
        assert.fail(`${file}: ${e.message}\n${sql}`);
      }
    }
  }

  const tables = rows("SELECT name, engine, engine_full FROM system.tables WHERE database = 'flamedb' ORDER BY name");
  const byName = Object.fromEntries(tables.map((t) => [t.name, t]));
  const storage = tables.filter((t) => /_local(_store)?$/.test(t.name) && !t.engine.includes("View"));
  assert.ok(storage.length >= 9, `per-shard storage tables: ${storage.map((t) => t.name)}`);
  for (const t of storage) assert.match(t.engine, /^Replicated\w*MergeTree$/, t.name);
  assert.match(byName.schema_migrations.engine, /^ReplicatedReplacingMergeTree$/);
  for (const name of ["samples", "metrics", "samples_1hour", "samples_1hour_all", "samples_1day", "samples_1day_all", "samples_1min", "agent_logs", "indexer_drops", "html_reports"]) {
    assert.equal(byName[name]?.engine, "Distributed", name);
  }

  // The macros expanded into per-shard ZooKeeper paths (schema_migrations is on every shard: "all").
  const replicas = rows("SELECT table, zookeeper_path, replica_name FROM system.replicas WHERE database = 'flamedb'");
  const path = Object.fromEntries(replicas.map((r) => [r.table, r.zookeeper_path]));
  assert.equal(path.samples_local, "/clickhouse/studio/studio/tables/01/flamedb/samples_local");
  assert.equal(path.schema_migrations, "/clickhouse/studio/studio/tables/all/flamedb/schema_migrations");
  assert.ok(replicas.every((r) => r.replica_name === "node-1"));
});
