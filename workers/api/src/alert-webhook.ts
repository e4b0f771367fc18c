// Posting an alert to its webhook: a signed JSON POST (core/src/webhook-signature.ts) with a timeout per
// attempt and a few quick retries on network errors, timeouts, 429 and 5xx. Each attempt is signed at the
// time it is sent, so a retry hours later still passes a receiver's 5-minute replay check; the delivery id
// stays the alert's. It never throws: the outcome is returned for the alert's row, and an alert still
// undelivered is tried again on the next cron runs (evaluate-alerts.ts).
import { DELIVERY_HEADER, SIGNATURE_HEADER, signatureHeader } from "../../core/src/webhook-signature";

export type Fetch = (request: Request) => Promise<Response>;

export interface DeliveryOptions {
  attempts: number;
  timeoutMs: number;
  /** Wait before the 2nd, 3rd… attempt. */
  backoffMs: readonly number[];
}

export const DELIVERY: DeliveryOptions = { attempts: 3, timeoutMs: 10_000, backoffMs: [500, 2_000] };

export interface Signing {
  /** The webhook's secret, as the admin was shown it. */
  secret: string;
  /** The alert's delivery id. */
  deliveryId: string;
}

export interface Delivery {
  attempts: number;
  /** null: delivered (2xx). */
  error: string | null;
}

const retryable = (status: number) => status === 429 || status >= 500;

export async function deliver(
  fetch: Fetch,
  url: string,
  body: unknown,
  signing: Signing,
  options = DELIVERY,
): Promise<Delivery> {
  const raw = JSON.stringify(body);
  let error = "not tried";
  for (let attempt = 1; attempt <= options.attempts; attempt++) {
    if (attempt > 1) await new Promise((r) => setTimeout(r, options.backoffMs[attempt - 2] ?? 0));
    try {
      const res = await fetch(
        new Request(url, {
          method: "POST",
          headers: {
            "content-type": "application/json",
            "user-agent": "performance-studio-alerts",
            [SIGNATURE_HEADER]: await signatureHeader(signing.secret, Math.floor(Date.now() / 1000), raw),
            [DELIVERY_HEADER]: signing.deliveryId,
          },
          body: raw,
          signal: AbortSignal.timeout(options.timeoutMs),
        }),
      );
      await res.body?.cancel();
      if (res.ok) return { attempts: attempt, error: null };
      error = `HTTP ${res.status}`;
      if (!retryable(res.status)) return { attempts: attempt, error };
    } catch (e) {
      error =
        e instanceof Error && e.name === "TimeoutError"
          ? `timed out after ${options.timeoutMs} ms`
          : String(e);
    }
  }
  return { attempts: options.attempts, error };
}
