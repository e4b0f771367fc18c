// Share links in R2: the canonical document (core/share.ts) as the body of `shares/<id>.json`, with the
// salt the id was computed with and the expiry as custom metadata, so the cron can find expired shares
// by listing alone.
import { StoreUnavailable } from "../../../shared/src/errors";

const PREFIX = "shares/";
const key = (id: string) => `${PREFIX}${id}.json`;

export interface StoredShare {
  body: ArrayBuffer;
  salt: string;
  expiresAt: string | null;
}

async function r2<T>(step: () => Promise<T>): Promise<T> {
  try {
    return await step();
  } catch (e) {
    throw new StoreUnavailable("R2", e);
  }
}

export async function putShare(
  bucket: R2Bucket,
  id: string,
  body: string,
  meta: { salt: string; expiresAt: string | null; service: string },
): Promise<void> {
  await r2(() =>
    bucket.put(key(id), body, {
      httpMetadata: { contentType: "application/json; charset=utf-8" },
      customMetadata: { salt: meta.salt, expiresAt: meta.expiresAt ?? "", service: meta.service },
    }),
  );
}

export async function getShare(bucket: R2Bucket, id: string): Promise<StoredShare | null> {
  return r2(async () => {
    const object = await bucket.get(key(id));
    if (!object) return null;
    const { salt = "", expiresAt = "" } = object.customMetadata ?? {};
    return { body: await object.arrayBuffer(), salt, expiresAt: expiresAt || null };
  });
}

export const deleteShare = (bucket: R2Bucket, id: string) => r2(() => bucket.delete(key(id)));

/** Deletes every share whose expiry has passed; returns how many. */
export async function deleteExpiredShares(bucket: R2Bucket, now: Date): Promise<number> {
  let deleted = 0;
  let cursor: string | undefined;
  do {
    // `include` is honoured at this compatibility date; the bundled types predate it.
    const options = { prefix: PREFIX, cursor, include: ["customMetadata"] } as R2ListOptions;
    const page = await r2(() => bucket.list(options));
    const expired = page.objects
      .filter((o) => {
        const at = o.customMetadata?.expiresAt;
        return !!at && Date.parse(at) <= now.getTime();
      })
      .map((o) => o.key);
    if (expired.length) await r2(() => bucket.delete(expired));
    deleted += expired.length;
    cursor = page.truncated ? page.cursor : undefined;
  } while (cursor);
  return deleted;
}
