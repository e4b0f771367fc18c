// `npm start`: install what is missing, start the whole local stack, load demo data through the
// ingest Worker exactly as agents send it, print the URLs. Ctrl-C stops everything.
import { existsSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { SimulatedAgent } from "./lib/agent.mjs";
import { createAgentToken, ensureAdminUser, serviceExists } from "./lib/bootstrap.mjs";
import { stopAll } from "./lib/processes.mjs";
import { ensureInstalled, ROOT } from "./lib/setup.mjs";
import { startStack } from "./lib/stack.mjs";

const env = process.env;
const DEMO_SERVICE = "demo-service";
const port = (name, fallback) => Number(env[name] ?? fallback);

ensureInstalled();
const stack = await startStack({
  name: "dev",
  ingestPort: port("STUDIO_INGEST_PORT", 8787),
  uiPort: port("STUDIO_UI_PORT", 8788),
  clickhousePort: port("STUDIO_CLICKHOUSE_PORT", 8123),
});
const shutdown = async () => {
  console.log("\nstopping the stack…");
  await stopAll();
  process.exit(0);
};
process.on("SIGINT", shutdown);
process.on("SIGTERM", shutdown);

// Postgres keeps only hashes, so the generated local secrets are kept beside the stack's data for the
// next start to print again (local development only; production sets them explicitly).
const agentToken = await createAgentToken(stack.postgresUrl, {
  token: env.STUDIO_AGENT_TOKEN ?? readSecret("agent-token"),
  name: "agents",
});
writeSecret("agent-token", agentToken);
const adminPassword = env.STUDIO_ADMIN_PASSWORD ?? readSecret("admin-password");
const generatedPassword = await ensureAdminUser(stack.postgresUrl, { password: adminPassword });
if (generatedPassword) writeSecret("admin-password", generatedPassword);
await loadDemoData(stack.ingestUrl, agentToken);

console.log(`
Performance Studio Edge is running.
  UI:                 ${stack.uiUrl}
  Agents' domain:     ${stack.ingestUrl}   (--server-host and --glogger-server)
  Agent API key:      ${agentToken}
  UI user:            admin / ${generatedPassword ?? adminPassword ?? "(unchanged; set STUDIO_ADMIN_PASSWORD to reset it)"}
  ClickHouse (HTTP):  ${stack.clickhouseUrl}
  Postgres:           ${stack.postgresUrl}
  Logs:               ${join(stack.dataDir, "logs")}

Point an agent here:
  docker run --name gprofiler -d --restart=on-failure:10 --pid=host --userns=host --privileged \\
    granulate/gprofiler:latest -cu --token="${agentToken}" --service-name="my-service" \\
    --server-host ${stack.ingestUrl} --glogger-server ${stack.ingestUrl} --no-verify

Ctrl-C stops it all.`);

function readSecret(name) {
  const path = join(stack.dataDir, name);
  return existsSync(path) ? readFileSync(path, "utf8").trim() : undefined;
}

function writeSecret(name, value) {
  writeFileSync(join(stack.dataDir, name), `${value}\n`, { mode: 0o600 });
}

/** Demo data, once: the real agent fixture uploaded over the last hours, as the agent sends it. */
async function loadDemoData(serverUrl, token) {
  if (await serviceExists(stack.postgresUrl, DEMO_SERVICE)) return;
  const profile = readFileSync(join(ROOT, "../shared/testdata/test_stackfile"), "utf8");
  const agent = new SimulatedAgent({ serverUrl, token, serviceName: DEMO_SERVICE });
  const health = await agent.healthCheck();
  if (health.status !== 200) throw new Error(`health check failed: ${JSON.stringify(health)}`);
  const minutesAgo = [10, 30, 90, 180, 360, 720];
  for (const minutes of minutesAgo) {
    const res = await agent.uploadProfile({ profile, startTime: new Date(Date.now() - minutes * 60_000) });
    if (res.status !== 200) throw new Error(`demo upload failed: ${JSON.stringify(res)}`);
  }
  console.log(`demo data: ${minutesAgo.length} agent uploads of test_stackfile for service "${DEMO_SERVICE}"`);
}
