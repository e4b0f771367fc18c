// How long a failed message waits before its next attempt: exponential and capped, so a ClickHouse or
// R2 outage is ridden out without hammering it; after max_retries (wrangler.toml) the Queue moves the
// message to the dead-letter Queue. The vars exist so tests can retry within seconds.
export interface RetryPolicy {
  baseSeconds: number;
  maxSeconds: number;
}

export const DEFAULT_RETRY_POLICY: RetryPolicy = { baseSeconds: 5, maxSeconds: 300 };

export function retryPolicy(vars: { RETRY_BASE_SECONDS?: string; RETRY_MAX_SECONDS?: string }): RetryPolicy {
  return {
    baseSeconds: seconds(vars.RETRY_BASE_SECONDS) ?? DEFAULT_RETRY_POLICY.baseSeconds,
    maxSeconds: seconds(vars.RETRY_MAX_SECONDS) ?? DEFAULT_RETRY_POLICY.maxSeconds,
  };
}

/** Whole seconds (Queues take no fractions) before attempt `attempts + 1`. */
export function retryDelaySeconds(attempts: number, policy: RetryPolicy = DEFAULT_RETRY_POLICY): number {
  const delay = policy.baseSeconds * 2 ** Math.max(0, attempts - 1);
  return Math.round(Math.min(policy.maxSeconds, delay));
}

function seconds(value: string | undefined): number | null {
  const n = Number(value);
  return value !== undefined && value !== "" && Number.isFinite(n) && n >= 0 ? n : null;
}
