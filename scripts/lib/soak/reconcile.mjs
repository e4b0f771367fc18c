// What ClickHouse holds of the soak's uploads. An upload's R2 key is
// products/<service>/stacks/<start>_<uuid>_<md5(hostname)>.gz and its rows carry HostName and
// Timestamp = <start>; each agent has its own hostname and never reuses a start second, so the rows of
// one object key are exactly the rows of one (HostName, Timestamp). The metrics row is the profile's last
// insert: once it is there, the profile is queryable.
import { createHash } from "node:crypto";
import { loadavg } from "node:os";
import { listProfileKeys } from "../../reindex.mjs";
import { clickhouseQuery } from "../clickhouse-http.mjs";
import { sleep } from "./load.mjs";

const identity = (row) => `${row.host} ${row.start}`;
/** Accepted before a kill of `wrangler dev`: unless indexed by then, its message died with the local Queue. */
const queuedAtKill = (upload, kills) => kills.some((at) => upload.acceptedAt <= at);

/** (hostname, start) of every profile of this run that is queryable now. */
export async function queryable(clickhouseUrl, runId) {
  const rows = await clickhouseQuery(
    { url: clickhouseUrl },
    `SELECT HostName AS host, toUnixTimestamp(Timestamp) AS start FROM flamedb.metrics
     WHERE startsWith(HostName, {prefix:String})`,
    { prefix: `soak-${runId}-` },
  );
  return new Set(rows.map(identity));
}

/**
 * Samples, every `everyMs`, the backlog (accepted uploads not yet queryable: what sits in the Queue or
 * the indexer), each upload's lag from its 200 to its rows being queryable (resolution `everyMs`), and
 * the machine's 1-minute load average (the cores are shared: the figures mean little without it).
 */
export function startMonitor({ clickhouseUrl, runId, stats, began, everyMs = 2000 }) {
  const depth = [];
  const lags = [];
  const loadAverages = [];
  const seen = new Set();
  let running = true;
  const loop = (async () => {
    while (running) {
      const now = Date.now();
      loadAverages.push(loadavg()[0]);
      const ready = await queryable(clickhouseUrl, runId).catch(() => null); // ClickHouse may be the fault
      if (ready) {
        for (const [id, upload] of stats.accepted) {
          if (!seen.has(id) && ready.has(id)) {
            seen.add(id);
            lags.push(now - upload.acceptedAt);
          }
        }
        depth.push({ second: Math.round((now - began) / 1000), backlog: stats.accepted.size - seen.size });
      }
      await sleep(everyMs);
    }
  })();
  return {
    depth,
    lags,
    loadAverages,
    async stop() {
      running = false;
      await loop;
    },
  };
}

/**
 * Waits until every accepted upload (or the identities `only`) is queryable, or `timeoutMs` passed;
 * returns the ms it took. Uploads that sat in the local Queue when wrangler was killed are left to the
 * reconcile.
 */
export async function drain({ clickhouseUrl, runId, stats, timeoutMs, wranglerKills = [], only }) {
  const began = Date.now();
  const expected = only ?? [...stats.accepted].filter(([, upload]) => !queuedAtKill(upload, wranglerKills)).map(([id]) => id);
  while (Date.now() - began < timeoutMs) {
    const ready = await queryable(clickhouseUrl, runId).catch(() => new Set());
    if (expected.every((id) => ready.has(id))) return Date.now() - began;
    await sleep(1000);
  }
  return null;
}

/**
 * Every accepted upload's rows exactly once: lost = accepted with fewer rows than its profile makes (or
 * none), duplicated = more rows or a second metrics row; and no rows for an upload that was refused.
 * One loss is told apart: miniflare keeps the local Queue's messages in memory, so killing `wrangler dev`
 * drops every message not yet acked (the backlog, those waiting for a retry, and the batch being indexed,
 * which may have written its samples but not its metrics row); Cloudflare Queues persist them. An upload
 * accepted before a kill, without its metrics row, whose object is in R2, is `droppedByLocalQueue`, not
 * `lost` (run.mjs re-enqueues those and reconciles again).
 */
export async function reconcile({ clickhouseUrl, runId, stats, stored = new Map(), wranglerKills = [] }) {
  const params = { prefix: `soak-${runId}-` };
  const perKey = async (table) =>
    new Map(
      (
        await clickhouseQuery(
          { url: clickhouseUrl },
          `SELECT HostName AS host, toUnixTimestamp(Timestamp) AS start, count() AS n FROM flamedb.${table}
           WHERE startsWith(HostName, {prefix:String}) GROUP BY host, start`,
          params,
        )
      ).map((row) => [identity(row), Number(row.n)]),
    );
  const samples = await perKey("samples");
  const metrics = await perKey("metrics");
  const result = { checked: stats.accepted.size, lost: [], duplicated: [], droppedByLocalQueue: [], indexedThoughRefused: [], unknown: [] };
  for (const [id, upload] of stats.accepted) {
    const rows = samples.get(id) ?? 0;
    const metricRows = metrics.get(id) ?? 0;
    // no metrics row (the last insert) yet: not indexed, or cut off mid-way, samples written, by the kill
    if (metricRows === 0 && rows <= upload.rows && queuedAtKill(upload, wranglerKills) && stored.has(id)) result.droppedByLocalQueue.push(id);
    else if (rows < upload.rows || metricRows < 1) result.lost.push({ id, rows, expected: upload.rows });
    else if (rows > upload.rows || metricRows > 1) result.duplicated.push({ id, rows, expected: upload.rows, metricRows });
  }
  for (const id of samples.keys()) {
    if (stats.accepted.has(id)) continue;
    if (stats.refused.has(id)) result.indexedThoughRefused.push(id);
    else result.unknown.push(id);
  }
  return result;
}

/**
 * The R2 object keys the stack holds for this run, by `hostname start` identity (the key's
 * `<start>_<uuid>_<md5(hostname)>.gz`), read from the persisted local bucket while the stack runs.
 * @returns {Promise<Map<string, string>>} identity → object key
 */
export async function storedObjects({ stack, runId, stats }) {
  const keys = await listProfileKeys({ stack, since: new Date(0), until: new Date("9999-12-31T23:59:59Z") });
  const byHash = new Map([...stats.accepted.values()].map((u) => [md5(u.hostname), u.hostname]));
  const found = new Map();
  for (const key of keys) {
    if (!key.startsWith(`products/soak-${runId}-`)) continue;
    const [, start, hash] = /\/stacks\/([\dT:-]+)_\w+_(\w+)\.gz$/.exec(key) ?? [];
    if (start && byHash.has(hash)) found.set(`${byHash.get(hash)} ${Date.parse(`${start}Z`) / 1000}`, key);
  }
  return found;
}

const md5 = (text) => createHash("md5").update(text).digest("hex");
