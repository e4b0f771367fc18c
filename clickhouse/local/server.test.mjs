// The local server's HTTP interface, through @clickhouse/client-web 1.23.1 and raw fetch.

import assert from "node:assert/strict";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, describe, test } from "node:test";
import { gzipSync } from "node:zlib";
import { ClickHouseError, createClient, startServer } from "./harness.mjs";

const HOSTILE = "x' OR 1=1 --";

describe("local ClickHouse server", () => {
  const data = mkdtempSync(join(tmpdir(), "ch-server-test-"));
  let server;
  let client;
  const sql = async (query, init = {}) => {
    const url = new URL(server.url);
    for (const [name, value] of Object.entries(init.search ?? {})) url.searchParams.set(name, value);
    return fetch(url, { method: "POST", body: query, ...init });
  };
  const rows = async (query, options = {}) =>
    (await client.query({ query, format: "JSONEachRow", ...options })).json();

  before(async () => {
    server = await startServer(data);
    client = createClient({ url: server.url });
  });
  after(async () => {
    await client?.close();
    await server?.stop();
    rmSync(data, { recursive: true, force: true });
  });

  test("answers pings", async () => {
    for (const path of ["/ping", "/", "/replicas_status"]) {
      const response = await fetch(new URL(path, server.url));
      assert.equal(response.status, 200);
      assert.equal(await response.text(), "Ok.\n");
    }
    assert.deepEqual(await client.ping(), { success: true });
  });

  test("creates, inserts and selects JSONEachRow", async () => {
    await client.command({
      query:
        "CREATE TABLE events (id UInt32, name String, at DateTime64(3, 'UTC')) ENGINE = MergeTree ORDER BY id",
    });
    const inserted = await client.insert({
      table: "events",
      values: [
        { id: 1, name: "a", at: "2024-05-01 10:00:00.123" },
        { id: 2, name: "b", at: "2024-05-01 10:00:01.000" },
      ],
      format: "JSONEachRow",
    });
    assert.equal(JSON.parse(inserted.response_headers["x-clickhouse-summary"]).written_rows, "2");
    await client.insert({
      table: "events",
      columns: ["id", "name"],
      values: [[3, "c"]],
      format: "JSONCompactEachRow",
    });
    assert.deepEqual(await rows("SELECT id, name FROM events ORDER BY id"), [
      { id: 1, name: "a" },
      { id: 2, name: "b" },
      { id: 3, name: "c" },
    ]);
    const response = await sql("SELECT id FROM events ORDER BY id", {
      search: { default_format: "JSONCompactEachRow", query_id: "q-42" },
    });
    assert.equal(await response.text(), "[1]\n[2]\n[3]\n");
    assert.equal(response.headers.get("x-clickhouse-query-id"), "q-42");
    assert.equal(response.headers.get("x-clickhouse-format"), "JSONCompactEachRow");
    assert.equal(response.headers.get("x-clickhouse-timezone"), "Etc/UTC");
    assert.equal(JSON.parse(response.headers.get("x-clickhouse-summary")).read_rows, "3");
  });

  test("binds query_params as data, never as SQL", async () => {
    await client.command({
      query: "CREATE TABLE notes (s String, tags Array(String)) ENGINE = MergeTree ORDER BY s",
    });
    const tricky = `${HOSTILE}\ttab\nline\\backslash`;
    await client.command({
      query: "INSERT INTO notes VALUES ({s:String}, {tags:Array(String)})",
      query_params: { s: tricky, tags: [HOSTILE, "it's"] },
    });
    await client.insert({ table: "notes", values: [{ s: "other", tags: [] }], format: "JSONEachRow" });
    const matched = await rows("SELECT s, tags FROM notes WHERE s = {s:String}", {
      query_params: { s: tricky },
    });
    assert.deepEqual(matched, [{ s: tricky, tags: [HOSTILE, "it's"] }]);
    const multipart = await rows("SELECT s FROM notes WHERE s = {s:String}", {
      query_params: { s: tricky },
      use_multipart_params: true,
    });
    assert.deepEqual(multipart, [{ s: tricky }]);
    assert.deepEqual(
      await rows("SELECT count() AS n FROM notes WHERE s = {s:String}", { query_params: { s: HOSTILE } }),
      [{ n: 0 }],
    );
    const raw = await sql("SELECT {s:String} AS s FORMAT JSONEachRow", {
      search: { param_s: "x\\' OR 1=1 --" },
    });
    assert.deepEqual(await raw.json(), { s: HOSTILE });
  });

  test("applies settings and the database to one request only", async () => {
    const [{ threads: initial }] = await rows("SELECT getSetting('max_threads') AS threads");
    const limited = await rows("SELECT getSetting('max_threads') AS threads", {
      clickhouse_settings: { max_threads: 7 },
    });
    assert.deepEqual(limited, [{ threads: 7 }]);
    assert.deepEqual(await rows("SELECT getSetting('max_threads') AS threads"), [{ threads: initial }]);
    // A SET or USE statement of its own lasts for its request only, as over HTTP without a session.
    await client.command({ query: "SET max_threads = 5" });
    await client.command({ query: "USE system" });
    assert.deepEqual(await rows("SELECT getSetting('max_threads') AS threads, currentDatabase() AS db"), [
      { threads: initial, db: "default" },
    ]);

    await client.command({ query: "CREATE DATABASE IF NOT EXISTS other" });
    await client.command({ query: "CREATE TABLE other.only_here (x UInt8) ENGINE = Memory" });
    const otherClient = createClient({ url: server.url, database: "other" });
    assert.deepEqual(
      await (
        await otherClient.query({
          query: "SELECT currentDatabase() AS db, count() AS n FROM only_here",
          format: "JSONEachRow",
        })
      ).json(),
      [{ db: "other", n: 0 }],
    );
    await otherClient.insert({ table: "only_here", values: [{ x: 1 }], format: "JSONEachRow" });
    await otherClient.close();
    assert.deepEqual(await rows("SELECT currentDatabase() AS db, count() AS n FROM other.only_here"), [
      { db: "default", n: 1 },
    ]);
    await assert.rejects(rows("SELECT * FROM only_here"), { code: "60" });
  });

  test("decompresses gzip request bodies and gzips responses on request", async () => {
    const body = gzipSync('{"id":10,"name":"zipped"}\n');
    const insert = await sql(body, {
      search: { query: "INSERT INTO events (id, name) FORMAT JSONEachRow" },
      headers: { "content-encoding": "gzip" },
    });
    assert.equal(insert.status, 200, await insert.text());
    const query = gzipSync("SELECT name FROM events WHERE id = 10");
    const response = await sql(query, {
      search: { enable_http_compression: "1" },
      headers: { "content-encoding": "gzip", "accept-encoding": "gzip" },
    });
    assert.equal(response.headers.get("content-encoding"), "gzip");
    assert.equal(await response.text(), "zipped\n"); // fetch undoes the gzip
    const zipped = createClient({ url: server.url, compression: { response: true } });
    assert.deepEqual(
      await (
        await zipped.query({ query: "SELECT name FROM events WHERE id = 10", format: "JSONEachRow" })
      ).json(),
      [{ name: "zipped" }],
    );
    await zipped.close();
  });

  test("rejects wrong credentials with 401 and code 516", async () => {
    const response = await sql("SELECT 1", { headers: { authorization: `Basic ${btoa("default:wrong")}` } });
    assert.equal(response.status, 401);
    assert.equal(response.headers.get("x-clickhouse-exception-code"), "516");
    assert.match(await response.text(), /^Code: 516\. DB::Exception: .*\(AUTHENTICATION_FAILED\) \(version /);
    const headerAuth = await sql("SELECT 1", {
      headers: { "x-clickhouse-user": "nobody", "x-clickhouse-key": "" },
    });
    assert.equal(headerAuth.status, 401);
    const paramAuth = await sql("SELECT 1", { search: { user: "default", password: "x" } });
    assert.equal(paramAuth.status, 401);
    const wrong = createClient({ url: server.url, password: "wrong" });
    await assert.rejects(
      wrong.query({ query: "SELECT 1" }),
      (error) => error instanceof ClickHouseError && error.code === "516",
    );
    await wrong.close();
  });

  test("reports errors the way client-web parses them", async () => {
    await assert.rejects(client.query({ query: "SELECT * FROM no_such_table" }), (error) => {
      assert.ok(error instanceof ClickHouseError, String(error));
      assert.equal(error.code, "60");
      assert.equal(error.type, "UNKNOWN_TABLE");
      return true;
    });
    const syntax = await sql("SELEC 1");
    assert.equal(syntax.status, 400);
    assert.equal(syntax.headers.get("x-clickhouse-exception-code"), "62");
    const missing = await sql("SELECT * FROM no_such_table");
    assert.equal(missing.status, 404);
    assert.match(await missing.text(), /^Code: 60\. DB::Exception: .* \(UNKNOWN_TABLE\) \(version \d+\.\d+/);
    const chained = await sql("SELECT 1; SET max_threads = 1");
    assert.equal(chained.headers.get("x-clickhouse-exception-code"), "62");
    const viaGet = await fetch(
      new URL(`/?query=${encodeURIComponent("CREATE TABLE nope (x UInt8) ENGINE = Memory")}`, server.url),
    );
    assert.equal(viaGet.status, 403);
    assert.equal(viaGet.headers.get("x-clickhouse-exception-code"), "164");
  });

  test("serves 20 parallel queries, each with its own settings and params", async () => {
    const results = await Promise.all(
      Array.from({ length: 20 }, (_, i) =>
        rows(
          "SELECT {i:UInt32} AS i, getSetting('max_block_size') AS block, count() AS n FROM numbers(100000)",
          {
            query_params: { i },
            clickhouse_settings: { max_block_size: String(1000 + i) },
          },
        ),
      ),
    );
    results.forEach((result, i) => assert.deepEqual(result, [{ i, block: 1000 + i, n: 100000 }]));
  });

  test("keeps data across a restart and locks its data directory", async () => {
    const second = await startServer(data).then(
      (extra) => (extra.stop(), assert.fail("a second server opened the same data directory")),
      (error) => error,
    );
    assert.equal(second.code, 1);
    assert.match(second.output, /cannot open/);

    await client.close();
    assert.equal(await server.stop(), 0);
    server = await startServer(data);
    client = createClient({ url: server.url });
    assert.deepEqual(await rows("SELECT count() AS n FROM events"), [{ n: 4 }]);
  });
});
