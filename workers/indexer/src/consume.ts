// The two Queue consumers. profiles-index: at-least-once in, exactly-once rows out; a message is acked
// only after its rows (or its drop record) are in ClickHouse, anything else retries with backoff until
// the Queue dead-letters it. profiles-index-dlq: each dead letter is kept in R2 for replay.
import type { IndexMessage } from "../../core/src/wire/index-message";
import { openClickHouse } from "../../shared/src/clickhouse";
import { dropRows } from "./drops";
import type { Env } from "./env";
import { activeFaults, failingReads } from "./faults";
import { indexProfile } from "./index-profile";
import { retryDelaySeconds, retryPolicy } from "./retry-policy";
import { insertDrops } from "./store/clickhouse";
import { saveDeadLetter } from "./store/dead-letters";

export const DEAD_LETTER_QUEUE = "profiles-index-dlq";

export async function consumeProfiles(batch: MessageBatch<IndexMessage | unknown>, env: Env): Promise<void> {
  const clickhouse = openClickHouse(env);
  const policy = retryPolicy(env);
  const faults = await activeFaults(env.FAULTS_URL);
  const bucket = faults.r2Reads ? failingReads(env.PROFILES) : env.PROFILES;
  try {
    for (const message of batch.messages) {
      try {
        const now = new Date();
        const outcome = await indexProfile(message.body, { bucket, clickhouse, now });
        await insertDrops(
          clickhouse,
          dropRows(outcome, message.id, now),
          outcome.key || `message:${message.id}`,
        );
        log(outcome.status === "indexed" ? "profile indexed" : "profile dropped", {
          messageId: message.id,
          ...outcome,
        });
        // a few redeliveries at most, far from max_retries and the dead-letter Queue
        if (faults.redeliver && message.attempts < 4) message.retry({ delaySeconds: 0 });
        else message.ack();
      } catch (e) {
        const delaySeconds = retryDelaySeconds(message.attempts, policy);
        log(
          "profile retry",
          { messageId: message.id, attempts: message.attempts, delaySeconds, error: describe(e) },
          "error",
        );
        message.retry({ delaySeconds });
      }
    }
  } finally {
    await clickhouse.close();
  }
}

export async function consumeDeadLetters(batch: MessageBatch<unknown>, env: Env): Promise<void> {
  const policy = retryPolicy(env);
  for (const message of batch.messages) {
    try {
      const letter = {
        id: message.id,
        body: message.body,
        attempts: message.attempts,
        sentAt: message.timestamp.toISOString(),
        deadAt: new Date().toISOString(),
      };
      await saveDeadLetter(env.PROFILES, letter);
      log("dead letter", letter, "error");
      message.ack();
    } catch (e) {
      message.retry({ delaySeconds: retryDelaySeconds(message.attempts, policy) });
      log("dead letter retry", { messageId: message.id, error: describe(e) }, "error");
    }
  }
}

/** One JSON line per event: Workers Logs index the fields. */
function log(event: string, fields: object, level: "log" | "error" = "log"): void {
  console[level](JSON.stringify({ event, ...fields }));
}

function describe(e: unknown): string {
  const cause = (e as Error)?.cause;
  return cause ? `${String(e)}: ${String(cause)}` : String(e);
}
