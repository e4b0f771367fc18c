// `npm run deploy [-- --dry-run]`: everything from an empty Cloudflare account to a running studio.
// Creates what is missing (R2 bucket, Queues, Hyperdrive), applies the Postgres migrations and the
// ClickHouse schema, sets the Workers' secrets, deploys the three Workers and the Pages UI.
// With --dry-run it changes nothing: it prints the plan and bundles every Worker and the UI locally,
// checking each stays under Cloudflare's size limit (this is what `npm test` runs).
import { execFileSync } from "node:child_process";
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { dirname, join, relative } from "node:path";
import { gzipSync } from "node:zlib";
import { run } from "./lib/processes.mjs";
import { ROOT } from "./lib/setup.mjs";
import { buildWeb } from "./lib/stack.mjs";

const WORKERS = { ingest: "wrangler.toml", indexer: "workers/indexer/wrangler.toml", api: "workers/api/wrangler.toml" };
const R2_BUCKET = "gprofiler-profiles";
const QUEUES = ["profiles-index", "profiles-index-dlq"];
const HYPERDRIVE_NAME = "studio-postgres";
const PAGES_PROJECT = "studio-web";
// Cloudflare's limit for a Worker script after gzip on the free plan (10 MiB on paid plans).
const MAX_BUNDLE_GZIP_BYTES = 3 * 1024 * 1024;
const PLACEHOLDER_HYPERDRIVE_ID = "00000000000000000000000000000000";

const dryRun = process.argv.includes("--dry-run");
const env = { ...process.env, CLOUDFLARE_CF_FETCH_ENABLED: "false", WRANGLER_SEND_METRICS: "false" };
const outDir = join(ROOT, ".data/deploy");

const wrangler = (args, options = {}) =>
  execFileSync("npx", ["wrangler", ...args], { cwd: ROOT, env, encoding: "utf8", stdio: ["pipe", "pipe", "inherit"], ...options });

/** A production setting from the environment; the dry run shows the plan without them. */
function setting(name, { optional = false } = {}) {
  const value = env[name];
  if (!value && !optional && !dryRun) throw new Error(`set ${name} (see docs/deploy.md)`);
  return value ?? "";
}

function step(description, action) {
  console.log(`${dryRun ? "[plan] " : "→ "}${description}`);
  if (!dryRun) action();
}

/** Bundles every Worker from its production config as `wrangler deploy` would; fails over the size limit. */
function bundleWorkers(configs) {
  for (const [name, config] of Object.entries(configs)) {
    const dir = join(outDir, "bundles", name);
    wrangler(["deploy", "--dry-run", "--outdir", dir, "-c", config], { stdio: "pipe" });
    const gzipped = gzipSync(readFileSync(join(dir, "index.js"))).length;
    console.log(`  ${name}: ${(gzipped / 1024).toFixed(0)} KiB gzipped (limit ${MAX_BUNDLE_GZIP_BYTES / 1024} KiB)`);
    if (gzipped > MAX_BUNDLE_GZIP_BYTES) throw new Error(`the ${name} Worker is ${gzipped} bytes gzipped`);
  }
}

/**
 * The production copy of a Worker config: the real Hyperdrive id, the agents' URL, and without the local
 * vars that production sets as secrets (a var may not share a secret's name). `main` still resolves.
 */
function productionConfig(config, { hyperdriveId, agentsUrl }) {
  const source = readFileSync(join(ROOT, config), "utf8");
  const main = /^main\s*=\s*"([^"]+)"/m.exec(source)[1];
  const target = join(outDir, "config", config);
  mkdirSync(dirname(target), { recursive: true });
  const mainFromTarget = relative(dirname(target), join(ROOT, dirname(config), main));
  writeFileSync(
    target,
    source
      .replace(/^main\s*=.*$/m, `main = "${mainFromTarget}"`)
      .replace(/^(CLICKHOUSE_URL|CLICKHOUSE_USER|SESSION_SECRET)\s*=.*\n/gm, "")
      .replace(/^(AGENT_SERVER_HOST|AGENTS_URL)\s*=.*$/gm, (_, name) => `${name} = ${JSON.stringify(agentsUrl)}`)
      .replace(PLACEHOLDER_HYPERDRIVE_ID, hyperdriveId),
  );
  return target;
}

function ensureHyperdrive(postgresUrl) {
  const listed = JSON.parse(wrangler(["hyperdrive", "list", "--json"]) || "[]");
  const existing = listed.find((h) => h.name === HYPERDRIVE_NAME);
  if (existing) return existing.id;
  const out = wrangler(["hyperdrive", "create", HYPERDRIVE_NAME, `--connection-string=${postgresUrl}`]);
  return /"?id"?\s*[:=]\s*"([0-9a-f]{32})"/.exec(out)?.[1] ?? out.match(/[0-9a-f]{32}/)[0];
}

function main() {
  mkdirSync(outDir, { recursive: true });
  const postgresUrl = setting("STUDIO_POSTGRES_URL");
  const clickhouseUrl = setting("STUDIO_CLICKHOUSE_URL");
  const clickhouseUser = setting("STUDIO_CLICKHOUSE_USER", { optional: true }) || "default";
  const clickhousePassword = setting("STUDIO_CLICKHOUSE_PASSWORD", { optional: true });
  const cluster = env.STUDIO_CLICKHOUSE_MODE === "cluster";
  // Signs UI sessions and seals the agent key the UI shows: it must stay the same across deploys.
  const sessionSecret = setting("STUDIO_SESSION_SECRET");
  if (!dryRun && sessionSecret.length < 32) throw new Error("STUDIO_SESSION_SECRET must be at least 32 characters");
  const agentsUrl = setting("STUDIO_AGENTS_URL") || "https://profiler.example.com";

  console.log(dryRun ? "Deploy plan (dry run: nothing is changed)" : "Deploying Performance Studio Edge");
  // One bucket: the agents' profiles, and the api Worker's share links under shares/.
  step(`R2 bucket ${R2_BUCKET}`, () => {
    if (!wrangler(["r2", "bucket", "list"]).includes(R2_BUCKET)) wrangler(["r2", "bucket", "create", R2_BUCKET]);
  });
  for (const queue of QUEUES) {
    step(`Queue ${queue}`, () => {
      if (!wrangler(["queues", "list"]).includes(queue)) wrangler(["queues", "create", queue]);
    });
  }
  let hyperdriveId = PLACEHOLDER_HYPERDRIVE_ID;
  step(`Hyperdrive ${HYPERDRIVE_NAME} → the Postgres of STUDIO_POSTGRES_URL`, () => {
    hyperdriveId = ensureHyperdrive(postgresUrl);
  });
  step("Postgres migrations (drizzle-kit migrate)", () =>
    run("npx", ["drizzle-kit", "migrate"], { cwd: ROOT, env: { ...env, DATABASE_URL: postgresUrl } }),
  );
  step(`ClickHouse schema (${cluster ? "cluster" : "single node"}) on STUDIO_CLICKHOUSE_URL`, () =>
    run("node", ["clickhouse/apply-schema.mjs", ...(cluster ? ["--cluster"] : [])], {
      cwd: ROOT,
      env: { ...env, CLICKHOUSE_URL: clickhouseUrl, CLICKHOUSE_USER: clickhouseUser, CLICKHOUSE_PASSWORD: clickhousePassword },
    }),
  );
  const retentionDays = env.STUDIO_RETENTION_DAYS;
  if (retentionDays) {
    step(`ClickHouse retention: ${retentionDays} days for every table family`, () =>
      run("node", ["scripts/retention.mjs", "--days", retentionDays, ...(cluster ? ["--cluster"] : [])], {
        cwd: ROOT,
        env: { ...env, CLICKHOUSE_URL: clickhouseUrl, CLICKHOUSE_USER: clickhouseUser, CLICKHOUSE_PASSWORD: clickhousePassword },
      }),
    );
  }

  console.log(`${dryRun ? "[plan] " : "→ "}bundle every Worker`);
  const configs = Object.fromEntries(
    Object.entries(WORKERS).map(([name, c]) => [name, productionConfig(c, { hyperdriveId, agentsUrl })]),
  );
  bundleWorkers(configs);
  for (const [name, deployConfig] of Object.entries(configs)) {
    step(`deploy the ${name} Worker with its secrets`, () => {
      wrangler(["deploy", "-c", deployConfig], { stdio: "inherit" });
      // All three write or read ClickHouse (the ingest Worker stores agent logs there).
      const secrets = {
        CLICKHOUSE_URL: clickhouseUrl,
        CLICKHOUSE_USER: clickhouseUser,
        CLICKHOUSE_PASSWORD: clickhousePassword,
        ...(name === "api" && { SESSION_SECRET: sessionSecret }),
      };
      wrangler(["secret", "bulk", "-c", deployConfig], { input: JSON.stringify(secrets), stdio: ["pipe", "inherit", "inherit"] });
    });
  }
  console.log(`${dryRun ? "[plan] " : "→ "}build the UI`);
  buildWeb({ force: true });
  step(`deploy the UI to Pages project ${PAGES_PROJECT}`, () => {
    // The Pages project's own config (web/wrangler.toml) with the agents' URL the Installation page shows.
    const webConfig = join(ROOT, "web/wrangler.toml");
    const original = readFileSync(webConfig, "utf8");
    writeFileSync(webConfig, original.replace(/^AGENTS_URL\s*=.*$/m, `AGENTS_URL = ${JSON.stringify(agentsUrl)}`));
    try {
      wrangler(["pages", "deploy", "dist", "--project-name", PAGES_PROJECT], { cwd: join(ROOT, "web"), stdio: "inherit" });
    } finally {
      writeFileSync(webConfig, original);
    }
  });
  console.log(dryRun ? "dry run complete: every Worker bundles and the UI builds" : "deployed");
}

try {
  main();
} catch (e) {
  console.error(`deploy failed: ${e.message}`);
  process.exit(1);
}
