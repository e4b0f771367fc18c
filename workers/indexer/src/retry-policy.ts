// How long a failed message waits before its next attempt: exponential, capped, so a ClickHouse or R2
// outage is ridden out without hammering it (indexer issue: retry with backoff, then dead-letter).
export const MAX_RETRY_DELAY_SECONDS = 300;

export function retryDelaySeconds(attempts: number): number {
  return Math.min(MAX_RETRY_DELAY_SECONDS, 2 ** Math.max(0, attempts - 1) * 5);
}
