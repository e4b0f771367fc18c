// Real stores for the tests that run inside workerd: a fresh Postgres database and a fresh ClickHouse
// server per project (the project config names them; see workerdProject in vitest.config.ts).
import { rmSync } from "node:fs";
import { join } from "node:path";
import type { TestProject } from "vitest/node";
import { stopService } from "../../scripts/lib/processes.mjs";
import { ROOT } from "../../scripts/lib/setup.mjs";
import { startClickHouse, startPostgres } from "../../scripts/lib/stack.mjs";

export interface Stores {
  name: string;
  postgresUrl: string;
  clickhouseUrl: string;
  clickhousePort: number;
}

declare module "vitest" {
  export interface ProvidedContext {
    stores: Stores;
  }
}

export default async function setup(project: TestProject) {
  const stores = project.config.provide.stores as Stores;
  const dataDir = join(ROOT, ".data", stores.name);
  startPostgres({ name: stores.name, fresh: true });
  rmSync(join(dataDir, "clickhouse"), { recursive: true, force: true });
  const clickhouse = await startClickHouse({ port: stores.clickhousePort, dataDir, logDir: join(dataDir, "logs") });
  return () => stopService(clickhouse.service);
}
