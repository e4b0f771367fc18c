// One Queue message → the profile's rows in ClickHouse (indexer-flamedb.md §2.2-§2.9). Throws when a
// store is unavailable (the message is retried); returns a `dropped` outcome, which the caller records
// and logs, when the message can never succeed.
import { createProfileIndexer, type IndexStats, type ProfileIndexer } from "../../core/src/collapsed";
import { parseProfileTimestamp } from "../../core/src/profile-timestamp";
import { parseIndexMessage, profileObjectKey } from "../../core/src/wire/index-message";
import type { ClickHouseClient } from "../../shared/src/clickhouse";
import { insertRows } from "./store/clickhouse";
import { MAX_OBJECT_BYTES, openProfile, type ProfileObject } from "./store/profiles";

/** Decompressed bytes a profile may have: a gzip bomb is refused, not parsed for ever (§7.4). */
export const MAX_PROFILE_BYTES = 512 * 1024 * 1024;
/**
 * Memory the profile's prefix tree may take, 40-56 bytes per distinct stack prefix: with the insert
 * batches and the runtime it keeps a Worker under its 128 MB. A generated 200 MB profile (1.06 million
 * prefixes) peaks at 57 MB, while its tables grow; about 1.5 million prefixes fit.
 */
export const MAX_TREE_BYTES = 64 * 1024 * 1024;

export type DropReason =
  | "malformed message"
  | "object not found"
  | "object too large"
  | "corrupt gzip"
  | "invalid header"
  | "profile too large";

export type IndexOutcome =
  | { status: "indexed"; key: string; serviceId: number; rows: number; stats: IndexStats }
  | {
      status: "dropped";
      reason: DropReason;
      detail: string;
      key: string;
      serviceId: number;
      stats?: IndexStats;
    };

export interface IndexDeps {
  bucket: R2Bucket;
  clickhouse: ClickHouseClient;
  now: Date;
}

export async function indexProfile(
  body: unknown,
  { bucket, clickhouse, now }: IndexDeps,
): Promise<IndexOutcome> {
  const message = parseIndexMessage(body);
  if (!message) {
    return {
      status: "dropped",
      reason: "malformed message",
      detail: describeBody(body),
      key: "",
      serviceId: 0,
    };
  }
  const key = profileObjectKey(message);
  const serviceId = message.service_id;
  const drop = (reason: DropReason, detail: string, stats?: IndexStats): IndexOutcome => ({
    status: "dropped",
    reason,
    detail,
    key,
    serviceId,
    stats,
  });

  const object = await openProfile(bucket, key);
  if (!object.found) return drop("object not found", key);
  if (object.size > MAX_OBJECT_BYTES) {
    await object.body.cancel();
    return drop("object too large", `${object.size} bytes compressed, over ${MAX_OBJECT_BYTES}`);
  }
  const indexer = createProfileIndexer({
    serviceId,
    timestamp: parseProfileTimestamp(message.filename) ?? now,
    insertionTimestamp: now,
    maxTreeBytes: MAX_TREE_BYTES,
  });
  const unread = await feed(indexer, object);
  if (unread) return drop(unread.reason, unread.detail);
  const result = indexer.finish();
  if (!result.ok) {
    return drop(
      result.reason === "invalidHeader" ? "invalid header" : "profile too large",
      result.error,
      result.stats,
    );
  }

  await insertRows(clickhouse, "flamedb.samples", result.rows, key);
  if (result.metrics) await insertRows(clickhouse, "flamedb.metrics", [result.metrics], key);
  return { status: "indexed", key, serviceId, rows: result.rowCount, stats: result.stats };
}

/** Streams the object into the parser; says why when the bytes cannot be read to the end. */
async function feed(
  indexer: ProfileIndexer,
  object: Extract<ProfileObject, { found: true }>,
): Promise<{ reason: DropReason; detail: string } | null> {
  let bytes = 0;
  try {
    for await (const chunk of object.body) {
      bytes += chunk.length;
      // leaving the loop cancels the stream
      if (bytes > MAX_PROFILE_BYTES)
        return { reason: "profile too large", detail: `over ${MAX_PROFILE_BYTES} bytes decompressed` };
      indexer.push(chunk);
    }
  } catch (e) {
    const failure = object.readFailure();
    if (failure) throw failure;
    return { reason: "corrupt gzip", detail: `${String(e)} after ${bytes} bytes` };
  }
  return null;
}

/** The unusable body as text for the operator, cut short. */
function describeBody(body: unknown): string {
  let text: string;
  try {
    text = typeof body === "string" ? body : (JSON.stringify(body) ?? String(body));
  } catch {
    text = String(body);
  }
  return text.length > 1000 ? `${text.slice(0, 1000)}…` : text;
}
