import { beforeAll, describe, expect, test } from "vitest";
import { jwtKeyId, verifyAccessJwt, type AccessJwk } from "./access-jwt";

const ISSUER = "https://team.cloudflareaccess.com";
const AUD = "aud-tag";
const NOW = new Date("2026-11-25T12:00:00Z");
const nowSeconds = NOW.getTime() / 1000;

const b64url = (bytes: Uint8Array | string) =>
  Buffer.from(typeof bytes === "string" ? Buffer.from(bytes) : bytes).toString("base64url");

let keys: AccessJwk[];
let privateKey: CryptoKey;
let otherKey: CryptoKey;

async function keyPair(): Promise<CryptoKeyPair> {
  return (await crypto.subtle.generateKey(
    {
      name: "RSASSA-PKCS1-v1_5",
      modulusLength: 2048,
      publicExponent: new Uint8Array([1, 0, 1]),
      hash: "SHA-256",
    },
    true,
    ["sign", "verify"],
  )) as CryptoKeyPair;
}

async function sign(
  payload: Record<string, unknown>,
  options: { key?: CryptoKey; kid?: string; alg?: string } = {},
) {
  const head = b64url(JSON.stringify({ alg: options.alg ?? "RS256", kid: options.kid ?? "k1", typ: "JWT" }));
  const body = b64url(JSON.stringify(payload));
  const signature = await crypto.subtle.sign(
    "RSASSA-PKCS1-v1_5",
    options.key ?? privateKey,
    Buffer.from(`${head}.${body}`),
  );
  return `${head}.${body}.${b64url(new Uint8Array(signature))}`;
}

const claims = (extra: Record<string, unknown> = {}) => ({
  aud: [AUD],
  iss: ISSUER,
  email: "dev@example.com",
  exp: nowSeconds + 600,
  nbf: nowSeconds - 10,
  ...extra,
});
const check = () => ({ keys, audience: AUD, issuer: ISSUER, now: NOW });

beforeAll(async () => {
  const pair = await keyPair();
  privateKey = pair.privateKey;
  otherKey = (await keyPair()).privateKey;
  keys = [{ ...((await crypto.subtle.exportKey("jwk", pair.publicKey)) as JsonWebKey), kid: "k1" }];
});

describe("verifyAccessJwt", () => {
  test("accepts a token the team's key signed for this application", async () => {
    expect(await verifyAccessJwt(await sign(claims()), check())).toEqual({ email: "dev@example.com" });
    expect(await verifyAccessJwt(await sign(claims({ aud: AUD })), check())).toEqual({
      email: "dev@example.com",
    });
  });

  test("rejects another key, unknown kid, other alg, expired, not yet valid, other audience or issuer", async () => {
    const rejected = [
      await sign(claims(), { key: otherKey }),
      await sign(claims(), { kid: "k2" }),
      await sign(claims(), { alg: "HS256" }),
      await sign(claims({ exp: nowSeconds - 120 })),
      await sign(claims({ nbf: nowSeconds + 120 })),
      await sign(claims({ aud: ["other"] })),
      await sign(claims({ iss: "https://evil.cloudflareaccess.com" })),
      await sign(claims({ email: "" })),
      await sign(claims({ exp: undefined })),
    ];
    for (const token of rejected) expect(await verifyAccessJwt(token, check())).toBeNull();
  });

  test("rejects a payload altered after signing, and garbage", async () => {
    const [head, , signature] = (await sign(claims())).split(".");
    const forged = `${head}.${b64url(JSON.stringify(claims({ email: "admin@example.com" })))}.${signature}`;
    expect(await verifyAccessJwt(forged, check())).toBeNull();
    for (const junk of ["", "a.b", "a.b.c", "!!.??.**", `${head}.e30.`])
      expect(await verifyAccessJwt(junk, check())).toBeNull();
    expect(jwtKeyId(await sign(claims()))).toBe("k1");
    expect(jwtKeyId("!!.x.y")).toBeUndefined();
  });
});
