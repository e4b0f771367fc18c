// Starts a fresh, isolated local stack (its own ports, Postgres database and data dir) for the e2e tests,
// creates an agent token, and hands the URLs to the tests.
import type { TestProject } from "vitest/node";
import { createAgentToken } from "../../scripts/lib/bootstrap.mjs";
import { startStack } from "../../scripts/lib/stack.mjs";

declare module "vitest" {
  export interface ProvidedContext {
    portOffset: number;
    stack: { ingestUrl: string; uiUrl: string; postgresUrl: string; clickhouseUrl: string; dataDir: string; agentToken: string };
  }
}

export default async function setup(project: TestProject) {
  const offset = project.config.provide.portOffset as number;
  const stack = await startStack({
    name: offset ? `test_${offset}` : "test",
    fresh: true,
    ingestPort: 18787 + offset,
    uiPort: 18788 + offset,
    clickhousePort: 18123 + offset,
    inspectorPort: 19229 + offset,
  });
  const agentToken = await createAgentToken(stack.postgresUrl, { name: "e2e" });
  project.provide("stack", {
    ingestUrl: stack.ingestUrl,
    uiUrl: stack.uiUrl!,
    postgresUrl: stack.postgresUrl,
    clickhouseUrl: stack.clickhouseUrl,
    dataDir: stack.dataDir,
    agentToken,
  });
  return () => stack.stop();
}
