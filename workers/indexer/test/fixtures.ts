// Helpers for the indexer tests inside workerd: the local R2 bucket and Queues, and the project's own
// real ClickHouse server; Queue batches are delivered to the Worker's handler the way the Queue does.
import { createExecutionContext, createMessageBatch, getQueueResult } from "cloudflare:test";
import { env } from "cloudflare:workers";
import { clickhouseQuery } from "../../../scripts/lib/clickhouse-http.mjs";
import type { Env } from "../src/env";
import worker from "../src/index";
import stackfile from "../../../../shared/testdata/test_stackfile?raw";

export { eventually } from "../../../scripts/lib/eventually.mjs";

export const testEnv = env as unknown as Env;
/** A real agent 1.35.0 profile: 651 rows (indexer-flamedb.md §3.1, §5.2). */
export const STACKFILE = stackfile;

export async function gzip(data: string | Uint8Array): Promise<Uint8Array> {
  const body = new Response(data).body!.pipeThrough(new CompressionStream("gzip"));
  return new Uint8Array(await new Response(body).arrayBuffer());
}

/** A recent profile start, as ingest names files: older ones fall to the tables' 30-day TTL. */
export const recentStart = () => new Date(Date.now() - 10 * 60_000).toISOString().slice(0, 19);

/** A profile stored in R2 as ingest stores it, and the message ingest would send for it. */
export async function storedProfile({
  profile = STACKFILE as string | Uint8Array,
  gzipped = true,
  start = recentStart(),
} = {}) {
  const serviceId = 1_000_000 + Math.floor(Math.random() * 1e9);
  const service = `svc-${serviceId}`;
  const filename = `${start}_${crypto.randomUUID().replaceAll("-", "")}_7509817476370bb3b85b383d68d508db.gz`;
  const message = { filename, service, service_id: serviceId };
  const key = `products/${service}/stacks/${filename}`;
  await testEnv.PROFILES.put(key, gzipped ? await gzip(profile) : profile);
  return { message, key, serviceId };
}

let nextId = 0;

/**
 * Delivers bodies to the Worker's queue handler as one batch; returns what it acked and retried, and
 * the delays it asked for (getQueueResult does not report them, so message.retry is observed too).
 */
export async function deliver(
  bodies: unknown[],
  { queue = "profiles-index", attempts = 1, overrides = {} as Partial<Env> } = {},
) {
  const messages = bodies.map((body) => ({
    id: `msg-${++nextId}-${Date.now()}`,
    timestamp: new Date(),
    attempts,
    body,
  }));
  const batch = createMessageBatch(queue, messages);
  const delays: { msgId: string; delaySeconds?: number }[] = [];
  for (const message of batch.messages) {
    const retry = message.retry.bind(message);
    message.retry = (options) => {
      delays.push({ msgId: message.id, delaySeconds: options?.delaySeconds });
      retry(options);
    };
  }
  const ctx = createExecutionContext();
  await worker.queue(batch as MessageBatch<never>, { ...testEnv, ...overrides });
  const result = await getQueueResult(batch, ctx);
  return { ids: messages.map((m) => m.id), delays, ...result };
}

/** Rows from the project's ClickHouse server (every value a query parameter). */
export function clickhouse<T = Record<string, unknown>>(
  query: string,
  params: Record<string, string | number> = {},
): Promise<T[]> {
  return clickhouseQuery({ url: testEnv.CLICKHOUSE_URL }, query, params, { quote64: false }) as Promise<T[]>;
}

/** Row counts and sample sums of a service in the raw table and every rollup. */
export async function serviceTotals(serviceId: number) {
  const [totals] = await clickhouse<Record<string, number>>(
    `SELECT
       (SELECT count() FROM flamedb.samples WHERE ServiceId = {s:UInt32}) AS samples,
       (SELECT sum(NumSamples) FROM flamedb.samples WHERE ServiceId = {s:UInt32}) AS samplesSum,
       (SELECT count() FROM flamedb.samples_1hour WHERE ServiceId = {s:UInt32}) AS hour,
       (SELECT sum(NumSamples) FROM flamedb.samples_1hour WHERE ServiceId = {s:UInt32}) AS hourSum,
       (SELECT count() FROM flamedb.samples_1hour_all WHERE ServiceId = {s:UInt32}) AS hourAll,
       (SELECT count() FROM flamedb.samples_1day WHERE ServiceId = {s:UInt32}) AS day,
       (SELECT count() FROM flamedb.samples_1day_all WHERE ServiceId = {s:UInt32}) AS dayAll,
       (SELECT count() FROM flamedb.samples_1min WHERE ServiceId = {s:UInt32}) AS minute,
       (SELECT sum(NumSamples) FROM flamedb.samples_1min WHERE ServiceId = {s:UInt32}) AS minuteSum,
       (SELECT count() FROM flamedb.metrics WHERE ServiceId = {s:UInt32}) AS metrics`,
    { s: serviceId },
  );
  return totals;
}

/** The drops recorded for an object key (or message id, for unreadable messages). */
export function drops(where: { key?: string; messageId?: string }) {
  return clickhouse<{ Reason: string; Count: number; ServiceId: number; Detail: string }>(
    `SELECT Reason, Count, ServiceId, Detail FROM flamedb.indexer_drops
     WHERE ObjectKey = {key:String} AND ({id:String} = '' OR MessageId = {id:String}) ORDER BY Reason`,
    { key: where.key ?? "", id: where.messageId ?? "" },
  );
}
