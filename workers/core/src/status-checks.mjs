// The studio's health checks as verdicts: what a probe found → ok / warn / fail, with the fix. Pure (no
// I/O, `now` passed in) and plain JavaScript, so the api Worker's `GET /api/admin/status` (bundled) and
// `npm run doctor` (Node, no build step) judge by the very same rules.

/**
 * @typedef {"ok" | "warn" | "fail"} Level
 * @typedef {{ id: string, label: string, level: Level, detail: string, fix?: string }} Check
 * @typedef {{ tag: string, when: number }} JournalEntry  drizzle-kit's migrations/sql/meta/_journal.json
 */

/** The newest file of clickhouse/schema/ and clickhouse/cluster/ (a core test keeps them equal). */
export const FLAMEDB_SCHEMA_VERSION = 12;

/** Clock differences above these break time windows (services "with data", flamegraph ranges, TTLs). */
export const CLOCK_WARN_MS = 5_000;
export const CLOCK_FAIL_MS = 60_000;
/** Queue messages older than these: the indexer is behind, or not consuming at all. */
export const BACKLOG_WARN_MS = 5 * 60_000;
export const BACKLOG_FAIL_MS = 30 * 60_000;
/** An agent seen this recently whose newest indexed profile is older than INDEX_LAG_WARN_MS is stuck. */
export const AGENT_ACTIVE_MS = 10 * 60_000;
export const INDEX_LAG_WARN_MS = 15 * 60_000;

const LEVELS = /** @type {const} */ (["ok", "warn", "fail"]);

/**
 * @param {Check[]} checks
 * @returns {Level} the worst level ("ok" for none)
 */
export function worstLevel(checks) {
  return LEVELS[Math.max(0, ...checks.map((c) => LEVELS.indexOf(c.level)))];
}

/**
 * @param {string} id
 * @param {string} label
 * @param {Level} level
 * @param {string} detail
 * @param {string} [fix]
 * @returns {Check}
 */
export function check(id, label, level, detail, fix) {
  return fix && level !== "ok" ? { id, label, level, detail, fix } : { id, label, level, detail };
}

/**
 * A store that could not be asked at all.
 * @param {string} id
 * @param {string} label
 * @param {string | null} error
 * @param {string} fix
 * @returns {Check}
 */
export const unreachable = (id, label, error, fix) => check(id, label, "fail", `unreachable: ${error}`, fix);

/**
 * drizzle's applied migrations (created_at = the journal's `when`) against the journal of this code.
 * @param {string} id
 * @param {string} label
 * @param {{ appliedMillis: number[] }} probe
 * @param {JournalEntry[]} journal
 * @param {string} fix  how to apply the migrations from where the check runs
 * @returns {Check}
 */
export function postgresCheck(id, label, { appliedMillis }, journal, fix) {
  const applied = new Set(appliedMillis.map(Number));
  const missing = journal.filter((entry) => !applied.has(entry.when));
  const newest = journal.at(-1);
  // drizzle applies every journal entry newer than the last applied one; an unknown newer one is a newer deploy.
  const ahead = appliedMillis.filter((when) => !journal.some((entry) => entry.when === Number(when)));
  if (missing.length) {
    return check(id, label, "fail", `${missing.length} of ${journal.length} migrations not applied (first missing: ${missing[0].tag})`, fix);
  }
  if (ahead.length) {
    return check(id, label, "warn", `at ${newest?.tag}, but the database has ${ahead.length} newer migration(s): this code is older than the schema`, "deploy the current code");
  }
  return check(id, label, "ok", `migrations at ${newest?.tag ?? "none"} (${journal.length} of ${journal.length})`);
}

/**
 * flamedb.schema_migrations' newest version against the schema files of this code.
 * @param {string} id
 * @param {string} label
 * @param {{ version: number | null }} probe
 * @param {number} expected
 * @param {string} fix
 * @returns {Check}
 */
export function clickhouseCheck(id, label, { version }, expected, fix) {
  if (!version) return check(id, label, "fail", "reachable, but flamedb.schema_migrations is empty or missing", fix);
  if (version < expected) return check(id, label, "fail", `schema at version ${version}, expected ${expected}`, fix);
  if (version > expected) return check(id, label, "warn", `schema at version ${version}, newer than this code's ${expected}`, "deploy the current code");
  return check(id, label, "ok", `schema at version ${version}`);
}

/**
 * How far other clocks are from the reference one.
 * @param {string} id
 * @param {string} label
 * @param {string} reference  e.g. "this machine"
 * @param {Record<string, number>} offsetsMs  name → (their clock − reference), NaN when unknown
 */
export function clockCheck(id, label, reference, offsetsMs) {
  const known = Object.entries(offsetsMs).filter(([, ms]) => Number.isFinite(ms));
  if (!known.length) return check(id, label, "warn", "no clock to compare (the stores did not answer)");
  const seconds = (ms) => {
    const text = (Math.abs(ms) / 1000).toFixed(1);
    return `${text === "0.0" ? "±" : ms > 0 ? "+" : "−"}${text} s`;
  };
  const detail = `${known.map(([name, ms]) => `${name} ${seconds(ms)}`).join(", ")} vs ${reference}`;
  const worst = Math.max(...known.map(([, ms]) => Math.abs(ms)));
  const fix = "synchronise the clocks with NTP (timedatectl set-ntp true); skew shifts every time window";
  return check(id, label, worst >= CLOCK_FAIL_MS ? "fail" : worst >= CLOCK_WARN_MS ? "warn" : "ok", detail, fix);
}

/**
 * A Queue's backlog (Queue.metrics()).
 * @param {string} id
 * @param {string} label
 * @param {{ backlogCount: number, oldestMessageTimestamp?: Date | string | null }} metrics
 * @param {Date} now
 * @param {string} fix
 * @returns {Check}
 */
export function backlogCheck(id, label, metrics, now, fix) {
  const count = metrics.backlogCount;
  if (!count) return check(id, label, "ok", "backlog empty");
  const oldest = metrics.oldestMessageTimestamp ? new Date(metrics.oldestMessageTimestamp).getTime() : NaN;
  const age = now.getTime() - oldest;
  const detail = `${count} message(s) waiting${Number.isFinite(age) ? `, oldest ${duration(age)} old` : ""}`;
  return check(id, label, age >= BACKLOG_FAIL_MS ? "fail" : age >= BACKLOG_WARN_MS ? "warn" : "ok", detail, fix);
}

/**
 * Dead letters kept in R2, plus those still on the dead-letter Queue.
 * @param {string} id
 * @param {string} label
 * @param {{ stored: number, truncated: boolean, queued: number }} counts
 * @returns {Check}
 */
export function deadLettersCheck(id, label, { stored, truncated, queued }) {
  const count = `${stored}${truncated ? "+" : ""}`;
  if (!stored && !queued) return check(id, label, "ok", "none");
  return check(
    id,
    label,
    "warn",
    `${count} profile(s) the indexer gave up on${queued ? `, ${queued} more on the dead-letter Queue` : ""}`,
    "fix the cause (ClickHouse down? see the indexer's logs), then `npm run dead-letters -- replay` (docs/indexer.md)",
  );
}

/** The cron runs hourly; it is behind once the hour before the last complete one is not evaluated. */
const ALERTS_BEHIND_MS = 2 * 3600_000;

/**
 * The regression-alert cron: how far it has evaluated, and the service hours that failed (being tried
 * again, or given up after the last attempt).
 * @param {{ lastHourEnd: Date | null, retrying: number, givenUp: number, lastError: string | null }} state
 * @param {Date} now
 * @returns {Check}
 */
export function alertsCheck(state, now) {
  const id = "alerts";
  const label = "Regression alerts";
  const behind = state.lastHourEnd ? now.getTime() - state.lastHourEnd.getTime() : 0;
  const parts = [
    state.lastHourEnd
      ? `evaluated up to ${state.lastHourEnd.toISOString()} (${duration(behind)} ago)`
      : "not evaluated yet (the cron runs hourly)",
  ];
  if (state.retrying) parts.push(`${state.retrying} service hour(s) failed, tried again every run`);
  if (state.givenUp) parts.push(`${state.givenUp} given up`);
  if (state.lastError && (state.retrying || state.givenUp)) parts.push(`last error: ${state.lastError}`);
  if (behind > ALERTS_BEHIND_MS)
    return check(id, label, "warn", parts.join("; "), "the Cron Trigger is not running or fails: `wrangler tail studio-api`");
  if (state.givenUp)
    return check(id, label, "warn", parts.join("; "), "fix the cause, then re-run those hours: POST /api/alerts/evaluate {from, to}");
  return check(id, label, "ok", parts.join("; "));
}

/**
 * The newest indexed profile of one service, against when its agents were last seen.
 * @param {{ service: string, newestProfile: Date | null, agentLastSeen: Date | null, sampleThreshold: number }} s
 * @param {Date} now
 * @returns {Check}
 */
export function freshnessCheck(s, now) {
  const id = `index:${s.service}`;
  const label = `indexed: ${s.service}`;
  const seen = s.agentLastSeen ? now.getTime() - s.agentLastSeen.getTime() : Infinity;
  const newest = s.newestProfile ? now.getTime() - s.newestProfile.getTime() : Infinity;
  const detail = `newest profile ${s.newestProfile ? `${duration(newest)} ago` : "never"}, agents last seen ${s.agentLastSeen ? `${duration(seen)} ago` : "never"}${s.sampleThreshold ? `, ${Math.round(s.sampleThreshold * 100)}% of uploads dropped by downsampling` : ""}`;
  // Downsampling may rightly drop everything; an active agent's profiles should otherwise be indexed.
  const stuck = seen <= AGENT_ACTIVE_MS && newest - seen > INDEX_LAG_WARN_MS && s.sampleThreshold < 1;
  return check(id, label, stuck ? "warn" : "ok", detail, "uploads arrive but are not indexed: check the Queue backlog, dead letters and the indexer's logs");
}

/**
 * A Worker or page answering over HTTP.
 * @param {string} id
 * @param {string} label
 * @param {{ url: string, expected: number[], status?: number, error?: string | null }} answer
 * @param {string} fix
 * @returns {Check}
 */
export function httpCheck(id, label, { url, status, expected, error }, fix) {
  if (error) return check(id, label, "fail", `${url}: ${error}`, fix);
  if (!expected.includes(status)) return check(id, label, "fail", `${url} answered ${status}`, fix);
  return check(id, label, "ok", `${url} answered ${status}`);
}

/**
 * "1.5 s", "12 min", "3 h", "2 d".
 * @param {number} ms
 */
export function duration(ms) {
  const s = Math.max(0, ms) / 1000;
  if (s < 60) return `${s.toFixed(s < 10 ? 1 : 0)} s`;
  if (s < 3600) return `${Math.round(s / 60)} min`;
  if (s < 86400) return `${Math.round(s / 3600)} h`;
  return `${Math.round(s / 86400)} d`;
}
