// fast-check over every query parameter of the UI's routes and over the agents' request parameters and
// headers, against the running stack. Every generated hostile value carries MARKER; while the fuzzers run,
// the SQL recorder (sql-recorder.mjs) and the Postgres statement log must never show MARKER inside a
// statement's text: values reach ClickHouse and Postgres only as parameters. No answer may be a 5xx or a
// hang, and every 4xx carries a JSON message.
import { readFileSync, statSync } from "node:fs";
import fc from "fast-check";
import { SimulatedAgent } from "../agent.mjs";
import { agentProfile } from "./profiles.mjs";

export const MARKER = "zq7mark";

const SPECIALS = [
  "'; DROP TABLE services; --", '" OR 1=1 --', "') OR ('1'='1", "{f0:String}", "{id:UInt32}", "\\'", "%", "_%",
  "\u0000", "1e309", "-1", "0", "99999999999999999999", "../../etc/passwd", "<script>alert(1)</script>", "${x}",
  "$eq", "NaN", " ", "\u202e", "😀",
];
const hostile = fc
  .oneof(fc.constantFrom(...SPECIALS), fc.string({ maxLength: 40 }), fc.string({ unit: "grapheme", maxLength: 12 }))
  .map((s) => `${s}${MARKER}`);
/** Latin-1 printable only: what fetch can put into a header. */
const headerSafe = hostile.map((s) => s.replace(/[^\x20-\x7e]/g, "?"));

const COLUMNS = ["HostName", "ContainerName", "ContainerEnvName", "InstanceType", "Bogus"];
const OPERATORS = ["$eq", "$neq", "$lt", "$lte", "$gt", "$gte", "$like", "$regex"];
const filter = fc.oneof(
  { arbitrary: hostile, weight: 1 },
  fc
    .array(fc.tuple(fc.constantFrom(...COLUMNS), fc.constantFrom(...OPERATORS), hostile), { minLength: 1, maxLength: 4 })
    .chain((terms) =>
      fc.constantFrom("$and", "$or").map((group) => JSON.stringify({ filter: { [group]: terms.map(([c, o, v]) => ({ [c]: { [o]: v } })) } })),
    ),
  // whitelisted columns and operators only: these reach ClickHouse with the hostile values
  fc
    .array(fc.tuple(fc.constantFrom(...COLUMNS.slice(0, 4)), fc.constantFrom(...OPERATORS.slice(0, 7)), hostile), { minLength: 1, maxLength: 3 })
    .map((terms) => JSON.stringify({ filter: { $and: terms.map(([c, o, v]) => ({ [c]: { [o]: v } })) } })),
);

/** GET routes of the api (workers/api/README.md) with their own parameters; `:x` are path segments. */
const ROUTES = [
  ["/api/flamegraph", { stacksCount: fc.oneof(hostile, fc.nat().map(String)), enrichment: fc.constantFrom("lang", "x") }],
  ["/api/flamegraph/download_svg", {}],
  ["/api/flamegraph/download_collapsed", {}],
  ["/api/flamegraph/datetime_with_data", {}],
  ["/api/metrics/summary", {}],
  ["/api/metrics/graph", { requested_interval: fc.oneof(hostile, fc.constantFrom("15 minute", "1 second", "0 day")) }],
  ["/api/metrics/cpu_trend", {}],
  ["/api/metrics/samples", { requested_interval: hostile }],
  ["/api/metrics/instance_type_count", {}],
  ["/api/metrics/function_cpu", { functionName: hostile }],
  ["/api/metrics/nodes_cores/summary", { ignoreZeros: hostile }],
  ["/api/metrics/graph/nodes_and_cores", { requested_interval: hostile }],
  ["/api/metrics/services_list_summary", {}],
  ["/api/v1/filters/tags/:column", {}],
  ["/api/v1/filters", {}],
  ["/api/v1/filters/service/:service", {}],
  ["/api/overview/services/:service", {}],
  ["/api/agent_logs", { hostname: hostile, severity: hostile, search: hostile, limit: hostile, cursor: hostile }],
  ["/api/installations/daemon_set/file", { namespace: hostile }],
  ["/api/installations/:kind/file", {}],
  ["/api/snapshots/:id", {}],
];

/** Mostly the good value, so most requests get past validation to the stores with the other fields. */
const goodOrHostile = (good) => fc.oneof({ arbitrary: fc.constant(good), weight: 3 }, { arbitrary: hostile, weight: 1 });

export async function fuzzQueryParams({ stack, sqlRecorder, pgServer, runs, basic }) {
  const failures = [];
  const service = "soak-xss";
  const now = Date.now();
  const request = fc.record({
    route: fc.constantFrom(...ROUTES),
    common: fc.record(
      {
        serviceName: goodOrHostile(service),
        startTime: goodOrHostile(new Date(now - 3_600_000).toISOString()),
        endTime: goodOrHostile(new Date(now).toISOString()),
        filter,
      },
      { requiredKeys: [] },
    ),
    segment: fc.oneof(fc.constantFrom(service, "HostName", "ContainerName", "docker_compose", "1"), hostile),
    seed: fc.nat(),
  });
  let tried = 0;
  const watched = await watchingSql({ sqlRecorder, pgServer }, async () => {
    await fc.assert(
      fc.asyncProperty(request, fc.context(), async ({ route: [path, extras], common, segment }, log) => {
        tried++;
        const extra = fc.sample(fc.record(extras, { requiredKeys: [] }), 1)[0];
        const url = `${stack.uiUrl}${path.replace(/:\w+/, encodeURIComponent(segment))}?${new URLSearchParams({ ...common, ...extra })}`;
        const res = await fetchAnswer(url, { headers: { authorization: basic } });
        log.log(`${url} → ${res.status ?? res.error}`);
        if (!acceptable(res)) failures.push(`${url} → ${res.status ?? res.error} ${res.text?.slice(0, 200) ?? ""}`);
        return true;
      }),
      { numRuns: runs, seed: 20261125 },
    );
  });
  return verdict({ tried, failures, watched });
}

export async function fuzzAgentRequests({ stack, token, sqlRecorder, pgServer, runs }) {
  const failures = [];
  let tried = 0;
  const upload = fc.record({
    service: fc.oneof(fc.constant("soak-fuzz"), headerSafe),
    hostname: fc.oneof(fc.constant("soak-fuzz-host"), hostile),
    version: fc.oneof(fc.constant("1.51.0"), hostile),
    gpid: fc.oneof(fc.constant(""), hostile),
  });
  const watched = await watchingSql({ sqlRecorder, pgServer }, async () => {
    await fc.assert(
      fc.asyncProperty(upload, async ({ service, hostname, version, gpid }) => {
        tried++;
        const agent = new SimulatedAgent({ serverUrl: stack.ingestUrl, token, serviceName: service, hostname, version });
        agent.gpid = gpid;
        const answers = [
          await agent.uploadProfile({ profile: agentProfile(`main;${hostname} 1\n`, hostname) }).catch((e) => ({ error: String(e) })),
          await agent.sendLogs([{ severity: 3, timestamp: Date.now(), text: { message: hostname } }]).catch((e) => ({ error: String(e) })),
        ];
        for (const res of answers) {
          if (!acceptable({ ...res, json: res.body })) failures.push(`${service} ${hostname} → ${res.status ?? res.error} ${JSON.stringify(res.body)}`);
        }
        return true;
      }),
      { numRuns: runs, seed: 4242 },
    );
  });
  return verdict({ tried: tried * 2, failures, watched });
}

/** Runs `fuzz` with the recorder and the Postgres statement log watching for MARKER in SQL text. */
async function watchingSql({ sqlRecorder, pgServer }, fuzz) {
  const before = sqlRecorder.summary();
  sqlRecorder.watch(MARKER);
  pgServer.logStatements(true);
  const logStart = statSync(pgServer.logPath).size;
  try {
    await fuzz();
  } finally {
    pgServer.logStatements(false);
    sqlRecorder.watch();
  }
  const log = readFileSync(pgServer.logPath, "utf8").slice(logStart);
  // `LOG: execute <name>: SELECT …` / `LOG: statement: …` are SQL text; `DETAIL: parameters: $1 = '…'` are values
  const postgresLeaks = log.split("\n").filter((line) => /LOG:\s+(statement|execute [^:]*):/.test(line) && line.includes(MARKER));
  const postgresStatements = log.split("\n").filter((line) => /LOG:\s+(statement|execute [^:]*):/.test(line)).length;
  const after = sqlRecorder.summary();
  return {
    clickhouseStatements: after.statements - before.statements,
    clickhouseLeaks: after.leaks.slice(before.leaks.length),
    postgresStatements,
    postgresLeaks,
  };
}

function verdict({ tried, failures, watched }) {
  const leaks = [...watched.clickhouseLeaks, ...watched.postgresLeaks];
  return {
    ok: failures.length === 0 && leaks.length === 0 && watched.clickhouseStatements > 0 && watched.postgresStatements > 0,
    tried,
    detail:
      `${tried} requests, ${failures.length} answered 5xx/hang/bad 4xx${failures.length ? ` (first: ${failures[0]})` : ""}; ` +
      `SQL seen: ${watched.clickhouseStatements} ClickHouse, ${watched.postgresStatements} Postgres; with a fuzzed value in the SQL text: ${leaks.length}` +
      (leaks.length ? ` (first: ${leaks[0].slice(0, 200)})` : ""),
  };
}

/** A 2xx/3xx, or a 4xx with a JSON message; never a 5xx, a hang or a dropped connection. */
function acceptable(res) {
  if (res.hang || res.error || res.status === undefined) return false;
  if (res.status >= 500) return false;
  if (res.status >= 400) return typeof res.json?.message === "string";
  return true;
}

async function fetchAnswer(url, init) {
  try {
    const res = await fetch(url, { redirect: "manual", ...init, signal: AbortSignal.timeout(30_000) });
    const text = await res.text();
    let json;
    try {
      json = JSON.parse(text);
    } catch {}
    return { status: res.status, text, json };
  } catch (e) {
    return e?.name === "TimeoutError" ? { hang: true } : { error: String(e?.cause?.code ?? e) };
  }
}
