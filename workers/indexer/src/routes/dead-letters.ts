// The operator's view of the dead letters (scripts/lib/indexer-dead-letters.mjs calls it): list them,
// and replay some onto profiles-index, which deletes them here. The indexer has no public route; this
// is reached through a service binding (or `wrangler dev`'s registry), so it has no auth of its own.
import { Hono } from "hono";
import { fail } from "../../../shared/src/errors";
import type { Env } from "../env";
import { deleteDeadLetter, isDeadLetterId, listDeadLetters, readDeadLetter } from "../store/dead-letters";

export const deadLetters = new Hono<{ Bindings: Env }>();

const MAX_LIST = 1000;
const MAX_REPLAY = 100;

deadLetters.get("/", async (c) => {
  const limit = Number(c.req.query("limit") ?? 100);
  if (!Number.isInteger(limit) || limit < 1 || limit > MAX_LIST) fail(400, `limit must be 1..${MAX_LIST}`);
  return c.json(await listDeadLetters(c.env.PROFILES, { limit, cursor: c.req.query("cursor") || undefined }));
});

deadLetters.post("/replay", async (c) => {
  const { ids } = ((await c.req.json().catch(() => null)) ?? {}) as { ids?: unknown };
  if (!Array.isArray(ids) || ids.length === 0 || ids.length > MAX_REPLAY) {
    fail(400, `the body must be {"ids": [...]} with 1..${MAX_REPLAY} dead-letter ids`);
  }
  const bad = ids.find((id) => typeof id !== "string" || !isDeadLetterId(id));
  if (bad !== undefined) fail(400, `not a dead-letter id: ${JSON.stringify(bad)}`);

  const replayed: string[] = [];
  const notFound: string[] = [];
  for (const id of new Set(ids as string[])) {
    const letter = await readDeadLetter(c.env.PROFILES, id);
    if (!letter) {
      notFound.push(id);
      continue;
    }
    // Sent before deleted: a failure in between replays it twice, which the insert tokens absorb.
    await c.env.INDEX_QUEUE.send(letter.body as never, {
      contentType: typeof letter.body === "string" ? "text" : "json",
    });
    await deleteDeadLetter(c.env.PROFILES, id);
    replayed.push(id);
  }
  return c.json({ replayed, notFound });
});
