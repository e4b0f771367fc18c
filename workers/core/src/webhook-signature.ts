// Signed webhook posts (issue 9): every POST to an alert webhook carries
//   X-Studio-Signature: t=<unix seconds>,v1=<hex HMAC-SHA256 of "<t>.<raw body>">
// keyed with the webhook's secret (the UTF-8 bytes of the string the admin was shown), and
//   X-Studio-Delivery: <uuid>, the same for every attempt at one alert, so receivers can de-duplicate.
// The scheme is Stripe's: the timestamp inside the signed text lets a receiver refuse replays.
// Pure (WebCrypto only); verifyWebhookSignature is what a receiver written in TypeScript can use.

export const SIGNATURE_HEADER = "X-Studio-Signature";
export const DELIVERY_HEADER = "X-Studio-Delivery";
/** Receivers should refuse a signature older (or newer) than this. */
export const SIGNATURE_TOLERANCE_SECONDS = 300;

const SECRET_PREFIX = "whsec_";
const SECRET_BYTES = 32;
const encoder = new TextEncoder();

const hex = (bytes: Uint8Array) => [...bytes].map((b) => b.toString(16).padStart(2, "0")).join("");

/** A new webhook secret: 32 random bytes as hex, prefixed so secret scanners and people recognise it. */
export function generateWebhookSecret(): string {
  return SECRET_PREFIX + hex(crypto.getRandomValues(new Uint8Array(SECRET_BYTES)));
}

async function hmacHex(secret: string, text: string): Promise<string> {
  const key = await crypto.subtle.importKey(
    "raw",
    encoder.encode(secret),
    { name: "HMAC", hash: "SHA-256" },
    false,
    ["sign"],
  );
  return hex(new Uint8Array(await crypto.subtle.sign("HMAC", key, encoder.encode(text))));
}

/** The X-Studio-Signature value for `body` sent at `unixSeconds`. */
export async function signatureHeader(secret: string, unixSeconds: number, body: string): Promise<string> {
  return `t=${unixSeconds},v1=${await hmacHex(secret, `${unixSeconds}.${body}`)}`;
}

/** `t` and every `v1` of a header (several v1 values would let a sender roll secrets); null if malformed. */
export function parseSignatureHeader(header: string): { t: number; v1: string[] } | null {
  let t: number | null = null;
  const v1: string[] = [];
  for (const part of header.split(",")) {
    const [key, value = ""] = part.trim().split("=", 2);
    if (key === "t" && /^\d{1,12}$/.test(value)) t = Number(value);
    else if (key === "v1" && /^[0-9a-f]{64}$/.test(value)) v1.push(value);
  }
  return t === null || !v1.length ? null : { t, v1 };
}

export type Verification = "ok" | "malformed" | "expired" | "mismatch";

/** A receiver's check: a well-formed header, signed within the tolerance of `nowSeconds`, over this body. */
export async function verifyWebhookSignature(
  secret: string,
  header: string,
  body: string,
  nowSeconds: number,
  toleranceSeconds = SIGNATURE_TOLERANCE_SECONDS,
): Promise<Verification> {
  const parsed = parseSignatureHeader(header);
  if (!parsed) return "malformed";
  if (Math.abs(nowSeconds - parsed.t) > toleranceSeconds) return "expired";
  const expected = await hmacHex(secret, `${parsed.t}.${body}`);
  return parsed.v1.some((v) => constantTimeEqual(v, expected)) ? "ok" : "mismatch";
}

function constantTimeEqual(a: string, b: string): boolean {
  if (a.length !== b.length) return false;
  let diff = 0;
  for (let i = 0; i < a.length; i++) diff |= a.charCodeAt(i) ^ b.charCodeAt(i);
  return diff === 0;
}
