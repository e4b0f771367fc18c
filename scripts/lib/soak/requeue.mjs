// The way back for uploads whose Queue message died with `wrangler dev`: miniflare keeps the local
// Queue in memory (docs/reliability.md), Cloudflare Queues persist it, so production never needs this.
// Their profiles are in R2; each is sent to the indexer again through its POST /reindex (a service
// binding via the stack's dev registry), rebuilt as ingest wrote it: the key's service and filename,
// the service's id from Postgres.
import postgres from "postgres";
import { call, withIndexer } from "../indexer-dead-letters.mjs";

const CHUNK = 100;

/** Re-enqueues the objects `keys` (R2 keys of this run); returns the keys sent and those not found. */
export async function requeueFromR2({ stackName, postgresUrl, keys }) {
  const result = { sent: [], notFound: [] };
  if (!keys.length) return result;
  const parts = keys.map((key) => /^products\/([^/]+)\/stacks\/([^/]+)$/.exec(key)).map(([, service, filename]) => ({ service, filename }));
  const sql = postgres(postgresUrl, { onnotice: () => {} });
  let ids;
  try {
    const rows = await sql`SELECT id, name FROM services WHERE name = ANY(${[...new Set(parts.map((p) => p.service))]})`;
    ids = new Map(rows.map((row) => [row.name, Number(row.id)]));
  } finally {
    await sql.end();
  }
  const messages = parts.map((p) => ({ ...p, service_id: ids.get(p.service) }));
  await withIndexer(stackName, async (indexer) => {
    for (let i = 0; i < messages.length; i += CHUNK) {
      const chunk = await call(indexer, "/reindex", { messages: messages.slice(i, i + CHUNK) });
      result.sent.push(...chunk.sent);
      result.notFound.push(...chunk.notFound);
    }
  });
  return result;
}
