import { createHmac } from "node:crypto";
import { describe, expect, it } from "vitest";
import {
  generateWebhookSecret,
  parseSignatureHeader,
  signatureHeader,
  verifyWebhookSignature,
} from "./webhook-signature";

const body = JSON.stringify({ alertId: 7, function: "hot", text: "Performance Studio: hot → 60%" });

/** What the README tells a receiver to do, with node:crypto instead of this module. */
const nodeSignature = (secret: string, t: number, raw: string) =>
  createHmac("sha256", secret).update(`${t}.${raw}`, "utf8").digest("hex");

describe("generateWebhookSecret", () => {
  it("is 32 random bytes in hex behind whsec_", () => {
    const a = generateWebhookSecret();
    expect(a).toMatch(/^whsec_[0-9a-f]{64}$/);
    expect(generateWebhookSecret()).not.toBe(a);
  });
});

describe("signatureHeader", () => {
  it("is t=<unix>,v1=<HMAC-SHA256 of '<t>.<body>'> as node:crypto computes it", async () => {
    const secret = generateWebhookSecret();
    const header = await signatureHeader(secret, 1_795_000_000, body);
    expect(header).toBe(`t=1795000000,v1=${nodeSignature(secret, 1_795_000_000, body)}`);
  });

  it("matches a vector computed by openssl", async () => {
    // printf '%s' '1700000000.{"a":1}' | openssl dgst -sha256 -hmac whsec_test
    expect(await signatureHeader("whsec_test", 1_700_000_000, '{"a":1}')).toBe(
      "t=1700000000,v1=38877139021993b830af32feea6e18a8da83eb2f6e49ee50bd9e4cf4ca4d3789",
    );
  });
});

describe("verifyWebhookSignature", () => {
  const secret = generateWebhookSecret();
  const t = 1_795_000_000;

  it("accepts the signed body within 5 minutes either side", async () => {
    const header = await signatureHeader(secret, t, body);
    expect(await verifyWebhookSignature(secret, header, body, t)).toBe("ok");
    expect(await verifyWebhookSignature(secret, header, body, t + 300)).toBe("ok");
    expect(await verifyWebhookSignature(secret, header, body, t - 300)).toBe("ok");
  });

  it("refuses replays older than 5 minutes, a tampered body, another secret, a forged header", async () => {
    const header = await signatureHeader(secret, t, body);
    expect(await verifyWebhookSignature(secret, header, body, t + 301)).toBe("expired");
    expect(await verifyWebhookSignature(secret, header, body.replace("60%", "61%"), t)).toBe("mismatch");
    expect(await verifyWebhookSignature(generateWebhookSecret(), header, body, t)).toBe("mismatch");
    // the timestamp is signed: moving it forward breaks the signature
    expect(await verifyWebhookSignature(secret, header.replace(`t=${t}`, `t=${t + 1}`), body, t)).toBe(
      "mismatch",
    );
    expect(await verifyWebhookSignature(secret, "v1=abc", body, t)).toBe("malformed");
    expect(await verifyWebhookSignature(secret, "", body, t)).toBe("malformed");
  });

  it("takes any of several v1 values (a sender rolling its secret)", async () => {
    const old = nodeSignature(generateWebhookSecret(), t, body);
    const header = `t=${t},v1=${old},v1=${nodeSignature(secret, t, body)}`;
    expect(await verifyWebhookSignature(secret, header, body, t)).toBe("ok");
    expect(parseSignatureHeader(header)?.v1).toHaveLength(2);
  });
});
