// `npm run reindex -- --since <ISO time> [--until <ISO time>] [--service NAME] [--stack NAME] [--dry-run]`:
// sends the profiles a local stack holds in R2 for that time range back to the indexer, e.g. after
// ClickHouse lost data (a partition dropped, a server restored from an older backup) or a message was lost.
// A profile's time is its start (the R2 key's `<start>_…` and its rows' Timestamp), UTC; the range is
// [since, until). Each profile goes through the indexer's POST /reindex (docs/indexer.md), which checks the
// object exists and queues it on profiles-index: the indexer's insert tokens keep rows already in ClickHouse
// from being written twice, and rows that are gone are written again.
//
// Like `npm run dead-letters`, it works on a running local stack (`npm start` is stack "dev"): the bucket
// is read from the stack's persisted state, the indexer reached through wrangler's dev registry, and the
// services' ids read from the stack's Postgres (STUDIO_POSTGRES_URL or DATABASE_URL, else the local one).
import { join } from "node:path";
import postgres from "postgres";
import { call, withIndexer } from "./lib/indexer-dead-letters.mjs";
import { ROOT } from "./lib/setup.mjs";

const USAGE = "usage: npm run reindex -- --since <ISO time> [--until <ISO time>] [--service NAME] [--stack NAME] [--dry-run]";
/** The indexer's POST /reindex takes at most this many messages a call. */
const CHUNK = 100;
const KEY = /^products\/([^/]+)\/stacks\/([^/]+)$/;

/**
 * @typedef {{ since: Date, until: Date, service?: string, stack: string, dryRun: boolean }} ReindexOptions
 * @typedef {{ keys: string[], sent: string[], notFound: string[], unknownServices: string[] }} ReindexResult
 */

/** @returns {ReindexOptions} the command line, or throws a message that says what is wrong */
export function parseReindexArgs(args, now = new Date()) {
  const options = { stack: "dev", dryRun: false, until: now };
  for (let i = 0; i < args.length; i++) {
    const flag = args[i];
    if (flag === "--dry-run") {
      options.dryRun = true;
      continue;
    }
    const value = args[++i];
    if (!["--since", "--until", "--service", "--stack"].includes(flag)) throw new Error(`unknown argument ${flag}\n${USAGE}`);
    if (value === undefined || value.startsWith("--")) throw new Error(`${flag} needs a value\n${USAGE}`);
    if (flag === "--since" || flag === "--until") options[flag.slice(2)] = isoTime(flag, value);
    else options[flag.slice(2)] = value;
  }
  if (!options.since) throw new Error(`--since is required\n${USAGE}`);
  if (options.until <= options.since) throw new Error(`--until (${options.until.toISOString()}) must be after --since (${options.since.toISOString()})`);
  if (options.service !== undefined && !/^[\w.-]+$/.test(options.service)) throw new Error(`--service: not a service name: ${options.service}`);
  if (!/^[\w-]+$/.test(options.stack)) throw new Error(`--stack: not a stack name: ${options.stack}`);
  return options;
}

/** An ISO 8601 date or time; without a zone it is UTC, as the profiles' keys are. */
function isoTime(flag, text) {
  const form = /^\d{4}-\d\d-\d\d(T\d\d:\d\d(:\d\d(\.\d+)?)?(Z|[+-]\d\d:\d\d)?)?$/.exec(text);
  const time = form && new Date(form[1] && !form[4] ? `${text}Z` : text);
  if (!time || Number.isNaN(time.getTime())) throw new Error(`${flag}: not an ISO time (e.g. 2026-11-25T10:00:00Z): ${text}`);
  return time;
}

/**
 * Reindexes the range, printing through `print`; with `dryRun` only lists what it would send.
 * @returns {Promise<ReindexResult>}
 */
export async function reindex(options, { postgresUrl = defaultPostgresUrl(options.stack), print = console.log } = {}) {
  const keys = await listProfileKeys(options);
  const result = { keys, sent: [], notFound: [], unknownServices: [] };
  const range = `${options.since.toISOString()} to ${options.until.toISOString()}${options.service ? `, service ${options.service}` : ""}`;
  if (options.dryRun) {
    for (const key of keys) print(`would re-enqueue ${key}`);
    print(`dry run: ${keys.length} profile(s) in R2 from ${range}; nothing sent`);
    return result;
  }
  Object.assign(result, await reindexKeys({ stack: options.stack, postgresUrl, keys }));
  for (const service of result.unknownServices) print(`skipped: service ${service} is not in Postgres (no service id)`);
  for (const key of result.notFound) print(`not found: ${key}`);
  print(`${result.sent.length} profile(s) re-enqueued onto profiles-index from ${range}; the indexer writes only what ClickHouse lacks`);
  return result;
}

/**
 * The R2 keys of the profiles whose start is in [since, until), oldest first per service, read from the
 * stack's persisted bucket. Keys sort by time within a service (`<YYYY-MM-DDTHH:MM:SS>_…`), so each
 * service's listing starts at `since` and stops at `until`.
 */
export async function listProfileKeys({ stack, since, until, service }) {
  const { getPlatformProxy } = await import("wrangler");
  const proxy = await getPlatformProxy({ configPath: join(ROOT, "wrangler.toml"), persist: { path: join(ROOT, ".data", stack, "wrangler", "v3") } });
  const bucket = proxy.env.PROFILES;
  const first = since.toISOString().slice(0, 19);
  const end = until.toISOString().slice(0, 19);
  const keys = [];
  try {
    const services = service ? [service] : await listAll(bucket, { prefix: "products/", delimiter: "/" }, (page) => page.delimitedPrefixes.map((p) => p.split("/")[1]));
    for (const name of services) {
      const prefix = `products/${name}/stacks/`;
      // every key at `since` sorts after this (`<since>_…`), every earlier one before it
      const inRange = await listAll(bucket, { prefix, startAfter: `${prefix}${first}` }, (page) => page.objects.map((o) => o.key), (key) => key.slice(prefix.length, prefix.length + 19) < end);
      keys.push(...inRange);
    }
  } finally {
    await proxy.dispose();
  }
  return keys;
}

/** Every item `pick` takes from the pages of a listing, while `more(item)` holds. */
async function listAll(bucket, options, pick, more = () => true) {
  const items = [];
  let cursor;
  do {
    const page = await bucket.list({ ...options, cursor });
    for (const item of pick(page)) {
      if (!more(item)) return items;
      items.push(item);
    }
    cursor = page.truncated ? page.cursor : undefined;
  } while (cursor);
  return items;
}

/**
 * Sends the profiles `keys` (R2 keys) to the stack's indexer, each as the message ingest wrote for it:
 * the key's service and filename, the service's id from Postgres. Also the soak's way back for messages
 * that died with the local Queue (docs/reliability.md).
 * @returns {Promise<Omit<ReindexResult, "keys">>}
 */
export async function reindexKeys({ stack, postgresUrl, keys }) {
  const result = { sent: [], notFound: [], unknownServices: [] };
  if (!keys.length) return result;
  const parts = keys.map((key) => {
    const [, service, filename] = KEY.exec(key) ?? [];
    if (!service) throw new Error(`not a profile's R2 key: ${key}`);
    return { service, filename };
  });
  const sql = postgres(postgresUrl, { onnotice: () => {} });
  let ids;
  try {
    const rows = await sql`SELECT id, name FROM services WHERE name = ANY(${[...new Set(parts.map((p) => p.service))]})`;
    ids = new Map(rows.map((row) => [row.name, Number(row.id)]));
  } finally {
    await sql.end();
  }
  result.unknownServices = [...new Set(parts.filter((p) => !ids.has(p.service)).map((p) => p.service))];
  const messages = parts.filter((p) => ids.has(p.service)).map((p) => ({ ...p, service_id: ids.get(p.service) }));
  await withIndexer(stack, async (indexer) => {
    for (let i = 0; i < messages.length; i += CHUNK) {
      const chunk = await call(indexer, "/reindex", { messages: messages.slice(i, i + CHUNK) });
      result.sent.push(...chunk.sent);
      result.notFound.push(...chunk.notFound);
    }
  });
  return result;
}

/** doctor's rule: the environment's database, else the local stack's (`studio_<stack>`). */
function defaultPostgresUrl(stack, env = process.env) {
  return env.STUDIO_POSTGRES_URL || env.DATABASE_URL || `postgres://studio:studio@127.0.0.1:5432/studio_${stack}`;
}

if (import.meta.url === `file://${process.argv[1]}`) {
  try {
    await reindex(parseReindexArgs(process.argv.slice(2)));
  } catch (error) {
    console.error(`reindex: ${error.message}`);
    process.exit(1);
  }
}
