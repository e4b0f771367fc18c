// Deployment markers from agents: the first upload reporting a new application version (the agent's
// external metadata) records one deployment for the service; more agents with it add nothing.
import { beforeAll, expect, test } from "vitest";
import { ingest, insertAgentToken, profileWith, serviceId, sql, uniqueName, uploadRequest } from "./fixtures";

let token = "";
beforeAll(async () => {
  token = await insertAgentToken();
});

/** A new agent process (its own pid) of `service` reporting `external_metadata`. */
async function agentStarts(service: string, externalMetadata?: Record<string, unknown>) {
  const pid = 100_000 + Math.floor(Math.random() * 1e9);
  const profile = profileWith({ metadata: { pid, ...(externalMetadata && { external_metadata: externalMetadata }) } });
  const res = await ingest(await uploadRequest({ token, service }, { profile }));
  expect(res.status).toBe(200);
  return ((await res.json()) as { gpid: string }).gpid;
}

const deploymentsOf = async (service: string) =>
  sql<{ version: string; commit: string | null; source: string }>(
    "SELECT version, commit, source FROM deployments WHERE service = $1 ORDER BY id",
    [await serviceId(service)],
  );

test("a new application version is recorded once per service, with its commit", async () => {
  const service = uniqueName("deploys");
  await agentStarts(service, { version: "2.4.0" });
  await agentStarts(service, { version: "2.4.0" }); // a second host
  await agentStarts(service, { version: "2.4.1", commit: "9f3c2ab" });
  expect(await deploymentsOf(service)).toEqual([
    { version: "2.4.0", commit: null, source: "agent" },
    { version: "2.4.1", commit: "9f3c2ab", source: "agent" },
  ]);
});

test("agents without a version record nothing; the steady state touches no deployment", async () => {
  const service = uniqueName("noversion");
  await agentStarts(service);
  await agentStarts(service, { team: "payments" });
  expect(await deploymentsOf(service)).toEqual([]);
});
