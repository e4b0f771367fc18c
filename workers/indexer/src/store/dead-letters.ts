// Dead letters in R2 under `dead-letters/`: each message the Queue gave up on (max_retries, then the
// dead-letter Queue), kept until an operator replays it (routes/dead-letters.ts). One object per message
// id, so a dead letter delivered twice is stored once.
import { StoreUnavailable } from "../../../shared/src/errors";

const PREFIX = "dead-letters/";
const ID = /^[\w-]{1,128}$/;

export interface DeadLetter {
  /** The dead-letter Queue's message id. */
  id: string;
  /** The original message body, as the profiles Queue carried it. */
  body: unknown;
  /** Deliveries on the dead-letter Queue (the original attempts are not carried over). */
  attempts: number;
  /** When the message was first sent (ISO). */
  sentAt: string;
  /** When it was recorded here (ISO). */
  deadAt: string;
}

/** A listing entry: what customMetadata holds, so listing reads no bodies. */
export type DeadLetterSummary = Pick<DeadLetter, "id" | "sentAt" | "deadAt"> & { summary: string };

export const isDeadLetterId = (id: string) => ID.test(id);

export async function saveDeadLetter(bucket: R2Bucket, letter: DeadLetter): Promise<void> {
  const summary = summarize(letter.body);
  await r2(() =>
    bucket.put(keyOf(letter.id), JSON.stringify(letter), {
      httpMetadata: { contentType: "application/json" },
      customMetadata: { sentAt: letter.sentAt, deadAt: letter.deadAt, summary },
    }),
  );
}

export async function listDeadLetters(
  bucket: R2Bucket,
  { limit, cursor }: { limit: number; cursor?: string },
): Promise<{ deadLetters: DeadLetterSummary[]; cursor: string | null }> {
  // `include` is honoured by the runtime but missing from the undated workers-types.
  const options = { prefix: PREFIX, limit, cursor, include: ["customMetadata"] } as R2ListOptions;
  const listed = await r2(() => bucket.list(options));
  return {
    deadLetters: listed.objects.map((object) => ({
      id: object.key.slice(PREFIX.length, -".json".length),
      sentAt: object.customMetadata?.sentAt ?? "",
      deadAt: object.customMetadata?.deadAt ?? "",
      summary: object.customMetadata?.summary ?? "",
    })),
    cursor: listed.truncated ? listed.cursor : null,
  };
}

export async function readDeadLetter(bucket: R2Bucket, id: string): Promise<DeadLetter | null> {
  const object = await r2(() => bucket.get(keyOf(id)));
  return object ? ((await object.json()) as DeadLetter) : null;
}

export async function deleteDeadLetter(bucket: R2Bucket, id: string): Promise<void> {
  await r2(() => bucket.delete(keyOf(id)));
}

function keyOf(id: string): string {
  if (!isDeadLetterId(id)) throw new Error(`not a dead-letter id: ${id}`);
  return `${PREFIX}${id}.json`;
}

/** `service/filename` of a profile message, else the start of the body. */
function summarize(body: unknown): string {
  const { service, filename } = (typeof body === "object" && body ? body : {}) as Record<string, unknown>;
  if (typeof service === "string" && typeof filename === "string")
    return `${service}/${filename}`.slice(0, 512);
  return String(JSON.stringify(body)).slice(0, 512);
}

async function r2<T>(call: () => Promise<T>): Promise<T> {
  try {
    return await call();
  } catch (e) {
    throw new StoreUnavailable("R2", e);
  }
}
