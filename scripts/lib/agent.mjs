// A gProfiler agent as the studio sees it: the exact requests of agent v1.x (frontend-and-agent.md
// B.2, B.3): health check once, gzip JSON uploads echoing the gpid, gzip log batches with X-Token.
import { randomUUID } from "node:crypto";
import { gzipSync } from "node:zlib";

const isoSeconds = (date) => date.toISOString().slice(0, 19);

export class SimulatedAgent {
  constructor({ serverUrl, token, serviceName, hostname = "ip-172-31-33-27", version = "1.51.0" }) {
    Object.assign(this, { serverUrl, token, serviceName, hostname, version });
    this.gpid = "";
    this.runId = randomUUID().replace(/-/g, "");
  }

  #url(path, extra = {}) {
    const query = new URLSearchParams({
      key: this.token,
      service: this.serviceName,
      hostname: this.hostname,
      timestamp: isoSeconds(new Date()),
      ...extra,
    });
    return `${this.serverUrl}${path}?${query}`;
  }

  #headers() {
    return { "GPROFILER-API-KEY": this.token, "GPROFILER-SERVICE-NAME": this.serviceName };
  }

  async healthCheck() {
    const res = await fetch(this.#url("/api/v1/health_check"), { headers: this.#headers() });
    return { status: res.status, body: await res.json().catch(() => null) };
  }

  /** One profiling cycle's upload; remembers the returned gpid like the agent does. */
  async uploadProfile({ profile, startTime = new Date(Date.now() - 60_000), endTime = new Date() }) {
    const body = gzipSync(
      JSON.stringify({
        start_time: isoSeconds(startTime),
        end_time: isoSeconds(endTime),
        hostname: this.hostname,
        profile,
        cpu_avg: 8.8,
        mem_avg: 39.8,
        spawn_time: isoSeconds(new Date(Date.now() - 3_600_000)),
        gpid: this.gpid,
      }),
    );
    const res = await fetch(this.#url("/api/v2/profiles", { version: this.version }), {
      method: "POST",
      headers: { ...this.#headers(), "Content-Encoding": "gzip", "Content-Type": "application/json" },
      body,
    });
    const json = await res.json().catch(() => null);
    if (res.ok && json?.gpid !== undefined) this.gpid = String(json.gpid);
    return { status: res.status, body: json };
  }

  /** A glogger batch (B.3): the log path uses X-Token, not the GPROFILER-* headers. */
  async sendLogs(records) {
    const body = gzipSync(
      JSON.stringify({
        batch_id: randomUUID().replace(/-/g, ""),
        metadata: {
          run_id: this.runId,
          gprofiler_version: this.version,
          service_name: this.serviceName,
          hostname: this.hostname,
        },
        lost_logs_count: 0,
        logs: records,
      }),
    );
    const res = await fetch(`${this.serverUrl}/api/v1/logs`, {
      method: "POST",
      headers: {
        "X-Token": this.token,
        "X-Application-Name": "gprofiler",
        "Content-Encoding": "gzip",
        "Content-Type": "application/json",
      },
      body,
    });
    return { status: res.status, body: await res.json().catch(() => null) };
  }
}
