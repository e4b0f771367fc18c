// Re-enqueues profiles already in R2 onto profiles-index: the way back for an accepted upload whose
// message never reached the indexer (a local Queue's messages die with `wrangler dev`, docs/reliability.md).
// Reached, like the dead-letter routes, only through a service binding. A message is sent only for an
// object that exists; re-enqueuing a profile that was indexed already adds nothing (the insert tokens).
import { Hono } from "hono";
import { parseIndexMessage, profileObjectKey, type IndexMessage } from "../../../core/src/wire/index-message";
import { fail } from "../../../shared/src/errors";
import type { Env } from "../env";

export const reindex = new Hono<{ Bindings: Env }>();

const MAX_MESSAGES = 100;

reindex.post("/", async (c) => {
  const { messages } = ((await c.req.json().catch(() => null)) ?? {}) as { messages?: unknown };
  if (!Array.isArray(messages) || messages.length === 0 || messages.length > MAX_MESSAGES) {
    fail(400, `the body must be {"messages": [...]} with 1..${MAX_MESSAGES} index messages`);
  }
  const parsed = messages.map(parseIndexMessage);
  const bad = parsed.indexOf(null);
  if (bad !== -1) fail(400, `not an index message: ${JSON.stringify(messages[bad])}`);

  const sent: string[] = [];
  const notFound: string[] = [];
  for (const message of parsed as IndexMessage[]) {
    const key = profileObjectKey(message);
    if (!(await c.env.PROFILES.head(key))) {
      notFound.push(key);
      continue;
    }
    await c.env.INDEX_QUEUE.send(message, { contentType: "json" });
    sent.push(key);
  }
  return c.json({ sent, notFound });
});
