// The api Worker over a month of data: /api/flamegraph for 1 h, 24 h, 7 d and 30 d windows and the
// metrics routes, p50/p95, cold and warm, through `wrangler dev` of the api Worker alone (workerd, as in
// production) against a local ClickHouse and Postgres. Target: p95 < 300 ms for every window.
//
// Data (stated with row counts in the output): SERVICES services × HOSTS hosts each. Every service has
// TEMPLATES distinct profiles made by ../shared/bench/gen-profiles.mjs (LINES stack lines each, ~1,700
// prefix rows after the real indexer, workers/core/src/collapsed.ts). Each service uploads one of them
// every hour from its hosts in turn, and every 10 minutes over the last 24 hours, for DAYS days, plus one
// day ahead so the cache stays usable for a day. Rows go into flamedb.samples by INSERT … SELECT inside
// ClickHouse, and the materialized views fill every rollup as for real uploads. Each host reports CPU and
// memory every 5 minutes into flamedb.metrics. Postgres holds the services and one agent process per host.
//
// Cold, per route: ClickHouse and the api Worker are both restarted (a new chdb process: no marks, primary
// keys or parts metadata loaded, no query or uncompressed cache; a new `wrangler dev`: a fresh isolate
// whose code has not run, and an emptied Cache API directory, so no edge cache either), the session
// cookie survives in Postgres, and the route is asked for COLD services (2, 3, …) in turn.
// Its first answer is the fully cold one (usually the p95 of the few samples); the next meet a Worker
// and a ClickHouse warmed by the first, but data of another service. The OS page cache is not dropped
// (it is the machine's, shared): "cold" here is the processes' state, not the disk's.
// Warm: the same request RUNS times after one warm-up.
// Each row also shows the I/O share of the answer: `olap_time` of the flamegraph body is the time up to
// the end of the Postgres and ClickHouse reads (a Worker's clock stands still while it computes), the
// rest of the request is the Worker's computing and the transfer. And the CPU ms that ClickHouse and the
// Worker's workerd spent per request (from /proc): the work done, which other engineers' load on this
// shared 2-core machine inflates in wall time but not in CPU time, so runs compare fairly on it.
//
// The loaded data is cached in .data/bench/api/ (ClickHouse data dir, Postgres database studio_bench_api,
// manifest.json) and reused while it is less than a day old; `--reload` forces a new load.
// Ports are offset by STUDIO_TEST_PORT_OFFSET (default 300): ClickHouse 8123+o, the api Worker 8787+o.
// Options: --services N --hosts N --days N --reload --runs N (warm runs, 20) --cold N (cold services, 3)
//          --only <substring of a route name>
import { execFileSync } from "node:child_process";
import { existsSync, mkdirSync, readFileSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import { availableParallelism, loadavg } from "node:os";
import { join } from "node:path";
import postgres from "postgres";
import { ensureAdminUser } from "../lib/bootstrap.mjs";
import { clickhouseQuery } from "../lib/clickhouse-http.mjs";
import { startService, stopService, waitForUrl } from "../lib/processes.mjs";
import { ROOT } from "../lib/setup.mjs";
import { startClickHouse, startPostgres } from "../lib/stack.mjs";

const args = process.argv.slice(2);
const flag = (name, fallback) => {
  const i = args.indexOf(`--${name}`);
  return i < 0 ? fallback : Number(args[i + 1]);
};
const CONFIG = {
  services: flag("services", 50),
  hosts: flag("hosts", 200),
  days: flag("days", 30),
  templates: 4,
  lines: 100,
  recentHours: 24,
  uploadsPerHour: 1,
  recentUploadsPerHour: 6,
  metricsEveryMinutes: 5,
  version: 1,
};
const RUNS = flag("runs", 20);
const COLD = flag("cold", 3);
const ONLY = args.includes("--only") ? args[args.indexOf("--only") + 1] : "";
const OFFSET = Number(process.env.STUDIO_TEST_PORT_OFFSET ?? 300);
const HOUR = 3_600_000;
const DAY = 24 * HOUR;
const DIR = join(ROOT, ".data/bench/api");
const MANIFEST = join(DIR, "manifest.json");
const PASSWORD = "bench-admin-password";
const INSTANCE_TYPES = ["t3.large", "m5.xlarge", "c5.2xlarge", "r5.large"];

mkdirSync(join(DIR, "logs"), { recursive: true });
const manifest = existsSync(MANIFEST) ? JSON.parse(readFileSync(MANIFEST, "utf8")) : null;
const reuse =
  !args.includes("--reload") &&
  manifest &&
  JSON.stringify(manifest.config) === JSON.stringify(CONFIG) &&
  Date.now() < manifest.loadedAt + DAY - HOUR;
if (!reuse) rmSync(join(DIR, "clickhouse"), { recursive: true, force: true });

const postgresUrl = startPostgres({ name: "bench_api", fresh: !reuse });
const clickhouseStart = () =>
  startClickHouse({ port: 8123 + OFFSET, dataDir: DIR, logDir: join(DIR, "logs") });
let clickhouse = await clickhouseStart();
const ch = { url: clickhouse.url };
let api = null;
try {
  const loadedAt = reuse ? manifest.loadedAt : await load();
  const rows = await tableRows();
  if (!reuse) writeFileSync(MANIFEST, JSON.stringify({ config: CONFIG, loadedAt, rows }, null, 2));
  printData(loadedAt, rows, reuse);

  api = await startApi();
  const cookie = await login(api.url);
  const bench = benchmark(api.url, cookie, () => [clickhouse.service, api.service]);
  const functionName = await busiestFunction();
  const windows = { "1 h": HOUR, "24 h": DAY, "7 d": 7 * DAY, "30 d": 30 * DAY };
  const host = `bench-1-${INSTANCE_TYPES.length}`;
  const routes = [
    ...Object.entries(windows).map(([name, span]) => ({
      name: `flamegraph ${name}`,
      path: "/api/flamegraph",
      span,
      extra: { enrichment: "lang" },
    })),
    {
      name: "flamegraph 24 h, host filter",
      path: "/api/flamegraph",
      span: DAY,
      extra: { enrichment: "lang", filter: hostFilter(host) },
    },
    {
      name: "flamegraph 30 d, host filter",
      path: "/api/flamegraph",
      span: 30 * DAY,
      extra: { enrichment: "lang", filter: hostFilter(host) },
    },
    { name: "metrics/summary 24 h", path: "/api/metrics/summary", span: DAY },
    { name: "metrics/graph 7 d", path: "/api/metrics/graph", span: 7 * DAY },
    { name: "metrics/cpu_trend 24 h", path: "/api/metrics/cpu_trend", span: DAY },
    { name: "metrics/samples 7 d", path: "/api/metrics/samples", span: 7 * DAY },
    { name: "metrics/instance_type_count 24 h", path: "/api/metrics/instance_type_count", span: DAY },
    {
      name: "metrics/function_cpu 24 h",
      path: "/api/metrics/function_cpu",
      span: DAY,
      extra: { functionName },
    },
    {
      name: "metrics/function_cpu 7 d",
      path: "/api/metrics/function_cpu",
      span: 7 * DAY,
      extra: { functionName },
    },
    { name: "metrics/nodes_cores/summary 7 d", path: "/api/metrics/nodes_cores/summary", span: 7 * DAY },
    { name: "metrics/graph/nodes_and_cores 7 d", path: "/api/metrics/graph/nodes_and_cores", span: 7 * DAY },
    { name: "filters/tags/HostName 24 h", path: "/api/v1/filters/tags/HostName", span: DAY },
    { name: "flamegraph/datetime_with_data", path: "/api/flamegraph/datetime_with_data", span: 0 },
  ];
  const selected = routes.filter((route) => route.name.includes(ONLY));
  const results = [];
  const loadBefore = loadavg()[0];
  // cold: both processes restarted before each route, then COLD services in turn
  for (const route of selected) {
    await Promise.all([stopService(clickhouse.service), stopService(api.service)]);
    rmSync(join(DIR, "wrangler/v3/cache"), { recursive: true, force: true });
    [clickhouse, api] = await Promise.all([clickhouseStart(), startApi()]);
    const cold = [];
    for (let i = 0; i < COLD; i++) cold.push(await bench(route, 2 + i));
    results.push({ route, cold });
  }
  // warm: the same request again and again, for service 1
  for (const result of results) {
    await bench(result.route, 1); // warm-up
    const warm = [];
    for (let i = 0; i < RUNS; i++) warm.push(await bench(result.route, 1));
    result.warm = warm;
  }
  console.log(
    `\nlatency through the api Worker (ms; cold: ClickHouse and the Worker restarted before each route, then ${COLD} services; ` +
      `warm: ${RUNS} runs; I/O: the flamegraph's olap_time, the part spent in Postgres and ClickHouse reads; ` +
      `CPU: ms of ClickHouse + the Worker's workerd per request, unaffected by the machine's load; ` +
      `1-min load average ${loadBefore.toFixed(1)} before, ${loadavg()[0].toFixed(1)} after, on ${availableParallelism()} cores):`,
  );
  console.table(
    results.map(({ route, cold, warm }) => ({
      route: route.name,
      status: [...new Set([...cold, ...warm].map((r) => r.status))].join(","),
      "cold 1st": Math.round(cold[0].ms),
      "cold p50": percentile(cold, 50),
      "cold p95": percentile(cold, 95),
      "warm p50": percentile(warm, 50),
      "warm p95": percentile(warm, 95),
      "I/O cold 1st": cold[0].io ?? "",
      "I/O warm p50": warm[0].io === undefined ? "" : percentile(warm, 50, "io"),
      "CPU cold 1st CH+W": `${cold[0].chCpu}+${cold[0].workerCpu}`,
      "CPU warm mean CH+W": `${mean(warm, "chCpu")}+${mean(warm, "workerCpu")}`,
      "p95 < 300": Math.max(percentile(cold, 95), percentile(warm, 95)) < 300 ? "yes" : "NO",
    })),
  );
} finally {
  if (api) await stopService(api.service);
  await stopService(clickhouse.service);
}

/** Loads everything; returns the load time every timestamp is relative to. */
async function load() {
  const loadedAt = Date.now();
  const started = performance.now();
  await seedPostgres(loadedAt);
  const templates = await loadTemplates();
  const first = Math.floor((loadedAt - CONFIG.days * DAY) / DAY) * DAY;
  const last = Math.floor(loadedAt / DAY) * DAY + DAY; // one day ahead
  for (let day = first; day <= last; day += DAY) {
    const t0 = performance.now();
    await insertDay(day, loadedAt, templates);
    process.stdout.write(
      `\rloaded ${new Date(day).toISOString().slice(0, 10)} (${((performance.now() - t0) / 1000).toFixed(1)} s)   `,
    );
  }
  await insertMetrics(first, last + DAY);
  console.log(`\nloaded in ${((performance.now() - started) / 60_000).toFixed(1)} min`);
  return loadedAt;
}

/** TEMPLATES profiles per service from gen-profiles, parsed by the real indexer into bench.templates. */
async function loadTemplates() {
  const count = CONFIG.services * CONFIG.templates;
  const profiles = join(DIR, "profiles");
  rmSync(profiles, { recursive: true, force: true });
  execFileSync("node", [
    join(ROOT, "../shared/bench/gen-profiles.mjs"),
    "--files",
    String(count),
    "--lines-per-file",
    String(CONFIG.lines),
    "--seed",
    "20261125",
    "--out",
    profiles,
    "--plain",
    "--quiet",
  ]);
  const indexer = join(DIR, "indexer.mjs");
  const esbuild = await import("esbuild");
  esbuild.buildSync({
    entryPoints: [join(ROOT, "workers/core/src/collapsed.ts")],
    bundle: true,
    format: "esm",
    platform: "node",
    outfile: indexer,
    logLevel: "error",
  });
  const { createProfileIndexer } = await import(indexer);
  await clickhouseQuery(ch, "CREATE DATABASE IF NOT EXISTS bench");
  await clickhouseQuery(ch, "DROP TABLE IF EXISTS bench.templates");
  await clickhouseQuery(
    ch,
    `CREATE TABLE bench.templates (Template UInt32, ContainerEnvName String, ContainerName String, CallStackHash UInt64,
       CallStackParent UInt64, CallStackName String, NumSamples UInt32) ENGINE = MergeTree ORDER BY Template`,
  );
  const files = readdirSync(profiles).sort();
  for (const [template, file] of files.entries()) {
    const parser = createProfileIndexer({
      serviceId: 0,
      timestamp: new Date(),
      insertionTimestamp: new Date(),
    });
    parser.push(new Uint8Array(readFileSync(join(profiles, file))));
    const result = parser.finish();
    if (!result.ok) throw new Error(`${file}: ${result.error}`);
    const body = [...result.rows]
      .map((r) =>
        JSON.stringify({
          Template: template,
          ContainerEnvName: r.ContainerEnvName,
          ContainerName: r.ContainerName,
          CallStackHash: r.CallStackHash,
          CallStackParent: r.CallStackParent,
          CallStackName: r.CallStackName,
          NumSamples: r.NumSamples,
        }),
      )
      .join("\n");
    const res = await fetch(
      `${ch.url}/?query=${encodeURIComponent("INSERT INTO bench.templates FORMAT JSONEachRow")}`,
      { method: "POST", body },
    );
    if (!res.ok) throw new Error(`templates: ${await res.text()}`);
  }
  return files.length;
}

/**
 * One day of uploads: upload n of the day is service 1 + n % S at slot ⌊n / S⌋ (hourly, or every
 * 10 minutes in the recent hours), from host ⌊slot⌋ % H, with one of the service's templates.
 */
async function insertDay(day, loadedAt, templates) {
  const recentFrom = loadedAt - CONFIG.recentHours * HOUR;
  for (const [from, to, perHour] of [
    [day, Math.min(day + DAY, recentFrom), CONFIG.uploadsPerHour],
    [Math.max(day, recentFrom), Math.min(day + DAY, loadedAt + DAY), CONFIG.recentUploadsPerHour],
  ]) {
    if (to <= from) continue;
    const slotSeconds = 3600 / perHour;
    const slots = Math.floor((to - from) / 1000 / slotSeconds);
    const S = CONFIG.services;
    await clickhouseQuery(
      ch,
      `INSERT INTO flamedb.samples (Timestamp, ServiceId, InstanceType, ContainerEnvName, HostName, ContainerName, NumSamples,
                                   CallStackHash, CallStackName, CallStackParent, InsertionTimestamp, ErrNumSamples)
       SELECT toDateTime({from:UInt32}, 'UTC') + u.slot * {slotSeconds:UInt32} + u.service AS ts, u.service,
              arrayElement({types:Array(String)}, u.host % ${INSTANCE_TYPES.length} + 1), t.ContainerEnvName,
              concat('bench-', toString(u.service), '-', toString(u.host)), t.ContainerName, t.NumSamples,
              t.CallStackHash, t.CallStackName, t.CallStackParent, ts, 0
       FROM (SELECT 1 + number % ${S} AS service, intDiv(number, ${S}) AS slot,
                    (intDiv({from:UInt32}, {slotSeconds:UInt32}) + slot) % {hosts:UInt32} AS host,
                    (service - 1) * {perService:UInt32} + (intDiv({from:UInt32}, {slotSeconds:UInt32}) + slot) % {perService:UInt32} AS template
             FROM numbers({uploads:UInt64})) AS u
       INNER JOIN bench.templates AS t ON t.Template = u.template
       SETTINGS max_insert_block_size = 2000000`,
      {
        from: Math.floor(from / 1000),
        slotSeconds,
        types: JSON.stringify(INSTANCE_TYPES).replace(/"/g, "'"),
        hosts: CONFIG.hosts,
        perService: CONFIG.templates,
        uploads: slots * S,
      },
    );
  }
  if (templates !== CONFIG.services * CONFIG.templates) throw new Error("template count changed");
}

/** Every host's CPU and memory every few minutes, pseudo-random but repeatable. */
async function insertMetrics(from, to) {
  const step = CONFIG.metricsEveryMinutes * 60;
  const hosts = CONFIG.services * CONFIG.hosts;
  for (let day = from; day < to; day += DAY) {
    await clickhouseQuery(
      ch,
      `INSERT INTO flamedb.metrics (Timestamp, ServiceId, InstanceType, HostName, CPUAverageUsedPercent, MemoryAverageUsedPercent)
       SELECT toDateTime({day:UInt32}, 'UTC') + intDiv(number, {hosts:UInt32}) * {step:UInt32} AS ts,
              1 + intDiv(number % {hosts:UInt32}, {perService:UInt32}) AS service,
              arrayElement({types:Array(String)}, (number % {perService:UInt32}) % ${INSTANCE_TYPES.length} + 1),
              concat('bench-', toString(service), '-', toString(number % {perService:UInt32})),
              (cityHash64(number, 1) % 10000) / 100, 20 + (cityHash64(number, 2) % 6000) / 100
       FROM numbers({rows:UInt64})`,
      {
        day: Math.floor(day / 1000),
        hosts,
        step,
        perService: CONFIG.hosts,
        types: JSON.stringify(INSTANCE_TYPES).replace(/"/g, "'"),
        rows: (86400 / step) * hosts,
      },
    );
  }
}

/** Services, one agent process per host alive over the whole data, and the admin user. */
async function seedPostgres(loadedAt) {
  const sql = postgres(postgresUrl, { onnotice: () => {} });
  try {
    const start = new Date(loadedAt - (CONFIG.days + 1) * DAY);
    const end = new Date(loadedAt + DAY);
    await sql.begin(async (tx) => {
      await tx`INSERT INTO services (id, name, env_type) SELECT s, 'bench-svc-' || s, 'k8s' FROM generate_series(1, ${CONFIG.services}) s`;
      await tx`INSERT INTO machine_types (provider, name) SELECT 'AWS', unnest(${INSTANCE_TYPES}::text[])`;
      await tx`INSERT INTO machines (type, processors, memory) SELECT id, 2 + id % 4 * 2, 8192 FROM machine_types`;
      await tx`INSERT INTO oses (system_name, name, release) VALUES ('Linux', 'Ubuntu', '22.04')`;
      await tx`INSERT INTO kernels (os, release, version, hardware_type) SELECT id, '6.1', '#1', 'x86_64' FROM oses`;
      await tx`INSERT INTO libcs (type, version) VALUES ('glibc', '2.35')`;
      await tx`INSERT INTO profiler_versions (major, minor, patch, weight) VALUES (1, 35, 0, 1035000)`;
      await tx`INSERT INTO profiler_run_environments (python_version, libc, run_mode) SELECT '3.10', id, 'k8s' FROM libcs`;
      await tx`INSERT INTO instances (mac, identifier)
               SELECT ('02:00:00:' || lpad(to_hex(n / 65536), 2, '0') || ':' || lpad(to_hex(n / 256 % 256), 2, '0') || ':' || lpad(to_hex(n % 256), 2, '0'))::macaddr, 'i-' || n
               FROM generate_series(0, ${CONFIG.services * CONFIG.hosts - 1}) n`;
      await tx`INSERT INTO instance_runs (instance, boot_time, machine, kernel)
               SELECT i.id, ${start}, (SELECT min(id) FROM machines) + (i.id % 4), (SELECT min(id) FROM kernels) FROM instances i`;
      await tx`INSERT INTO profiler_processes (instance_run, profiler_version, profiler_run_environment, pid, spawn_local_time,
                 public_ip, private_ip, hostname, service, spawn_uptime, run_arguments, ts, last_seen)
               SELECT r.id, (SELECT min(id) FROM profiler_versions), (SELECT min(id) FROM profiler_run_environments), 1000,
                      ${start}, '203.0.113.1', '10.0.0.1',
                      'bench-' || (1 + (r.instance - 1) / ${CONFIG.hosts}) || '-' || ((r.instance - 1) % ${CONFIG.hosts}),
                      1 + (r.instance - 1) / ${CONFIG.hosts}, 0, '{}'::jsonb, ${start}, ${end}
               FROM instance_runs r`;
    });
  } finally {
    await sql.end();
  }
  await ensureAdminUser(postgresUrl, { password: PASSWORD });
}

async function tableRows() {
  const tables = [
    "samples",
    "samples_1min",
    "samples_1hour",
    "samples_1hour_all",
    "samples_1day",
    "samples_1day_all",
    "metrics",
  ];
  const rows = {};
  for (const table of tables)
    rows[table] = Number((await clickhouseQuery(ch, `SELECT count() AS n FROM flamedb.${table}`))[0].n);
  return rows;
}

function printData(loadedAt, rows, reused) {
  console.log(
    `data ${reused ? "reused from" : "loaded into"} .data/bench/api (loaded ${new Date(loadedAt).toISOString()}): ` +
      `${CONFIG.services} services × ${CONFIG.hosts} hosts, ${CONFIG.days} days + 1 ahead; ${CONFIG.templates} gen-profiles templates ` +
      `(--lines-per-file ${CONFIG.lines}) per service; an upload per service every ${60 / CONFIG.uploadsPerHour} min, ` +
      `every ${60 / CONFIG.recentUploadsPerHour} min in the last ${CONFIG.recentHours} h; metrics every ${CONFIG.metricsEveryMinutes} min per host`,
  );
  console.table(
    Object.entries(rows).map(([table, count]) => ({
      table: `flamedb.${table}`,
      rows: count.toLocaleString("en-US"),
    })),
  );
}

/** `wrangler dev` of the api Worker alone, on the bench's stores. */
async function startApi() {
  const port = 8787 + OFFSET;
  const service = startService(
    "api",
    "npx",
    [
      "wrangler",
      "dev",
      "-c",
      "workers/api/wrangler.toml",
      "--ip",
      "127.0.0.1",
      "--port",
      String(port),
      "--inspector-port",
      String(9229 + OFFSET),
      "--persist-to",
      join(DIR, "wrangler"),
      "--show-interactive-dev-session=false",
    ],
    {
      cwd: ROOT,
      logDir: join(DIR, "logs"),
      inheritEnv: false,
      env: {
        PATH: process.env.PATH,
        HOME: process.env.HOME,
        CLOUDFLARE_CF_FETCH_ENABLED: "false",
        WRANGLER_SEND_METRICS: "false",
        CLOUDFLARE_INCLUDE_PROCESS_ENV: "true",
        CLOUDFLARE_HYPERDRIVE_LOCAL_CONNECTION_STRING_HYPERDRIVE: postgresUrl,
        CLICKHOUSE_URL: ch.url,
      },
    },
  );
  const url = `http://127.0.0.1:${port}`;
  await waitForUrl(`${url}/api/auth/me`, { service, timeoutMs: 120_000 });
  return { url, service };
}

async function login(url) {
  const res = await fetch(`${url}/api/auth/login`, {
    method: "POST",
    headers: { "content-type": "application/json", origin: url },
    body: JSON.stringify({ username: "admin", password: PASSWORD }),
  });
  if (!res.ok) throw new Error(`login: ${res.status} ${await res.text()}`);
  return res.headers.get("set-cookie").split(";")[0];
}

/**
 * A function request's timer: ms from sending to the last byte, and the CPU ms the ClickHouse server
 * and the Worker's workerd spent on it (from /proc, 10 ms ticks): the work, which other engineers' load
 * on this shared machine does not change, unlike the wall time.
 */
function benchmark(url, cookie, services) {
  return async (route, service) => {
    const end = Date.now();
    const params = new URLSearchParams({
      serviceName: `bench-svc-${service}`,
      ...(route.span
        ? { startTime: new Date(end - route.span).toISOString(), endTime: new Date(end).toISOString() }
        : {}),
      ...route.extra,
    });
    const pids = processIds(services());
    const cpuBefore = pids.map(cpuMs);
    const started = performance.now();
    const res = await fetch(`${url}${route.path}?${params}`, { headers: { cookie } });
    const body = await res.text();
    const ms = performance.now() - started;
    const [chCpu, workerCpu] = pids.map((pid, i) => cpuMs(pid) - cpuBefore[i]);
    const io = route.path === "/api/flamegraph" && res.ok ? Math.round(JSON.parse(body).olap_time * 1000) : undefined;
    return { ms, status: res.status, io, chCpu, workerCpu };
  };
}

/** The ClickHouse server's pid and that of the workerd in the api service's process group. */
function processIds([clickhouseService, apiService]) {
  if (apiService.workerdPid === undefined) {
    const group = execFileSync("ps", ["-o", "pid=,comm=", "-g", String(apiService.child.pid)], { encoding: "utf8" });
    const workerd = group.split("\n").find((line) => line.trim().endsWith("workerd"));
    apiService.workerdPid = Number(workerd?.trim().split(/\s+/)[0]);
  }
  return [clickhouseService?.child.pid, apiService.workerdPid]; // no ClickHouse process with CLICKHOUSE_URL
}

/** User + system CPU ms of a process so far; 0 when it is unknown. */
function cpuMs(pid) {
  try {
    const fields = readFileSync(`/proc/${pid}/stat`, "utf8").split(") ")[1].split(" ");
    return (Number(fields[11]) + Number(fields[12])) * 10;
  } catch {
    return 0;
  }
}

/** The busiest non-root frame of service 1's first template, for function_cpu. */
async function busiestFunction() {
  const [row] = await clickhouseQuery(
    ch,
    "SELECT CallStackName AS name FROM bench.templates WHERE Template = 0 AND CallStackParent != 0 ORDER BY NumSamples DESC LIMIT 1",
  );
  return row.name;
}

function hostFilter(host) {
  return JSON.stringify({ filter: { $and: [{ HostName: { $eq: host } }] } });
}

function mean(results, field) {
  return Math.round(results.reduce((sum, r) => sum + r[field], 0) / results.length);
}

function percentile(results, p, field = "ms") {
  const sorted = results.map((r) => r[field]).sort((a, b) => a - b);
  return Math.round(sorted[Math.max(0, Math.ceil((p / 100) * sorted.length) - 1)]);
}
