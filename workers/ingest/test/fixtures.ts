// Helpers for the ingest tests inside workerd: real Postgres (the project's own database), local R2 and
// Queues, the project's ClickHouse server; requests shaped exactly as agent v1.51 sends them (B.2, B.3).
import { createExecutionContext, waitOnExecutionContext } from "cloudflare:test";
import { env } from "cloudflare:workers";
import postgres from "postgres";
import { generateToken, hashToken, tokenPrefix } from "../../core/src/api-token";
import { headerLine } from "../../core/src/agent-metadata";
import type { IndexMessage } from "../../core/src/wire/index-message";
import { app } from "../src/index";
import type { Env } from "../src/env";
import stackfile from "../../../../shared/testdata/test_stackfile?raw";

export const testEnv = env as unknown as Env;
/** A real agent 1.35.0 profile (B.6), header line included. */
export const STACKFILE = stackfile;
export const STACKFILE_HEADER = JSON.parse(headerLine(stackfile).slice(1));
/** The key the agent that produced test_stackfile ran with: it is in the header's run_arguments. */
export const STACKFILE_TOKEN: string = STACKFILE_HEADER.metadata.run_arguments.server_token;

/** Plain SQL against the test database (parameters always bound). */
export async function sql<T = Record<string, unknown>>(query: string, params: unknown[] = []): Promise<T[]> {
  const client = postgres(testEnv.HYPERDRIVE.connectionString, { max: 1, fetch_types: false, onnotice: () => {} });
  try {
    return (await client.unsafe(query, params as never[])) as unknown as T[];
  } finally {
    await client.end({ timeout: 5 });
  }
}

/** A new agent key (global, or scoped to the service named); returns the token. */
export async function insertAgentToken(options: { service?: string; expiresAt?: Date } = {}): Promise<string> {
  const token = generateToken();
  const service = options.service ? await serviceId(options.service, { create: true }) : null;
  await sql(
    "INSERT INTO profiler_tokens (token_hash, token_prefix, service, expires_at) VALUES ($1, $2, $3, $4)",
    [await hashToken(token), tokenPrefix(token), service, options.expiresAt ?? null],
  );
  return token;
}

export async function revokeToken(token: string) {
  await sql("UPDATE profiler_tokens SET disabled = now() WHERE token_hash = $1", [await hashToken(token)]);
}

export async function serviceId(name: string, { create = false } = {}): Promise<number | null> {
  if (create) await sql("INSERT INTO services (name) VALUES ($1) ON CONFLICT DO NOTHING", [name]);
  const [row] = await sql<{ id: string }>("SELECT id FROM services WHERE name = $1", [name]);
  return row ? Number(row.id) : null;
}

export const uniqueName = (prefix: string) => `${prefix}-${crypto.randomUUID().slice(0, 8)}`;

/** The agent's profile with a different header (metadata merged over test_stackfile's). */
export function profileWith(changes: { metadata?: Record<string, unknown>; header?: Record<string, unknown> }) {
  const header = structuredClone(STACKFILE_HEADER);
  Object.assign(header.metadata, changes.metadata);
  Object.assign(header, changes.header);
  return `# ${JSON.stringify(header)}${STACKFILE.slice(STACKFILE.indexOf("\n"))}`;
}

export async function gzip(data: string | Uint8Array): Promise<Uint8Array> {
  const body = new Response(data).body!.pipeThrough(new CompressionStream("gzip"));
  return new Uint8Array(await new Response(body).arrayBuffer());
}

export interface AgentRequest {
  token: string;
  service: string;
  hostname?: string;
  version?: string;
}

const isoSeconds = (date: Date) => date.toISOString().slice(0, 19);

/** The query string the agent puts on every request (B.2), token included. */
export function agentQuery({ token, service, hostname = "ip-172-31-33-27" }: AgentRequest, extra: Record<string, string> = {}) {
  return new URLSearchParams({ key: token, service, hostname, timestamp: isoSeconds(new Date()), ...extra });
}

/** The agent's upload: body fields in the agent's order, gzip JSON, session headers and query params. */
export async function uploadRequest(
  agent: AgentRequest,
  { gpid = "", profile = STACKFILE, path = "/api/v2/profiles", headers = {} as Record<string, string>, body = undefined as unknown } = {},
): Promise<Request> {
  const json =
    body ??
    {
      start_time: "2023-12-03T16:36:27",
      end_time: "2023-12-03T16:37:27",
      hostname: agent.hostname ?? "ip-172-31-33-27",
      profile,
      cpu_avg: 8.8,
      mem_avg: 39.8,
      spawn_time: "2023-12-03T16:31:00",
      gpid,
    };
  const data = await gzip(typeof json === "string" ? json : JSON.stringify(json));
  return new Request(`http://ingest${path}?${agentQuery(agent, { version: agent.version ?? "1.51.0" })}`, {
    method: "POST",
    headers: {
      "GPROFILER-API-KEY": agent.token,
      "GPROFILER-SERVICE-NAME": agent.service,
      "Content-Encoding": "gzip",
      "Content-Type": "application/json",
      "Content-Length": String(data.byteLength),
      ...headers,
    },
    body: data,
  });
}

/** A glogger batch (B.3): X-Token, gzip JSON with batch_id, metadata, lost_logs_count and logs. */
export async function logRequest(token: string, batch: Record<string, unknown>, headers: Record<string, string> = {}) {
  const data = await gzip(JSON.stringify(batch));
  return new Request("http://ingest/api/v1/logs", {
    method: "POST",
    headers: {
      "X-Token": token,
      "X-Application-Name": "gprofiler",
      "Content-Encoding": "gzip",
      "Content-Type": "application/json",
      "Content-Length": String(data.byteLength),
      ...headers,
    },
    body: data,
  });
}

/** Queue messages sent through `recordingQueue()` during a test. */
export const sentMessages: IndexMessage[] = [];

/** The real Queue binding, also recording what is sent (the ingest project has no consumer to read it). */
export function recordingQueue(queue: Queue<IndexMessage> = testEnv.INDEX_QUEUE): Queue<IndexMessage> {
  return new Proxy(queue, {
    get(target, prop) {
      if (prop === "send") {
        return async (message: IndexMessage, options?: QueueSendOptions) => {
          await target.send(message, options);
          sentMessages.push(message);
        };
      }
      const value = Reflect.get(target, prop);
      return typeof value === "function" ? value.bind(target) : value;
    },
  });
}

/** Calls the ingest Worker's app in this isolate with the test bindings, some of them replaced. */
export async function ingest(request: Request, overrides: Partial<Env> = {}): Promise<Response> {
  const ctx = createExecutionContext();
  const response = await app.fetch(request, { ...testEnv, INDEX_QUEUE: recordingQueue(), ...overrides }, ctx);
  await waitOnExecutionContext(ctx);
  return response;
}

/** Every R2 object under `prefix`, with its text gunzipped. */
export async function storedProfiles(prefix: string) {
  const listed = await testEnv.PROFILES.list({ prefix });
  return Promise.all(
    listed.objects.map(async ({ key }) => {
      const object = await testEnv.PROFILES.get(key);
      const text = await new Response(object!.body.pipeThrough(new DecompressionStream("gzip"))).text();
      return { key, text };
    }),
  );
}

/** Rows from the project's ClickHouse server. */
export async function clickhouse<T = Record<string, unknown>>(query: string, params: Record<string, string> = {}): Promise<T[]> {
  const search = new URLSearchParams({ default_format: "JSONEachRow" });
  for (const [name, value] of Object.entries(params)) search.set(`param_${name}`, value);
  const res = await fetch(`${testEnv.CLICKHOUSE_URL}/?${search}`, { method: "POST", body: query });
  const text = await res.text();
  if (!res.ok) throw new Error(`ClickHouse ${res.status}: ${text}`);
  return text.split("\n").filter(Boolean).map((line) => JSON.parse(line) as T);
}
