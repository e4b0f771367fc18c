// One Queue message → the profile's rows in ClickHouse (indexer-flamedb.md §2.2-§2.9). Throws when a
// store is unavailable (the message is retried); returns a `dropped` outcome, logged and counted by the
// caller, when the message can never succeed.
import { createProfileIndexer, type IndexStats } from "../../core/src/collapsed";
import { parseProfileTimestamp } from "../../core/src/profile-timestamp";
import { parseIndexMessage, profileObjectKey } from "../../core/src/wire/index-message";
import type { ClickHouseClient } from "../../shared/src/clickhouse";
import { insertRows } from "./store/clickhouse";
import { MAX_OBJECT_BYTES, openProfile } from "./store/profiles";

export type IndexOutcome =
  | { status: "indexed"; key: string; rows: number; stats: IndexStats }
  | { status: "dropped"; reason: string; key?: string; stats?: IndexStats };

export interface IndexDeps {
  bucket: R2Bucket;
  clickhouse: ClickHouseClient;
  now: Date;
}

export async function indexProfile(body: unknown, { bucket, clickhouse, now }: IndexDeps): Promise<IndexOutcome> {
  const message = parseIndexMessage(body);
  if (!message) return { status: "dropped", reason: "malformed message" };
  const key = profileObjectKey(message);
  const object = await openProfile(bucket, key);
  if (!object.found) return { status: "dropped", reason: "object not found", key };
  if (object.size > MAX_OBJECT_BYTES) {
    await object.stream.cancel();
    return { status: "dropped", reason: `object over ${MAX_OBJECT_BYTES} bytes`, key };
  }

  const indexer = createProfileIndexer({
    serviceId: message.service_id,
    timestamp: parseProfileTimestamp(message.filename) ?? now,
    insertionTimestamp: now,
  });
  try {
    for await (const chunk of object.stream) indexer.push(chunk);
  } catch {
    return { status: "dropped", reason: "corrupt gzip", key };
  }
  const result = indexer.finish();
  if (!result.ok) return { status: "dropped", reason: result.error, key, stats: result.stats };

  await insertRows(clickhouse, "flamedb.samples", result.rows, key);
  if (result.metrics) await insertRows(clickhouse, "flamedb.metrics", [result.metrics], key);
  return { status: "indexed", key, rows: result.rowCount, stats: result.stats };
}
