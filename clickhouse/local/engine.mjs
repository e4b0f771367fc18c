// One embedded ClickHouse engine (chdb) per process, used by one request at a time.
//
// A chdb session is a single connection whose USE and SET state persists across queries, while over
// HTTP every request starts from the server defaults. So requests run through a promise queue, and
// before each one the session is moved to the request's database and settings; whatever the previous
// request changed is put back (toolchain.md §3.3).

import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import { Session } from "chdb";
import { firstKeyword } from "../sql-statements.mjs";

// The addon itself, not chdb's JS wrapper: queryBindAsync re-escapes every string parameter, but
// param_* values arrive over HTTP already in ClickHouse's escaped text form and must reach the engine
// verbatim (['it\'s'] for an Array(String) has no JS string that re-escapes to it). Likewise the raw
// insert wrapper rebuilds the INSERT from whitelisted parts, which cannot express what clients send
// (`(* EXCEPT (…))`, RowBinary). Pinned with chdb 3.4.0: QueryAsyncConnection(conn, sql, format,
// params?) binds {name:Type} placeholders in the engine; InsertRawAsyncConnection(conn, insertSql,
// data, countLines) hands the body to the engine's parser without copying.
const require = createRequire(import.meta.url);
const addon = require(join(dirname(require.resolve("chdb")), "dist/loader.js")).loadNative();

// CH_TRACE=1: each query's time waiting in the queue and running, with its first 200 characters, on
// stderr (where a page's time goes); CH_TRACE=full prints whole queries.
const TRACE = process.env.CH_TRACE;
const trace = (sql, waited, ran) =>
  console.error(
    `query waited ${Math.round(waited)} ms, ran ${Math.round(ran)} ms: ` +
      sql.replace(/\s+/g, " ").slice(0, TRACE === "full" ? undefined : 200),
  );

const quoteString = (value) => `'${value.replace(/[\\']/g, (c) => `\\${c}`)}'`;
const quoteIdentifier = (name) => `\`${name.replace(/[\\`]/g, (c) => `\\${c}`)}\``;

function summarize(result, written = false) {
  return {
    read_rows: String(result.rowsRead ?? 0),
    read_bytes: String(result.bytesRead ?? 0),
    written_rows: String(written ? result.rowsWritten : 0),
    written_bytes: String(written ? result.bytesWritten : 0),
    total_rows_to_read: String(result.rowsRead ?? 0),
    result_rows: "0",
    result_bytes: String(result.bytes?.length ?? 0),
    elapsed_ns: String(Math.round((result.elapsed ?? 0) * 1e9)),
  };
}

export class Engine {
  #session;
  #tail = Promise.resolve();
  #baseline; // settings chdb itself changes at start: name → value
  #database = "default";
  #applied = new Map(); // settings that differ from the baseline now: name → value

  static async open(path) {
    const engine = new Engine(new Session(path));
    const [info] = await engine.#rows(
      `SELECT version() AS version, timezone() AS timezone,
              (SELECT groupArray((name, value)) FROM system.settings WHERE changed) AS changed`,
    );
    engine.version = info.version;
    engine.timezone = info.timezone;
    engine.#baseline = new Map(info.changed);
    return engine;
  }

  constructor(session) {
    this.#session = session;
  }

  /** Runs one statement for a request; `body` is the raw result in `format`. */
  query({ sql, format, params, database, settings }) {
    const asked = performance.now();
    return this.#serialize(async () => {
      const started = performance.now();
      await this.#prepare(database, settings);
      try {
        const hasParams = Object.keys(params).length > 0;
        const result = await addon.QueryAsyncConnection(
          this.#connection(),
          sql,
          format,
          ...(hasParams ? [params] : []),
        );
        return { body: Buffer.from(result.bytes), summary: summarize(result) };
      } finally {
        if (["SET", "USE"].includes(firstKeyword(sql))) await this.#resync();
        if (TRACE) trace(sql, started - asked, performance.now() - started);
      }
    });
  }

  /** Runs `INSERT … FORMAT X` (sent as is) with `data` as its input, parsed by the engine. */
  insert({ sql, data, database, settings }) {
    return this.#serialize(async () => {
      await this.#prepare(database, settings);
      const result = await addon.InsertRawAsyncConnection(this.#connection(), sql, data, false);
      return { body: Buffer.alloc(0), summary: summarize(result, true) };
    });
  }

  /** Waits for the queued requests, then releases the engine (and its data-directory lock). */
  async close() {
    await this.#serialize(() => this.#session.close());
  }

  #serialize(job) {
    const run = this.#tail.then(job);
    this.#tail = run.catch(() => {});
    return run;
  }

  #connection() {
    if (!this.#session.connection) throw new Error("the ClickHouse engine is closed");
    return this.#session.connection;
  }

  async #rows(sql) {
    const result = await addon.QueryAsyncConnection(this.#connection(), sql, "JSONEachRow");
    return Buffer.from(result.bytes)
      .toString("utf8")
      .split("\n")
      .filter(Boolean)
      .map((line) => JSON.parse(line));
  }

  /** Moves the session to the request's database and settings, undoing the previous request's. */
  async #prepare(database, settings) {
    const statements = [];
    if (database !== this.#database) statements.push(`USE ${quoteIdentifier(database)}`);
    const changes = [];
    for (const name of this.#applied.keys()) {
      if (settings.has(name)) continue;
      changes.push(
        this.#baseline.has(name) ? `${name} = ${quoteString(this.#baseline.get(name))}` : `${name} = DEFAULT`,
      );
    }
    for (const [name, value] of settings) {
      if (this.#applied.get(name) !== value) changes.push(`${name} = ${quoteString(value)}`);
    }
    if (changes.length > 0) statements.push(`SET ${changes.join(", ")}`);
    if (statements.length === 0) return;
    try {
      await addon.QueryAsyncConnection(this.#connection(), statements.join("; "), "TabSeparated");
      this.#database = database;
      this.#applied = new Map(settings);
    } catch (error) {
      await this.#resync();
      throw error;
    }
  }

  /** Reads the session's real database and settings back after a statement that may change them. */
  async #resync() {
    const [state] = await this.#rows(
      `SELECT currentDatabase() AS database,
              (SELECT groupArray((name, value)) FROM system.settings WHERE changed) AS changed`,
    );
    this.#database = state.database;
    this.#applied = new Map(state.changed.filter(([name, value]) => this.#baseline.get(name) !== value));
  }
}
