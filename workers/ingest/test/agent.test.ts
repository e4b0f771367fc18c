// Replays exactly what gProfiler agent v1.51 sends in continuous mode (frontend-and-agent.md B.2, B.3):
// the health check, uploads echoing the gpid, and a glogger batch, through the Worker's real entry point.
import { exports } from "cloudflare:workers";
import { expect, test } from "vitest";
import { agentQuery, clickhouse, gzip, insertAgentToken, profileWith, sql, storedProfiles, uniqueName } from "./fixtures";

test("an agent's session: health check, three cycles of uploads, a log batch", async () => {
  const token = await insertAgentToken();
  const service = uniqueName("agent");
  const hostname = "ip-172-31-33-27";
  const session = { "GPROFILER-API-KEY": token, "GPROFILER-SERVICE-NAME": service };
  const fetch = (path: string, init: RequestInit = {}) => exports.default.fetch(new Request(`http://ingest${path}`, init));

  // client.py: one GET at start; the agent exits unless it is ok.
  const health = await fetch(`/api/v1/health_check?${agentQuery({ token, service, hostname })}`, { headers: session });
  expect([health.status, await health.json()]).toEqual([200, { message: "ok" }]);

  // A real agent's profile carries its own key in run_arguments.server_token (B.5).
  const pid = 100_000 + Math.floor(Math.random() * 1e9);
  const profile = profileWith({ metadata: { pid, run_arguments: { service_name: service, server_token: token, upload_results: true } } });
  let gpid = "";
  const gpids: string[] = [];
  for (let cycle = 0; cycle < 3; cycle++) {
    const start = new Date(Date.UTC(2026, 10, 25, 10, cycle));
    const iso = (d: Date) => d.toISOString().slice(0, 19);
    const body = await gzip(
      JSON.stringify({
        start_time: iso(start),
        end_time: iso(new Date(start.getTime() + 60_000)),
        hostname,
        profile,
        cpu_avg: 8.8,
        mem_avg: 39.8,
        spawn_time: "2023-12-03T16:31:00",
        gpid,
      }),
    );
    const res = await fetch(`/api/v2/profiles?${agentQuery({ token, service, hostname }, { version: "1.51.0" })}`, {
      method: "POST",
      headers: { ...session, "Content-Encoding": "gzip", "Content-type": "application/json", "Content-Length": String(body.byteLength) },
      body,
    });
    expect(res.status).toBe(200);
    const answer = (await res.json()) as { message: string; gpid: string };
    expect(answer).toEqual({ message: "ok", gpid: expect.any(String) });
    gpid = answer.gpid; // the agent stores whatever it gets and echoes it
    gpids.push(gpid);
  }
  expect(new Set(gpids).size).toBe(1);

  // glogger: X-Token only, gzip JSON, every 30 s.
  const runId = crypto.randomUUID().replace(/-/g, "");
  const logs = await gzip(
    JSON.stringify({
      batch_id: crypto.randomUUID().replace(/-/g, ""),
      metadata: { run_id: runId, gprofiler_version: "1.51.0", service_name: service, hostname },
      lost_logs_count: 0,
      logs: [{ severity: 3, timestamp: Date.now(), text: { logger_name: "gprofiler", serial_no: 0, message: "gProfiler cycle done", extra: {} } }],
    }),
  );
  const logged = await fetch("/api/v1/logs", {
    method: "POST",
    headers: { "X-Token": token, "X-Application-Name": "gprofiler", "Content-Encoding": "gzip", "Content-Type": "application/json", "Content-Length": String(logs.byteLength) },
    body: logs,
  });
  expect([logged.status, await logged.json()]).toEqual([201, { status: "ok" }]);

  // What the studio kept: one process, three objects, one log line, and the key nowhere.
  const processes = await sql<{ id: string; run_arguments: Record<string, unknown> }>(
    "SELECT p.id, p.run_arguments FROM profiler_processes p JOIN services s ON s.id = p.service WHERE s.name = $1",
    [service],
  );
  expect(processes.map((p) => p.id)).toEqual([gpid]);
  expect(processes[0].run_arguments).toEqual({ service_name: service, upload_results: true });
  const objects = await storedProfiles(`products/${service}/stacks/`);
  expect(objects.map((o) => o.key.split("/").at(-1)!.slice(0, 19)).sort()).toEqual([
    "2026-11-25T10:00:00",
    "2026-11-25T10:01:00",
    "2026-11-25T10:02:00",
  ]);
  for (const { text } of objects) expect(text).not.toContain(token);
  const lines = await clickhouse("SELECT Message, RunId FROM flamedb.agent_logs WHERE ServiceName = {s:String}", { s: service });
  expect(lines).toEqual([{ Message: "gProfiler cycle done", RunId: runId }]);
});
