// `npm run retention -- --days N [--raw N] [--hourly N] [--daily N] [--logs N] [--cluster] [--show]`:
// sets how long ClickHouse keeps each table family, as the TTL of every table in it, and prints the
// TTLs as ClickHouse reports them. `--days` sets every family; the named flags override one family.
import { clickhouseConnection, clickhouseQuery } from "./lib/clickhouse-http.mjs";

/** Table families and each table's TTL expression; only these names ever reach the SQL. */
export const FAMILIES = {
  raw: { samples: "Timestamp", metrics: "Timestamp", samples_1min: "Timestamp", html_reports: "Timestamp" },
  hourly: { samples_1hour: "Timestamp", samples_1hour_all: "Timestamp" },
  daily: { samples_1day: "Timestamp", samples_1day_all: "Timestamp" },
  logs: { agent_logs: "toDateTime(Timestamp)" },
};

/** In cluster mode the data lives in the per-shard tables behind the Distributed ones (clickhouse/cluster/). */
const clusterTable = (table) =>
  ["samples_1hour", "samples_1hour_all", "samples_1day", "samples_1day_all"].includes(table)
    ? `${table}_local_store`
    : `${table}_local`;

export function parseRetentionArgs(argv) {
  const days = {};
  let cluster = false;
  let show = false;
  for (let i = 0; i < argv.length; i++) {
    const flag = argv[i];
    if (flag === "--cluster") cluster = true;
    else if (flag === "--show") show = true;
    else if (flag === "--days" || Object.hasOwn(FAMILIES, flag.slice(2))) {
      const value = argv[++i];
      if (!/^\d+$/.test(value ?? "") || Number(value) < 1 || Number(value) > 3650) {
        throw new Error(`${flag} takes a whole number of days from 1 to 3650`);
      }
      if (flag === "--days") for (const family of Object.keys(FAMILIES)) days[family] ??= Number(value);
      else days[flag.slice(2)] = Number(value);
    } else throw new Error(`unknown argument ${flag}`);
  }
  // --days fills only the families not named explicitly, whatever the order of the flags.
  return { days, cluster, show };
}

export async function applyRetention(connection, { days, cluster = false }) {
  for (const [family, n] of Object.entries(days)) {
    for (const [table, column] of Object.entries(FAMILIES[family])) {
      const target = cluster ? `flamedb.${clusterTable(table)} ON CLUSTER '{cluster}'` : `flamedb.${table}`;
      // `n` is a validated integer: DDL takes no query parameters.
      await clickhouseQuery(connection, `ALTER TABLE ${target} MODIFY TTL ${column} + INTERVAL ${Number(n)} DAY`);
    }
  }
}

/** Each table's TTL in days, read back from ClickHouse. */
export async function readRetention(connection) {
  const rows = await clickhouseQuery(
    connection,
    "SELECT name, create_table_query FROM system.tables WHERE database = 'flamedb' AND engine LIKE '%MergeTree'",
  );
  const ttls = rows.map(({ name, create_table_query }) => [name, / TTL .*?toIntervalDay\((\d+)\)/.exec(create_table_query)?.[1]]);
  return Object.fromEntries(ttls.filter(([, days]) => days).map(([name, days]) => [name, Number(days)]));
}

if (import.meta.url === `file://${process.argv[1]}`) {
  try {
    const { days, cluster, show } = parseRetentionArgs(process.argv.slice(2));
    if (!show && !Object.keys(days).length) throw new Error("usage: npm run retention -- --days N [--raw N] [--hourly N] [--daily N] [--logs N] [--cluster] [--show]");
    const connection = clickhouseConnection();
    await applyRetention(connection, { days, cluster });
    for (const [table, ttl] of Object.entries(await readRetention(connection))) console.log(`${table.padEnd(28)} ${ttl} days`);
  } catch (e) {
    console.error(`retention: ${e.message}`);
    process.exit(1);
  }
}
