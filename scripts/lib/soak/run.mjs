// One soak run: its own stack (own Postgres server, ClickHouse, `wrangler dev`, the UI, all on loopback),
// the agents' load for `durationMs` with the faults spread over it, the hostile battery, then the drain
// and the reconcile. Returns everything the report prints.
import { existsSync, readFileSync, statSync } from "node:fs";
import { join } from "node:path";
import { createAgentToken, ensureAdminUser } from "../bootstrap.mjs";
import { reindexKeys } from "../../reindex.mjs";
import { ROOT } from "../setup.mjs";
import { startStack } from "../stack.mjs";
import { FAULT_KINDS, faultEvidence, injectFault, startFaultSwitch } from "./faults.mjs";
import { runHostile } from "./hostile.mjs";
import { sleep, startLoad } from "./load.mjs";
import { postgresInstance } from "./postgres-instance.mjs";
import { profilePool } from "./profiles.mjs";
import { drain, reconcile, startMonitor, storedObjects } from "./reconcile.mjs";
import { startSqlRecorder } from "./sql-recorder.mjs";
import { startTcpForward } from "./tcp-forward.mjs";

/**
 * 200 agents, each uploading every 30 s: 6.7 uploads/s (and as many log batches), twice what 200 real
 * agents send (gProfiler uploads once per 60 s profiling cycle, frontend-and-agent.md B.1). Every 5 s
 * (40/s) is more than this stack indexes on two cores: measured on a quiet machine, every upload was
 * answered, but the indexer fell ~35 profiles/s behind (docs/reliability.md).
 */
export const DEFAULTS = {
  agents: 200,
  durationMs: 180_000,
  intervalMs: 30_000,
  lines: 100,
  profiles: 16,
  faults: FAULT_KINDS,
  faultHoldMs: 5_000,
  hostileRuns: 200,
  hostileSkip: [],
  drainMs: 180_000,
  portOffset: 0,
};

/**
 * What `npm test` runs, in well under 2 minutes on two shared cores: few agents, a short load, every
 * fault once, few fuzz runs; the million-line profile that is indexed (a million rows: a minute or more of
 * ClickHouse inserts) is left to the full run, the one the tree budget drops (seconds) is sent.
 */
export const SHORT = {
  ...DEFAULTS,
  agents: 10,
  durationMs: 25_000,
  intervalMs: 5_000,
  faultHoldMs: 2_000,
  hostileRuns: 8,
  hostileSkip: ["million-line profile, a million stacks indexed"],
  drainMs: 60_000,
};

export async function runSoak(options = {}, { log = console.log } = {}) {
  const o = { ...DEFAULTS, ...options };
  const name = `soak${o.portOffset ? `_${o.portOffset}` : ""}`;
  const dataDir = join(ROOT, ".data", name);
  const runId = Date.now().toString(36);
  const workersLog = join(dataDir, "logs", "workers.log");
  const logStart = existsSync(workersLog) ? statSync(workersLog).size : 0;

  log(`soak ${runId}: ${o.agents} agents for ${o.durationMs / 1000} s, faults: ${o.faults.join(", ") || "none"}`);
  const pool = await profilePool({ dir: dataDir, count: o.profiles, lines: o.lines });
  const postgres = postgresInstance({ dataDir, port: 16432 + o.portOffset });
  postgres.create();
  const faultSwitch = await startFaultSwitch();
  const sqlRecorder = await startSqlRecorder({ clickhousePort: 16123 + o.portOffset });
  const postgresForward = await startTcpForward({ targetPort: postgres.port });
  let stack;
  try {
    stack = await startStack({
      name,
      fresh: true,
      postgresUrl: postgres.url.replace(`:${postgres.port}/`, `:${postgresForward.port}/`),
      ingestPort: 16787 + o.portOffset,
      uiPort: 16788 + o.portOffset,
      clickhousePort: 16123 + o.portOffset,
      inspectorPort: 16229 + o.portOffset,
      workerVars: {
        // a ClickHouse outage is ridden out in seconds, not the production backoff's minutes
        RETRY_BASE_SECONDS: "1",
        RETRY_MAX_SECONDS: "2",
        FAULTS_URL: faultSwitch.url,
        // the Workers reach ClickHouse through the recorder, which checks every SQL text
        CLICKHOUSE_URL: sqlRecorder.url,
      },
    });
    const token = await createAgentToken(postgres.url, { name: "soak" });
    await ensureAdminUser(postgres.url, { password: ADMIN_PASSWORD });
    // `wrangler dev` reloads once just after it is ready: let it settle before the clock starts
    await sleep(3000);

    const began = Date.now();
    const load = startLoad({ ingestUrl: stack.ingestUrl, token, agents: o.agents, intervalMs: o.intervalMs, pool, runId });
    const monitor = startMonitor({ clickhouseUrl: stack.clickhouseUrl, runId, stats: load.stats, began });
    const faults = [];
    const gap = o.durationMs / (o.faults.length + 1);
    for (const kind of o.faults) {
      await sleep(Math.max(0, began + gap * (faults.length + 1) - Date.now()));
      log(`  fault: ${kind}`);
      faults.push(await injectFault(kind, { stack, postgres, faultSwitch, holdMs: o.faultHoldMs }));
    }
    // the load outlasts the last fault by a few seconds, so recovery is seen under load
    await sleep(Math.max(began + o.durationMs, (faults.at(-1)?.ended ?? 0) + 5000) - Date.now());
    await load.stop();
    const loadEnded = Date.now();
    const evidence = faultEvidence(readFileSync(workersLog).subarray(logStart).toString("utf8"));
    log(`  load done: ${load.stats.accepted.size} uploads accepted; hostile battery`);

    const hostile = await runHostile({ stack, postgres, token, runs: o.hostileRuns, skip: o.hostileSkip, adminPassword: ADMIN_PASSWORD, sqlRecorder, log });
    const wranglerKills = faults.filter((f) => f.kind === "wrangler").map((f) => f.began);
    const drainMs = await drain({ clickhouseUrl: stack.clickhouseUrl, runId, stats: load.stats, timeoutMs: o.drainMs, wranglerKills });
    await monitor.stop();
    const stored = await storedObjects({ stack: name, runId, stats: load.stats });
    const reconciled = await reconcileWithRequeue({ stack, name, postgres, runId, stats: load.stats, stored, wranglerKills, drainMs: o.drainMs });
    return {
      options: o,
      runId,
      began,
      loadMs: loadEnded - began,
      drainMs,
      stats: load.stats,
      depth: monitor.depth,
      lags: monitor.lags,
      loadAverages: monitor.loadAverages,
      faults: faults.map((f) => ({ ...f, evidence: evidence[f.kind] })),
      hostile,
      reconciled,
      sql: sqlRecorder.summary(),
    };
  } finally {
    await stack?.stop();
    await faultSwitch.close();
    await sqlRecorder.close();
    postgresForward.close();
    postgres.stop("fast");
  }
}

const ADMIN_PASSWORD = "soak-admin-password";

/**
 * The reconcile, twice when the `wrangler dev` kill dropped local Queue messages: those uploads are sent
 * again from R2 (`npm run reindex`'s reindexKeys: the indexer's POST /reindex), drained, and everything is checked once more with no allowance left, so
 * an upload still missing then is lost. The report shows the dropped ones apart, never hidden.
 */
async function reconcileWithRequeue({ stack, name, postgres, runId, stats, stored, wranglerKills, drainMs }) {
  const clickhouseUrl = stack.clickhouseUrl;
  const first = await reconcile({ clickhouseUrl, runId, stats, stored, wranglerKills });
  const dropped = first.droppedByLocalQueue;
  if (!dropped.length) return { ...first, requeued: { sent: [], notFound: [] }, recovered: 0 };
  const requeued = await reindexKeys({ stack: name, postgresUrl: postgres.url, keys: dropped.map((id) => stored.get(id)) });
  await drain({ clickhouseUrl, runId, stats, timeoutMs: drainMs, only: dropped });
  const final = await reconcile({ clickhouseUrl, runId, stats, stored });
  const stillLost = new Set(final.lost.map((u) => u.id));
  return { ...final, droppedByLocalQueue: dropped, requeued, recovered: dropped.filter((id) => !stillLost.has(id)).length };
}
