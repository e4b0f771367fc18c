import { cloudflareTest } from "@cloudflare/vitest-plugin";
import { defineConfig, type TestProjectInlineConfiguration } from "vitest/config";

// Test projects:
// - core, web: pure modules, in node;
// - ingest, indexer, api: each Worker inside workerd (@cloudflare/vitest-plugin) with its real bindings:
//   local R2 and Queues, a fresh Postgres database and a ClickHouse server of its own;
// - e2e: the whole local stack (global-setup starts it), driven like an agent and a user.
// STUDIO_TEST_PORT_OFFSET moves every port, so two checkouts can test at once.
const OFFSET = Number(process.env.STUDIO_TEST_PORT_OFFSET ?? 0);

// postgres.js' workerd socket polyfill rejects its read loop after sql.end() (toolchain.md §2.1).
const ignorePostgresSocketClose = (error: unknown) =>
  /Stream was cancelled|socket has been closed/.test(String((error as Error)?.message)) ? false : undefined;

function workerdProject(
  name: string,
  configPath: string,
  clickhousePort: number,
  globalSetup: string[] = [],
): TestProjectInlineConfiguration {
  const storesName = `test_${name}${OFFSET ? `_${OFFSET}` : ""}`;
  const postgresUrl = `postgres://studio:studio@127.0.0.1:5432/studio_${storesName}`;
  const clickhouseUrl = `http://127.0.0.1:${clickhousePort + OFFSET}`;
  return {
    plugins: [
      cloudflareTest({
        wrangler: { configPath },
        miniflare: { hyperdrives: { HYPERDRIVE: postgresUrl }, bindings: { CLICKHOUSE_URL: clickhouseUrl } },
      }),
    ],
    test: {
      name,
      include: [`workers/${name}/test/**/*.test.ts`],
      globalSetup: ["test/workerd/global-setup.ts", ...globalSetup],
      provide: { stores: { name: storesName, postgresUrl, clickhouseUrl, clickhousePort: clickhousePort + OFFSET } },
    },
  };
}

export default defineConfig({
  test: {
    onUnhandledError: ignorePostgresSocketClose,
    projects: [
      { test: { name: "core", include: ["workers/core/**/*.test.ts"], environment: "node" } },
      { test: { name: "web", include: ["web/src/**/*.test.ts"], environment: "node" } },
      workerdProject("ingest", "./wrangler.toml", 18124),
      workerdProject("indexer", "./workers/indexer/wrangler.toml", 18125),
      // the api's alert webhooks post to a real local HTTP receiver
      workerdProject("api", "./workers/api/wrangler.toml", 18126, ["workers/api/test/webhook-receiver.ts"]),
      {
        test: {
          name: "e2e",
          include: ["test/e2e/**/*.test.ts"],
          environment: "node",
          globalSetup: ["test/e2e/global-setup.ts"],
          provide: { portOffset: OFFSET },
          testTimeout: 120_000,
          hookTimeout: 300_000,
          fileParallelism: false,
        },
      },
    ],
  },
});
