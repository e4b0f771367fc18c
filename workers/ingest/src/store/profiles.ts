// The profile object in R2 and its Queue message for the indexer: the original's S3 key and SQS body
// (backend-api.md §3.2.4, §3.2.5). A message is only sent for an object that exists, and an object whose
// message could not be sent is deleted again, so the indexer never misses one and R2 keeps no orphans.
import { profileObjectKey, type IndexMessage } from "../../../core/src/wire/index-message";
import { StoreUnavailable } from "../../../shared/src/errors";

export interface ProfileStores {
  PROFILES: R2Bucket;
  INDEX_QUEUE: Queue<IndexMessage>;
}

export async function storeProfile(stores: ProfileStores, message: IndexMessage, gzipped: ArrayBuffer): Promise<void> {
  const key = profileObjectKey(message);
  try {
    await stores.PROFILES.put(key, gzipped);
  } catch (e) {
    throw new StoreUnavailable("R2", e);
  }
  try {
    await stores.INDEX_QUEUE.send(message, { contentType: "json" });
  } catch (e) {
    await stores.PROFILES.delete(key).catch(() => {});
    throw new StoreUnavailable("Queue", e);
  }
}
