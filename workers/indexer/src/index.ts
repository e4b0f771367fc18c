// The Queue consumer: at-least-once in, exactly-once rows out. A message is acked only after its rows
// are in ClickHouse; store failures retry with backoff and end in the dead-letter Queue.
import { openClickHouse } from "../../shared/src/clickhouse";
import type { IndexMessage } from "../../core/src/wire/index-message";
import type { Env } from "./env";
import { indexProfile } from "./index-profile";
import { retryDelaySeconds } from "./retry-policy";

export default {
  async queue(batch, env) {
    const clickhouse = openClickHouse(env);
    try {
      for (const message of batch.messages) {
        try {
          const outcome = await indexProfile(message.body, { bucket: env.PROFILES, clickhouse, now: new Date() });
          console.log(JSON.stringify({ event: `profile ${outcome.status}`, ...outcome }));
          message.ack();
        } catch (e) {
          console.error(JSON.stringify({ event: "profile retry", attempts: message.attempts, error: String(e), cause: String((e as Error).cause ?? "") }));
          message.retry({ delaySeconds: retryDelaySeconds(message.attempts) });
        }
      }
    } finally {
      await clickhouse.close();
    }
  },
} satisfies ExportedHandler<Env, IndexMessage>;
