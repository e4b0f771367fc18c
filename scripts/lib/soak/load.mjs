// The load: N simulated agents (scripts/lib/agent.mjs: the requests of a real gProfiler agent), each
// uploading a profile and shipping a log batch every `intervalMs` (with jitter), as long as `running`.
// Every request is timed; one that takes longer than HANG_MS counts as a hang. Accepted uploads are kept
// by identity (hostname + start second) for the reconcile.
import { SimulatedAgent } from "../agent.mjs";
import { profileText } from "./profiles.mjs";

/** An agent request unanswered this long is a hang (the agent's own upload timeout is 60 s). */
export const HANG_MS = 30_000;

export function startLoad({ ingestUrl, token, agents, intervalMs, pool, runId, services = 10 }) {
  const stats = {
    uploads: outcomes(),
    logs: outcomes(),
    /** identity → { hostname, start (epoch s), rows, acceptedAt } */
    accepted: new Map(),
    /** identities of uploads answered with anything but 200 (they must not be indexed) */
    refused: new Set(),
  };
  let running = true;
  const loops = Array.from({ length: agents }, (_, i) => agentLoop(i));

  async function agentLoop(i) {
    const hostname = `soak-${runId}-${i}`;
    const agent = new SimulatedAgent({ serverUrl: ingestUrl, token, serviceName: `soak-${runId}-svc-${i % services}`, hostname });
    let lastStart = 0;
    await sleep(Math.random() * intervalMs);
    for (let cycle = 0; running; cycle++) {
      const began = Date.now();
      const profile = pool[(i + cycle) % pool.length];
      // one start second per upload of this agent, so the upload is found by (hostname, start)
      const start = Math.max(Math.floor(began / 1000) - 60, lastStart + 1);
      lastStart = start;
      const identity = `${hostname} ${start}`;
      const upload = await timed(stats.uploads, () =>
        agent.uploadProfile({ profile: profileText(profile, hostname), startTime: new Date(start * 1000), endTime: new Date(began) }),
      );
      if (upload === "200") stats.accepted.set(identity, { hostname, start, rows: profile.rows, acceptedAt: Date.now() });
      else stats.refused.add(identity);
      await timed(stats.logs, () =>
        agent.sendLogs([{ severity: 3, timestamp: Date.now(), text: { message: `cycle ${cycle}`, serial_no: cycle } }]),
      );
      await sleep(Math.max(0, intervalMs * (0.9 + Math.random() * 0.2) - (Date.now() - began)));
    }
  }

  return {
    stats,
    async stop() {
      running = false;
      await Promise.all(loops);
    },
  };
}

/** Counts per answer ("200", "503", "connection refused", "hang", …), latencies of answered requests. */
function outcomes() {
  return { total: 0, byOutcome: new Map(), latencies: [], events: [] };
}

/** Runs one agent request; records its outcome and latency; returns the outcome. */
async function timed(outcome, request) {
  const began = Date.now();
  let timer;
  const hang = new Promise((resolve) => (timer = setTimeout(() => resolve({ hang: true }), HANG_MS)));
  let result;
  try {
    result = await Promise.race([request().then((res) => ({ status: res.status })), hang]);
  } catch (e) {
    result = { error: connectionError(e) };
  } finally {
    clearTimeout(timer);
  }
  const name = result.hang ? "hang" : (result.error ?? String(result.status));
  outcome.total++;
  outcome.byOutcome.set(name, (outcome.byOutcome.get(name) ?? 0) + 1);
  if (result.status) outcome.latencies.push(Date.now() - began);
  outcome.events.push({ at: began, outcome: name });
  return name;
}

function connectionError(e) {
  const code = e?.cause?.code ?? e?.code;
  if (code === "ECONNREFUSED") return "connection refused";
  if (code === "ECONNRESET" || code === "UND_ERR_SOCKET" || /other side closed/.test(String(e?.cause))) return "connection reset";
  return `error: ${code ?? e?.message ?? e}`;
}

export const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));
