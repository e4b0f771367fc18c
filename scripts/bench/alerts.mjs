// The regression alerts' ClickHouse read (workers/api/src/store/regression-samples.ts): one service's
// functions, self and total samples, in the last hour and the 7 days before, from the hourly rollup
// samples_1hour_all. Compared, in the same run, with the least any raw-table reading must do: a bare
// GROUP BY of flamedb.samples over the same 169 hours. Target: p95 under 1 s per service. The rollup has
// one row per node and hour whatever the number of hosts and uploads; the raw table HOSTS × UPLOADS
// (16 here; a 50-host service uploading every minute has 3,000), so the ratio grows with the fleet.
//
// Data (counts printed): one service, NODES prefix-tree nodes (a 4-ary tree, 700 distinct function names),
// HOSTS hosts uploading UPLOADS times an hour for 169 hours, written into flamedb.samples by
// INSERT … SELECT inside ClickHouse so the materialized views fill the rollups as for real uploads. Its
// own ClickHouse (port 8123 + STUDIO_TEST_PORT_OFFSET, default 400) in .data/bench/alerts/, loaded fresh.
// Options: --nodes N --hosts N --uploads N --runs N
import { rmSync } from "node:fs";
import { join } from "node:path";
import { tsImport } from "tsx/esm/api";
import { clickhouseQuery } from "../lib/clickhouse-http.mjs";
import { stopService } from "../lib/processes.mjs";
import { ROOT } from "../lib/setup.mjs";
import { startClickHouse } from "../lib/stack.mjs";

const args = process.argv.slice(2);
const flag = (name, fallback) => {
  const i = args.indexOf(`--${name}`);
  return i < 0 ? fallback : Number(args[i + 1]);
};
const NODES = flag("nodes", 3000);
const HOSTS = flag("hosts", 4);
const UPLOADS = flag("uploads", 4);
const RUNS = flag("runs", 15);
const OFFSET = Number(process.env.STUDIO_TEST_PORT_OFFSET ?? 400);
const HOURS = 169;
const HOUR = 3_600_000;
const SERVICE = 7;
const DIR = join(ROOT, ".data/bench/alerts");

const { regressionSamples } = await tsImport("../../workers/api/src/store/regression-samples.ts", import.meta.url);
const { evaluationWindow } = await tsImport("../../workers/core/src/regression.ts", import.meta.url);
const { openClickHouse } = await tsImport("../../workers/shared/src/clickhouse.ts", import.meta.url);

rmSync(join(DIR, "clickhouse"), { recursive: true, force: true });
const clickhouse = await startClickHouse({ port: 8123 + OFFSET, dataDir: DIR, logDir: join(DIR, "logs") });
const ch = { url: clickhouse.url };
const client = openClickHouse({ CLICKHOUSE_URL: clickhouse.url });
try {
  const window = evaluationWindow(new Date());
  const first = Math.floor(window.baselineStart.getTime() / 1000);
  const perHour = UPLOADS * HOSTS * NODES;
  const loadStart = performance.now();
  // number → (hour, upload, host, node); the last hour's `f13` nodes count 5× (a regression to find).
  await clickhouseQuery(
    ch,
    `INSERT INTO flamedb.samples (Timestamp, ServiceId, InstanceType, ContainerEnvName, HostName, ContainerName,
       NumSamples, CallStackHash, CallStackName, CallStackParent, InsertionTimestamp, ErrNumSamples)
     SELECT toDateTime({first:UInt32} + h * 3600 + u * (3600 DIV {uploads:UInt32}), 'UTC'), {service:UInt32}, 't3.large', '',
            concat('host-', toString(host)), '',
            toUInt32((1 + (k * 7919) % 50) * if(h = {hours:UInt32} - 1 AND k % 700 = 13, 5, 1)),
            k + 1, concat('f', toString(k % 700)), if(k = 0, 0, intDiv(k - 1, 4) + 1), now(), 0
     FROM (SELECT intDiv(number, {perHour:UInt64}) AS h, intDiv(number % {perHour:UInt64}, {hostNodes:UInt64}) AS u,
                  intDiv(number % {hostNodes:UInt64}, {nodes:UInt64}) AS host, number % {nodes:UInt64} AS k
           FROM numbers({rows:UInt64}))`,
    {
      first,
      uploads: UPLOADS,
      service: SERVICE,
      hours: HOURS,
      perHour,
      hostNodes: HOSTS * NODES,
      nodes: NODES,
      rows: HOURS * perHour,
    },
  );
  await clickhouseQuery(ch, "OPTIMIZE TABLE flamedb.samples_1hour_all FINAL");
  const count = async (table) =>
    Number((await clickhouseQuery(ch, `SELECT count() AS n FROM flamedb.${table} WHERE ServiceId = ${SERVICE}`))[0].n);
  const [raw, hourly] = [await count("samples"), await count("samples_1hour_all")];
  console.log(
    `data: ${NODES} nodes × ${HOSTS} hosts × ${UPLOADS} uploads/h × ${HOURS} h = ${raw.toLocaleString()} raw rows, ` +
      `${hourly.toLocaleString()} rows in samples_1hour_all (loaded in ${((performance.now() - loadStart) / 1000).toFixed(0)} s)`,
  );

  const time = async (run) => {
    const ms = [];
    let result;
    for (let i = 0; i < RUNS; i++) {
      const t0 = performance.now();
      result = await run();
      ms.push(performance.now() - t0);
    }
    ms.sort((a, b) => a - b);
    return { p50: ms[Math.floor(RUNS / 2)], p95: ms[Math.min(RUNS - 1, Math.ceil(RUNS * 0.95) - 1)], result };
  };
  const evaluation = await time(() => regressionSamples(client, SERVICE, window, 200));
  const rawScan = await time(() =>
    clickhouseQuery(
      ch,
      `SELECT count() AS nodes FROM (SELECT CallStackHash, sum(NumSamples) FROM flamedb.samples
       WHERE ServiceId = {service:UInt32} AND Timestamp >= toDateTime({first:UInt32}, 'UTC') GROUP BY CallStackHash)`,
      { service: SERVICE, first },
    ),
  );
  const hot = evaluation.result.functions.find((f) => f.name === "f13");
  const fmt = (ms) => `${ms.toFixed(0)} ms`;
  console.table({
    "regression read (rollup, self+total, 2 windows)": { p50: fmt(evaluation.p50), p95: fmt(evaluation.p95) },
    "raw GROUP BY only (samples, 169 h)": { p50: fmt(rawScan.p50), p95: fmt(rawScan.p95) },
  });
  console.log(`raw scan / rollup evaluation (p50): ${(rawScan.p50 / evaluation.p50).toFixed(1)}×`);
  console.log(
    `${evaluation.result.functions.length} functions read, f13 among them: ${hot ? "yes" : "NO"}; ` +
      `target p95 < 1000 ms: ${evaluation.p95 < 1000 ? "met" : "MISSED"}`,
  );
} finally {
  await client.close();
  if (clickhouse.service) await stopService(clickhouse.service);
}
