// Profiles in R2 under the original's key layout (backend-api.md §3.2.4), read as a stream of
// decompressed bytes so a big profile never sits in memory whole (indexer-flamedb.md §7.4).
import { StoreUnavailable } from "../../../shared/src/errors";

/** The original indexer refused objects over 25 MiB compressed (indexer-flamedb.md §2.3). */
export const MAX_OBJECT_BYTES = 25 * 1024 * 1024;

export type ProfileObject =
  | {
      found: true;
      size: number;
      /** The object's bytes, gunzipped when the key ends in `.gz` (§2.3). */
      body: ReadableStream<Uint8Array>;
      /** Why `body` failed, when it was reading R2 that failed (retry) rather than the gzip (drop). */
      readFailure(): StoreUnavailable | null;
    }
  | { found: false };

export async function openProfile(bucket: R2Bucket, key: string): Promise<ProfileObject> {
  let object: R2ObjectBody | null;
  try {
    object = await bucket.get(key);
  } catch (e) {
    throw new StoreUnavailable("R2", e);
  }
  if (!object) return { found: false };
  let failure: StoreUnavailable | null = null;
  const reader = object.body.getReader();
  const source = new ReadableStream<Uint8Array>({
    async pull(controller) {
      try {
        const { done, value } = await reader.read();
        if (done) controller.close();
        else controller.enqueue(value);
      } catch (e) {
        controller.error((failure = new StoreUnavailable("R2", e)));
      }
    },
    cancel: (reason) => reader.cancel(reason),
  });
  const body = key.endsWith(".gz") ? source.pipeThrough(new DecompressionStream("gzip")) : source;
  return { found: true, size: object.size, body, readFailure: () => failure };
}
