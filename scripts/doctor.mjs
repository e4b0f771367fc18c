// `npm run doctor [-- --stack NAME]`: checks every component of a studio, one line each (ok / warn / fail,
// with the fix), and exits non-zero when any check fails. From this machine: Postgres and ClickHouse at the
// versions of this checkout, their clocks against this one, the ingest Worker, the UI and the api behind it.
// From the api's GET /api/admin/status (with admin credentials): what the Workers see, the same checks
// as the UI's Status page: Postgres via Hyperdrive, ClickHouse, R2, the Queue's backlog, dead letters,
// the newest indexed profile per service. Local defaults are `npm start`'s; production: docs/deploy.md.
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import {
  clickhouseCheck,
  clockCheck,
  httpCheck,
  postgresCheck,
  unreachable,
  worstLevel,
} from "../workers/core/src/status-checks.mjs";
import { expectedClickHouseVersion, migrationJournal, probeClickHouse, probeHttp, probePostgres, settle } from "./lib/doctor-probes.mjs";
import { ROOT } from "./lib/setup.mjs";

/** Where the studio is: the environment (production, see docs/deploy.md), else stack NAME's local defaults. */
export function doctorConfig(env = process.env, argv = []) {
  const stackFlag = argv.indexOf("--stack");
  const stack = stackFlag >= 0 ? argv[stackFlag + 1] : "dev";
  if (!stack || argv.some((a, i) => a !== "--stack" && i !== stackFlag + 1)) {
    throw new Error("usage: npm run doctor [-- --stack NAME]");
  }
  const local = (port, fallback) => `http://127.0.0.1:${env[port] ?? fallback}`;
  const passwordFile = join(ROOT, ".data", stack, "admin-password");
  const password = env.STUDIO_ADMIN_PASSWORD ?? (existsSync(passwordFile) ? readFileSync(passwordFile, "utf8").trim() : undefined);
  const user = env.STUDIO_ADMIN_USER || "admin";
  return {
    postgresUrl: env.STUDIO_POSTGRES_URL || env.DATABASE_URL || `postgres://studio:studio@127.0.0.1:5432/studio_${stack}`,
    clickhouse: {
      url: env.STUDIO_CLICKHOUSE_URL || env.CLICKHOUSE_URL || local("STUDIO_CLICKHOUSE_PORT", 8123),
      user: env.STUDIO_CLICKHOUSE_USER || env.CLICKHOUSE_USER || "default",
      password: env.STUDIO_CLICKHOUSE_PASSWORD ?? env.CLICKHOUSE_PASSWORD ?? "",
    },
    cluster: env.STUDIO_CLICKHOUSE_MODE === "cluster",
    ingestUrl: (env.STUDIO_AGENTS_URL || local("STUDIO_INGEST_PORT", 8787)).replace(/\/$/, ""),
    uiUrl: (env.STUDIO_UI_URL || local("STUDIO_UI_PORT", 8788)).replace(/\/$/, ""),
    headers: {
      // Behind Cloudflare Access, a service token gets scripts through (docs/deploy.md).
      ...(env.STUDIO_ACCESS_CLIENT_ID && {
        "CF-Access-Client-Id": env.STUDIO_ACCESS_CLIENT_ID,
        "CF-Access-Client-Secret": env.STUDIO_ACCESS_CLIENT_SECRET ?? "",
      }),
    },
    authorization: env.STUDIO_ADMIN_TOKEN
      ? `Bearer ${env.STUDIO_ADMIN_TOKEN}`
      : password && `Basic ${Buffer.from(`${user}:${password}`).toString("base64")}`,
  };
}

const FIX = {
  postgres: "start Postgres (`npm start` does), or point DATABASE_URL / STUDIO_POSTGRES_URL at it",
  clickhouse: "start ClickHouse (`npm start` runs the local one), or set CLICKHOUSE_URL / STUDIO_CLICKHOUSE_URL (+ _USER, _PASSWORD)",
  workers: "start the stack (`npm start`), or set STUDIO_AGENTS_URL / STUDIO_UI_URL to the deployed Workers (docs/deploy.md)",
  binding: "the UI's API service binding does not reach the api Worker: deploy it (`npm run deploy`) and check web/wrangler.toml [[services]]",
  admin: "set STUDIO_ADMIN_TOKEN (an administrator's personal token, POST /api/auth/tokens) or STUDIO_ADMIN_USER and STUDIO_ADMIN_PASSWORD",
};

/** Every check, in the order printed. */
export async function runDoctor(config) {
  const [pg, ch, ingest, ui, api] = await Promise.all([
    settle(() => probePostgres(config.postgresUrl)),
    settle(() => probeClickHouse(config.clickhouse)),
    probeHttp(`${config.ingestUrl}/api/v1/health_check/webapp`, { headers: config.headers }),
    probeHttp(`${config.uiUrl}/login`, { headers: config.headers }),
    probeHttp(`${config.uiUrl}/api/auth/me`, { headers: config.headers }),
  ]);
  const migrate = `DATABASE_URL=${redact(config.postgresUrl)} npx drizzle-kit migrate`;
  const applySchema = `CLICKHOUSE_URL=${config.clickhouse.url} node clickhouse/apply-schema.mjs${config.cluster ? " --cluster" : ""}`;
  const checks = [
    pg.value
      ? postgresCheck("postgres", "Postgres (from here)", pg.value, migrationJournal(), migrate)
      : unreachable("postgres", "Postgres (from here)", `${redact(config.postgresUrl)}: ${pg.error}`, FIX.postgres),
    ch.value
      ? clickhouseCheck("clickhouse", "ClickHouse (from here)", ch.value, expectedClickHouseVersion(config), applySchema)
      : unreachable("clickhouse", "ClickHouse (from here)", `${config.clickhouse.url}: ${ch.error}`, FIX.clickhouse),
    clockCheck("clock", "Clocks", "this machine", { Postgres: pg.value?.offsetMs ?? NaN, ClickHouse: ch.value?.offsetMs ?? NaN }),
    httpCheck("ingest", "ingest Worker", { ...ingest, expected: [200] }, FIX.workers),
    httpCheck("ui", "UI (Pages)", { ...ui, expected: [200] }, FIX.workers),
    apiCheck(api),
    ...(await workerChecks(config)),
  ];
  return checks;
}

/** Without credentials the api must answer 401 with its JSON message: then the binding works. */
function apiCheck(answer) {
  const id = "api";
  const label = "api Worker (through the UI)";
  const fromApi = answer.status === 401 && /"message"/.test(answer.body ?? "");
  if (answer.error || !fromApi) {
    const got = answer.error ?? `${answer.status} ${answer.body?.slice(0, 100) ?? ""}`.trim();
    return { id, label, level: "fail", detail: `${answer.url}: ${got}`, fix: answer.error ? FIX.workers : FIX.binding };
  }
  return { id, label, level: "ok", detail: `${answer.url} answered 401 without credentials, as it should` };
}

/** GET /api/admin/status through the UI origin: the checks only the Workers can make. */
async function workerChecks(config) {
  const id = "admin-status";
  const label = "Workers' status";
  if (!config.authorization) return [{ id, label, level: "warn", detail: "skipped: no administrator credentials", fix: FIX.admin }];
  const answer = await probeHttp(`${config.uiUrl}/api/admin/status`, {
    headers: { ...config.headers, authorization: config.authorization },
  });
  if (answer.status !== 200) {
    const why = answer.error ?? `${answer.status}: ${answer.body?.slice(0, 200)}`;
    const fix = answer.status === 401 || answer.status === 403 ? FIX.admin : FIX.binding;
    return [{ id, label, level: "fail", detail: `${answer.url}: ${why}`, fix }];
  }
  return JSON.parse(answer.body).checks.map((c) => ({ ...c, id: `api:${c.id}`, label: `api → ${c.label}` }));
}

const redact = (url) => url.replace(/\/\/([^:/@]+):[^@]*@/, "//$1:***@");

const MARK = { ok: "ok  ", warn: "warn", fail: "FAIL" };

/** One line per check: level, label, what was found, and for a problem the fix. */
export function formatCheck(check, labelWidth = 34) {
  const fix = check.level !== "ok" && check.fix ? `  → fix: ${check.fix}` : "";
  return `${MARK[check.level]}  ${check.label.padEnd(labelWidth)} ${check.detail}${fix}`;
}

if (import.meta.url === `file://${process.argv[1]}`) {
  try {
    const checks = await runDoctor(doctorConfig(process.env, process.argv.slice(2)));
    const width = Math.max(...checks.map((c) => c.label.length));
    for (const check of checks) console.log(formatCheck(check, width));
    const count = (level) => checks.filter((c) => c.level === level).length;
    console.log(`doctor: ${count("ok")} ok, ${count("warn")} warn, ${count("fail")} failed`);
    process.exit(worstLevel(checks) === "fail" ? 1 : 0);
  } catch (e) {
    console.error(`doctor: ${e.message}`);
    process.exit(2);
  }
}
