// Injected faults for the soak harness (scripts/soak.mjs, docs/reliability.md), local stacks only: the
// consumer honours them only when FAULTS_URL is set, which no wrangler.toml and no deploy sets; the soak
// passes it to its own `wrangler dev`. The harness serves the switch; the consumer asks it once per batch.
// - r2Reads: every R2 read of the batch fails as an R2 outage would (the store adapter's error path);
// - redeliver: a message is processed but not acked, as when an ack is lost, so the Queue delivers it
//   again (while the switch is on, up to its third attempt).

export interface Faults {
  r2Reads: boolean;
  redeliver: boolean;
}

export const NO_FAULTS: Faults = { r2Reads: false, redeliver: false };

/** The faults switched on now; none when FAULTS_URL is unset or the switch does not answer. */
export async function activeFaults(url: string | undefined): Promise<Faults> {
  if (!url) return NO_FAULTS;
  try {
    const res = await fetch(url, { signal: AbortSignal.timeout(1000) });
    const body = (await res.json()) as Partial<Faults>;
    return { r2Reads: body.r2Reads === true, redeliver: body.redeliver === true };
  } catch {
    return NO_FAULTS;
  }
}

/** The bucket with its reads failing (writes, e.g. of dead letters, still work). */
export function failingReads(bucket: R2Bucket): R2Bucket {
  return new Proxy(bucket, {
    get(target, property) {
      if (property === "get" || property === "head") {
        return () => Promise.reject(new Error("R2 read failed (injected fault)"));
      }
      const value = Reflect.get(target, property);
      return typeof value === "function" ? value.bind(target) : value;
    },
  });
}
