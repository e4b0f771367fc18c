// Profiles in R2 under the original's key layout (backend-api.md §3.2.4).
import { StoreUnavailable } from "../../../shared/src/errors";

/** The original indexer refused objects over 25 MiB compressed (indexer-flamedb.md §2.3). */
export const MAX_OBJECT_BYTES = 25 * 1024 * 1024;

export type ProfileObject =
  | { found: true; size: number; stream: ReadableStream<Uint8Array> }
  | { found: false };

export async function openProfile(bucket: R2Bucket, key: string): Promise<ProfileObject> {
  let object: R2ObjectBody | null;
  try {
    object = await bucket.get(key);
  } catch (e) {
    throw new StoreUnavailable("R2", e);
  }
  if (!object) return { found: false };
  const gunzip = key.endsWith(".gz") ? object.body.pipeThrough(new DecompressionStream("gzip")) : object.body;
  return { found: true, size: object.size, stream: gunzip };
}
