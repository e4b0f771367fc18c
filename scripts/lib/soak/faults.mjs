// The faults injected while the load runs. Three are the real thing: the ClickHouse server killed
// (SIGKILL) and started again, the soak's own Postgres server stopped and started, the `wrangler dev`
// processes (all Workers with the local Queue, and the UI) killed and started again. Two go through the indexer's fault switch
// (workers/indexer/src/faults.ts), served here on loopback and honoured only because this stack sets
// FAULTS_URL: R2 reads failing, and messages redelivered after their rows are written (a lost ack).
import { createServer } from "node:http";
import { sleep } from "./load.mjs";

export const FAULT_KINDS = ["clickhouse", "postgres", "redeliver", "r2-reads", "wrangler"];

/** How long a switched fault stays on past its hold waiting for a batch to meet it. */
const SWITCH_WAIT_MS = 20_000;

/**
 * The switch the indexer reads: `GET /` → `{"r2Reads": bool, "redeliver": bool}`. The indexer asks once
 * per batch, so `hits` counts the batches that met each fault while it was on.
 */
export async function startFaultSwitch() {
  const state = { r2Reads: false, redeliver: false };
  const hits = { r2Reads: 0, redeliver: 0 };
  const server = createServer((req, res) => {
    for (const flag of Object.keys(state)) if (state[flag]) hits[flag]++;
    res.setHeader("content-type", "application/json");
    res.end(JSON.stringify(state));
  });
  await new Promise((resolve) => server.listen(0, "127.0.0.1", resolve));
  return {
    url: `http://127.0.0.1:${server.address().port}/`,
    state,
    hits,
    close: () => new Promise((resolve) => server.close(resolve)),
  };
}

/**
 * Runs fault `kind` for `holdMs`, then undoes it; returns when it began, ended (component back up) and
 * how long recovery took.
 */
export async function injectFault(kind, { stack, postgres, faultSwitch, holdMs }) {
  const began = Date.now();
  let restoredAt;
  /** `wrangler dev` had died by itself before it was to be killed (the report says so) */
  let crashedBefore = false;
  switch (kind) {
    case "clickhouse":
      await stack.kill("clickhouse", "SIGKILL");
      await sleep(holdMs);
      restoredAt = Date.now();
      await stack.restart("clickhouse");
      break;
    case "postgres":
      postgres.stop("fast");
      await sleep(holdMs);
      restoredAt = Date.now();
      postgres.start();
      break;
    case "r2-reads":
    case "redeliver": {
      const flag = kind === "r2-reads" ? "r2Reads" : "redeliver";
      const hitsBefore = faultSwitch.hits[flag];
      faultSwitch.state[flag] = true;
      await sleep(holdMs);
      // held on until a batch met it (the indexer may be busy with one batch for the whole hold), so
      // the fault is seen to act; the verdict still asks the Workers' log for the evidence
      for (const giveUp = Date.now() + SWITCH_WAIT_MS; faultSwitch.hits[flag] === hitsBefore && Date.now() < giveUp; ) await sleep(250);
      restoredAt = Date.now();
      faultSwitch.state[flag] = false;
      break;
    }
    case "wrangler":
      // both `wrangler dev` processes: the Workers (with the local Queue) and the UI's Pages
      crashedBefore = !(await stack.kill("workers", "SIGKILL"));
      await stack.kill("web", "SIGKILL");
      await sleep(holdMs);
      restoredAt = Date.now();
      await stack.restart("workers");
      await stack.restart("web");
      break;
    default:
      throw new Error(`unknown fault ${kind}`);
  }
  return { kind, began, ended: Date.now(), restartMs: Date.now() - restoredAt, crashedBefore };
}

/** What the Workers' log shows each fault did (the log from this run only). */
export function faultEvidence(workersLog) {
  const count = (pattern) => (workersLog.match(pattern) ?? []).length;
  const indexed = new Map();
  // by object key: a redelivered message may come back under a new message id
  for (const [, key] of workersLog.matchAll(/"event":"profile indexed","messageId":"\w+","status":"indexed","key":"([^"]+)"/g)) {
    indexed.set(key, (indexed.get(key) ?? 0) + 1);
  }
  return {
    clickhouse: { count: count(/ClickHouse unavailable/g), what: "ClickHouse calls failed (retried or answered 503)" },
    postgres: { count: count(/Postgres unavailable/g), what: "Postgres calls failed (answered 503)" },
    "r2-reads": { count: count(/R2 read failed \(injected fault\)/g), what: "R2 reads failed (messages retried)" },
    redeliver: { count: [...indexed.values()].filter((n) => n > 1).length, what: "messages indexed twice (the second added no rows)" },
    wrangler: { count: count(/Ready on http/g), what: "`wrangler dev` starts" },
  };
}
