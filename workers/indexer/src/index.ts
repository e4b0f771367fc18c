// The indexer: consumes profiles-index (R2 profile → ClickHouse rows) and its dead-letter Queue, and
// serves the dead-letter and reindex admin routes to service bindings only (no public route, wrangler.toml).
import { Hono } from "hono";
import { onError } from "../../shared/src/errors";
import { consumeDeadLetters, consumeProfiles, DEAD_LETTER_QUEUE } from "./consume";
import type { Env } from "./env";
import { deadLetters } from "./routes/dead-letters";
import { reindex } from "./routes/reindex";

const app = new Hono<{ Bindings: Env }>();
app.onError(onError);
app.notFound((c) => c.json({ message: "Not Found" }, 404));
app.route("/dead-letters", deadLetters);
app.route("/reindex", reindex);

export default {
  fetch: app.fetch,
  async queue(batch, env) {
    if (batch.queue === DEAD_LETTER_QUEUE) await consumeDeadLetters(batch, env);
    else await consumeProfiles(batch, env);
  },
} satisfies ExportedHandler<Env>;
