// `npm run soak`: proof under fire (docs/reliability.md). Starts a soak stack of its own on loopback
// (its own Postgres server, ClickHouse, `wrangler dev`, the UI), runs N simulated agents for a set time
// while it kills and restarts ClickHouse, Postgres and wrangler, fails R2 reads and redelivers Queue
// messages, sends the hostile battery and the fuzzers, then reconciles ClickHouse against every accepted
// upload and prints the summary table.
//
//   npm run soak [-- --short] [--agents N] [--seconds S] [--interval S] [--lines L] [--faults a,b|none]
//                [--hostile-runs N] [--record]
// --short: 10 agents for 25 s, every fault, the hostile battery but the indexed million-line profile (what
// `npm test` runs). --record writes the table into docs/reliability.md.
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { stopAll } from "./lib/processes.mjs";
import { ensureDebianPackages, ROOT } from "./lib/setup.mjs";
import { summaryTable, verdict } from "./lib/soak/report.mjs";
import { DEFAULTS, runSoak, SHORT } from "./lib/soak/run.mjs";

const args = process.argv.slice(2);
const flag = (name) => args.includes(`--${name}`);
const value = (name) => {
  const i = args.indexOf(`--${name}`);
  return i === -1 ? undefined : args[i + 1];
};
const number = (name) => (value(name) === undefined ? undefined : Number(value(name)));

const options = { ...(flag("short") ? SHORT : DEFAULTS) };
if (number("agents")) options.agents = number("agents");
if (number("seconds")) options.durationMs = number("seconds") * 1000;
if (number("interval")) options.intervalMs = number("interval") * 1000;
if (number("lines")) options.lines = number("lines");
if (number("hostile-runs")) options.hostileRuns = number("hostile-runs");
if (value("faults")) options.faults = value("faults") === "none" ? [] : value("faults").split(",");
options.portOffset = Number(process.env.STUDIO_TEST_PORT_OFFSET ?? 0);

// npm packages are there already (this script imports them); `npm ci` is npm start's and npm test's job
ensureDebianPackages(["postgresql", "chromium", "fonts-liberation"]);
process.on("SIGINT", () => stopAll().then(() => process.exit(130)));
let run;
try {
  run = await runSoak(options);
} finally {
  await stopAll();
}
const v = verdict(run);
const table = summaryTable(run, v);
console.log(`\n${table}\n\nsoak ${v.ok ? "PASSED" : "FAILED"}`);
if (flag("record")) record(table, run);
process.exit(v.ok ? 0 : 1);

/** Replaces the recorded run in docs/reliability.md (between its markers: the short form has its own). */
function record(table, run) {
  const path = join(ROOT, "docs/reliability.md");
  const doc = readFileSync(path, "utf8");
  const marker = flag("short") ? "soak-short" : "soak";
  const rest = args.filter((a) => a !== "--record");
  const machine = `${new Date(run.began).toISOString().slice(0, 16)}Z, \`npm run soak${rest.length ? ` -- ${rest.join(" ")}` : ""}\``;
  const section = `<!-- ${marker}:begin -->\nLatest recorded run: ${machine}.\n\n${table}\n<!-- ${marker}:end -->`;
  writeFileSync(path, doc.replace(new RegExp(`<!-- ${marker}:begin -->[\\s\\S]*<!-- ${marker}:end -->`), section));
  console.log(`recorded in ${path}`);
}
