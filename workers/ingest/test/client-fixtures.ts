// Helpers for the Pyroscope and pprof ingest tests: the same as fixtures.ts, without its import of the
// agent profile from ../shared (a path that only resolves in the main checkout, not in a worktree).
import { createExecutionContext, waitOnExecutionContext } from "cloudflare:test";
import { env } from "cloudflare:workers";
import postgres from "postgres";
import { generateToken, hashToken, tokenPrefix } from "../../core/src/api-token";
import type { IndexMessage } from "../../core/src/wire/index-message";
import type { Env } from "../src/env";
import { app } from "../src/index";

const testEnv = env as unknown as Env;

export async function sql<T = Record<string, unknown>>(query: string, params: unknown[] = []): Promise<T[]> {
  const client = postgres(testEnv.HYPERDRIVE.connectionString, { max: 1, fetch_types: false, onnotice: () => {} });
  try {
    return (await client.unsafe(query, params as never[])) as unknown as T[];
  } finally {
    await client.end({ timeout: 5 });
  }
}

export async function serviceId(name: string, { create = false } = {}): Promise<number | null> {
  if (create) await sql("INSERT INTO services (name) VALUES ($1) ON CONFLICT DO NOTHING", [name]);
  const [row] = await sql<{ id: string }>("SELECT id FROM services WHERE name = $1", [name]);
  return row ? Number(row.id) : null;
}

/** A new agent key (global, or scoped to the service named); returns the token. */
export async function insertAgentToken(options: { service?: string } = {}): Promise<string> {
  const token = generateToken();
  const service = options.service ? await serviceId(options.service, { create: true }) : null;
  await sql("INSERT INTO profiler_tokens (token_hash, token_prefix, service) VALUES ($1, $2, $3)", [
    await hashToken(token),
    tokenPrefix(token),
    service,
  ]);
  return token;
}

export const uniqueName = (prefix: string) => `${prefix}-${crypto.randomUUID().slice(0, 8)}`;

export async function gzip(data: string | Uint8Array): Promise<Uint8Array> {
  const body = new Response(data).body!.pipeThrough(new CompressionStream("gzip"));
  return new Uint8Array(await new Response(body).arrayBuffer());
}

/** Queue messages sent during a test. */
export const sentMessages: IndexMessage[] = [];

/** Calls the ingest Worker's app with the test bindings, recording what goes to the Queue. */
export async function ingest(request: Request): Promise<Response> {
  const queue = testEnv.INDEX_QUEUE;
  const recording = {
    send: async (message: IndexMessage, options?: QueueSendOptions) => {
      await queue.send(message, options);
      sentMessages.push(message);
    },
    sendBatch: queue.sendBatch.bind(queue),
  } as unknown as Queue<IndexMessage>;
  const ctx = createExecutionContext();
  const response = await app.fetch(request, { ...testEnv, INDEX_QUEUE: recording }, ctx);
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
