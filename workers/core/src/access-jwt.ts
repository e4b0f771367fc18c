// Cloudflare Access in front of the studio: Access signs every request it lets through with an RS256 JWT
// (`Cf-Access-Jwt-Assertion`). Only a verified assertion identifies the user: the plain
// `Cf-Access-Authenticated-User-Email` header can be sent by anyone who reaches the origin directly.
// The signing keys come from https://<team>.cloudflareaccess.com/cdn-cgi/access/certs (the caller fetches them).

export interface AccessJwk extends JsonWebKey {
  kid?: string;
}

export interface AccessJwtCheck {
  /** The `keys` of the team's certs document. */
  keys: readonly AccessJwk[];
  /** The Access application's AUD tag. */
  audience: string;
  /** `https://<team>.cloudflareaccess.com` */
  issuer: string;
  now: Date;
}

export interface AccessIdentity {
  email: string;
}

/** Allowed clock difference between Access and this Worker. */
const LEEWAY_SECONDS = 60;

/** The user's identity, or null when the token is malformed, unsigned by the team, expired or for another app. */
export async function verifyAccessJwt(token: string, check: AccessJwtCheck): Promise<AccessIdentity | null> {
  const parts = token.split(".");
  if (parts.length !== 3) return null;
  const header = decodeJson(parts[0]);
  const payload = decodeJson(parts[1]);
  const signature = decodeBase64Url(parts[2]);
  if (!header || !payload || !signature || header.alg !== "RS256") return null;
  const jwk = check.keys.find((key) => key.kid === header.kid && key.kty === "RSA");
  if (!jwk) return null;
  const verified = await verifySignature(jwk, signature, `${parts[0]}.${parts[1]}`);
  if (!verified) return null;

  const now = check.now.getTime() / 1000;
  const audiences = Array.isArray(payload.aud) ? payload.aud : [payload.aud];
  if (!audiences.includes(check.audience)) return null;
  if (payload.iss !== check.issuer) return null;
  if (typeof payload.exp !== "number" || payload.exp + LEEWAY_SECONDS < now) return null;
  if (typeof payload.nbf === "number" && payload.nbf - LEEWAY_SECONDS > now) return null;
  if (typeof payload.email !== "string" || !payload.email) return null;
  return { email: payload.email };
}

/** The `kid` of a JWT's header, to pick (or refresh) the signing key; undefined when unreadable. */
export function jwtKeyId(token: string): string | undefined {
  const kid = decodeJson(token.split(".")[0])?.kid;
  return typeof kid === "string" ? kid : undefined;
}

async function verifySignature(jwk: AccessJwk, signature: Uint8Array, signed: string): Promise<boolean> {
  try {
    const { kty, n, e } = jwk;
    const key = await crypto.subtle.importKey(
      "jwk",
      { kty, n, e },
      { name: "RSASSA-PKCS1-v1_5", hash: "SHA-256" },
      false,
      ["verify"],
    );
    return await crypto.subtle.verify("RSASSA-PKCS1-v1_5", key, signature, new TextEncoder().encode(signed));
  } catch {
    return false;
  }
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- raw input before validation
function decodeJson(part: string): Record<string, any> | null {
  const bytes = decodeBase64Url(part);
  if (!bytes) return null;
  try {
    const value: unknown = JSON.parse(new TextDecoder().decode(bytes));
    return value && typeof value === "object" && !Array.isArray(value)
      ? (value as Record<string, unknown>)
      : null;
  } catch {
    return null;
  }
}

function decodeBase64Url(text: string): Uint8Array | null {
  if (!/^[\w-]*$/.test(text)) return null;
  try {
    return Uint8Array.from(atob(text.replace(/-/g, "+").replace(/_/g, "/")), (c) => c.charCodeAt(0));
  } catch {
    return null;
  }
}
