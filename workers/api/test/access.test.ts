// Cloudflare Access in front of the studio: a verified Cf-Access-Jwt-Assertion identifies the user
// (created on first sight); a forged, expired or foreign assertion, or a bare email header, does not.
import { env } from "cloudflare:workers";
import { afterAll, beforeAll, describe, expect, test, vi } from "vitest";
import { app } from "../src/index";
import { ORIGIN } from "./helpers";

const TEAM = "studio-test.cloudflareaccess.com";
const AUD = "test-aud-tag";
const accessEnv = { ...(env as object), CF_ACCESS_TEAM_DOMAIN: TEAM, CF_ACCESS_AUD: AUD };
const ctx = {
  waitUntil: (p: Promise<unknown>) => void p.catch(() => {}),
  passThroughOnException() {},
  props: {},
};

let signer: CryptoKey;
let stranger: CryptoKey;
const b64url = (bytes: ArrayBuffer | string) =>
  btoa(typeof bytes === "string" ? bytes : String.fromCharCode(...new Uint8Array(bytes)))
    .replace(/\+/g, "-")
    .replace(/\//g, "_")
    .replace(/=+$/, "");

async function assertion(claims: Record<string, unknown>, key = signer) {
  const now = Math.floor(Date.now() / 1000);
  const head = b64url(JSON.stringify({ alg: "RS256", kid: "kid-1" }));
  const body = b64url(
    JSON.stringify({ aud: [AUD], iss: `https://${TEAM}`, exp: now + 300, iat: now, ...claims }),
  );
  const signature = await crypto.subtle.sign(
    "RSASSA-PKCS1-v1_5",
    key,
    new TextEncoder().encode(`${head}.${body}`),
  );
  return `${head}.${body}.${b64url(signature)}`;
}

const pair = async () =>
  (await crypto.subtle.generateKey(
    {
      name: "RSASSA-PKCS1-v1_5",
      modulusLength: 2048,
      publicExponent: new Uint8Array([1, 0, 1]),
      hash: "SHA-256",
    },
    true,
    ["sign", "verify"],
  )) as CryptoKeyPair;

beforeAll(async () => {
  const keys = await pair();
  signer = keys.privateKey;
  stranger = (await pair()).privateKey;
  const jwk = { ...((await crypto.subtle.exportKey("jwk", keys.publicKey)) as JsonWebKey), kid: "kid-1" };
  const realFetch = globalThis.fetch;
  // Access's certs endpoint, served here; every other request (Postgres is a socket) goes out as usual.
  vi.spyOn(globalThis, "fetch").mockImplementation((input, init) =>
    String(input instanceof Request ? input.url : input) === `https://${TEAM}/cdn-cgi/access/certs`
      ? Promise.resolve(Response.json({ keys: [jwk] }))
      : realFetch(input, init),
  );
});
afterAll(() => vi.restoreAllMocks());

const me = (headers: Record<string, string>) =>
  app.fetch(new Request(`${ORIGIN}/api/auth/me`, { headers }), accessEnv, ctx as unknown as ExecutionContext);

describe("Cloudflare Access", () => {
  test("a verified assertion is the user, created on first sight", async () => {
    const res = await me({ "cf-access-jwt-assertion": await assertion({ email: "dev@example.com" }) });
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ username: "dev@example.com", isAdmin: false, method: "access" });
    const again = await me({
      "cf-access-jwt-assertion": await assertion({ email: "dev@example.com" }),
      "cf-access-authenticated-user-email": "DEV@example.com",
    });
    expect(again.status).toBe(200);
  });

  test("forged, expired, foreign or contradicted assertions are 401; the email header alone is nothing", async () => {
    const now = Math.floor(Date.now() / 1000);
    const refused: Record<string, string>[] = [
      { "cf-access-jwt-assertion": await assertion({ email: "dev@example.com" }, stranger) },
      { "cf-access-jwt-assertion": await assertion({ email: "dev@example.com", exp: now - 3600 }) },
      { "cf-access-jwt-assertion": await assertion({ email: "dev@example.com", aud: ["other-app"] }) },
      { "cf-access-jwt-assertion": "not.a.jwt" },
      {
        "cf-access-jwt-assertion": await assertion({ email: "dev@example.com" }),
        "cf-access-authenticated-user-email": "admin@example.com",
      },
      { "cf-access-authenticated-user-email": "admin@example.com" },
    ];
    for (const headers of refused) expect((await me(headers)).status).toBe(401);
  });

  test("without the Access settings the assertion header is ignored", async () => {
    const res = await app.fetch(
      new Request(`${ORIGIN}/api/auth/me`, {
        headers: { "cf-access-jwt-assertion": await assertion({ email: "dev@example.com" }) },
      }),
      env,
      ctx as unknown as ExecutionContext,
    );
    expect(res.status).toBe(401);
  });
});
