#!/usr/bin/env node
// Applies the FlameDB schema over ClickHouse's HTTP interface, idempotently.
//
//   node clickhouse/apply-schema.mjs [--cluster] [--wait [SECONDS]]
//
//   --cluster   clickhouse/cluster/*.sql (ON CLUSTER '{cluster}') instead of clickhouse/schema/*.sql
//   --wait      first poll /ping for up to SECONDS (default 30)
//   CLICKHOUSE_URL (http://127.0.0.1:8123), CLICKHOUSE_USER (default), CLICKHOUSE_PASSWORD (empty)
//
// Files named NNN_*.sql run in numeric order, one statement per request; all are CREATE … IF NOT
// EXISTS, so every run applies them all. Each file's number is recorded in flamedb.schema_migrations
// the first time, which is what `doctor` compares with the newest file here. A file whose first line
// is `-- once` (an ALTER of existing tables, a backfill) runs only while its number is not recorded.

import { readdir, readFile } from "node:fs/promises";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { splitStatements } from "./sql-statements.mjs";

const HERE = dirname(fileURLToPath(import.meta.url));
const SCHEMA_FILE = /^(\d+)_[\w-]+\.sql$/;
const REQUEST_TIMEOUT_MS = 120_000;

function parseArgs(argv) {
  const options = { cluster: false, waitSeconds: 0 };
  for (let i = 0; i < argv.length; i++) {
    if (argv[i] === "--cluster") options.cluster = true;
    else if (argv[i] === "--wait") {
      const seconds = /^\d+$/.test(argv[i + 1] ?? "") ? Number(argv[++i]) : 30;
      options.waitSeconds = seconds;
    } else
      throw new Error(`unknown argument ${argv[i]} (usage: apply-schema.mjs [--cluster] [--wait [SECONDS]])`);
  }
  return options;
}

function connection() {
  const url = new URL(process.env.CLICKHOUSE_URL || "http://127.0.0.1:8123");
  const user = process.env.CLICKHOUSE_USER || "default";
  const password = process.env.CLICKHOUSE_PASSWORD ?? "";
  const authorization = `Basic ${Buffer.from(`${user}:${password}`).toString("base64")}`;
  return { url, authorization };
}

/** Runs one statement; throws with ClickHouse's error text. */
async function run({ url, authorization }, sql, params = {}) {
  const target = new URL(url);
  for (const [name, value] of Object.entries(params)) target.searchParams.set(`param_${name}`, String(value));
  const response = await fetch(target, {
    method: "POST",
    headers: { authorization },
    body: sql,
    signal: AbortSignal.timeout(REQUEST_TIMEOUT_MS),
  });
  const text = await response.text();
  if (!response.ok || response.headers.has("x-clickhouse-exception-code")) {
    throw new Error(text.trim() || `HTTP ${response.status}`);
  }
  return text;
}

async function waitForPing({ url }, seconds) {
  const deadline = Date.now() + seconds * 1000;
  for (;;) {
    try {
      const response = await fetch(new URL("/ping", url), { signal: AbortSignal.timeout(2000) });
      if (response.ok) return;
    } catch {
      // not listening yet
    }
    if (Date.now() >= deadline)
      throw new Error(`no answer from ${new URL("/ping", url)} within ${seconds} s`);
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
}

async function schemaFiles(dir) {
  const names = (await readdir(dir)).filter((name) => SCHEMA_FILE.test(name));
  const files = names.map((name) => ({
    name,
    version: Number(SCHEMA_FILE.exec(name)[1]),
    path: join(dir, name),
  }));
  return files.sort((a, b) => a.version - b.version);
}

async function main() {
  const options = parseArgs(process.argv.slice(2));
  const ch = connection();
  if (options.waitSeconds > 0) await waitForPing(ch, options.waitSeconds);

  const dir = join(HERE, options.cluster ? "cluster" : "schema");
  const files = await schemaFiles(dir);
  if (files.length === 0) throw new Error(`no NNN_*.sql files in ${dir}`);
  let recorded = 0;
  for (const file of files) {
    const text = await readFile(file.path, "utf8");
    const row = { version: file.version, name: file.name };
    const isKnown = async () =>
      Number(await run(ch, "SELECT count() FROM flamedb.schema_migrations WHERE version = {version:UInt32}", row)) > 0;
    if (/^-- once\b/.test(text) && (await isKnown())) continue;
    const statements = splitStatements(text);
    for (const [index, sql] of statements.entries()) {
      try {
        await run(ch, sql);
      } catch (error) {
        throw new Error(`${file.name}, statement ${index + 1} of ${statements.length}:\n${error.message}`);
      }
    }
    if (!(await isKnown())) {
      await run(
        ch,
        "INSERT INTO flamedb.schema_migrations (version, name) VALUES ({version:UInt32}, {name:String})",
        row,
      );
      recorded++;
    }
  }
  const version = files.at(-1).version;
  console.log(
    `schema ${options.cluster ? "cluster" : "single-node"} at version ${version}: ${files.length} files applied, ${recorded} newly recorded (${ch.url.origin})`,
  );
}

main().catch((error) => {
  const cause = error.cause ? ` (${error.cause.code ?? error.cause.message})` : "";
  console.error(`apply-schema: ${error.message}${cause}`);
  process.exit(1);
});
