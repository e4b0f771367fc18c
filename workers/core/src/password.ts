// UI passwords: PBKDF2-SHA256 with a random salt, stored as "pbkdf2$<iterations>$<salt>$<hash>" (base64url).
// 100,000 iterations is the most Workers' Web Crypto allows.
export const PBKDF2_ITERATIONS = 100_000;

const b64url = (bytes: Uint8Array) =>
  btoa(String.fromCharCode(...bytes)).replace(/\+/g, "-").replace(/\//g, "_").replace(/=+$/, "");
const fromB64url = (text: string) =>
  Uint8Array.from(atob(text.replace(/-/g, "+").replace(/_/g, "/")), (c) => c.charCodeAt(0));

async function derive(password: string, salt: Uint8Array, iterations: number): Promise<Uint8Array> {
  const key = await crypto.subtle.importKey("raw", new TextEncoder().encode(password), "PBKDF2", false, ["deriveBits"]);
  const bits = await crypto.subtle.deriveBits({ name: "PBKDF2", hash: "SHA-256", salt, iterations }, key, 256);
  return new Uint8Array(bits);
}

export async function hashPassword(password: string): Promise<string> {
  const salt = crypto.getRandomValues(new Uint8Array(16));
  return `pbkdf2$${PBKDF2_ITERATIONS}$${b64url(salt)}$${b64url(await derive(password, salt, PBKDF2_ITERATIONS))}`;
}

export async function verifyPassword(password: string, stored: string): Promise<boolean> {
  try {
    return await matches(password, stored);
  } catch {
    return false; // a stored value that is not valid base64url
  }
}

async function matches(password: string, stored: string): Promise<boolean> {
  const [scheme, iterations, salt, hash] = stored.split("$");
  if (scheme !== "pbkdf2" || !/^[\w-]+$/.test(salt ?? "") || !/^[\w-]+$/.test(hash ?? "")) return false;
  if (!/^\d+$/.test(iterations ?? "") || Number(iterations) > PBKDF2_ITERATIONS) return false;
  const actual = await derive(password, fromB64url(salt), Number(iterations));
  const expected = fromB64url(hash);
  // Constant-time comparison: the loop always runs over the whole hash.
  let diff = actual.length ^ expected.length;
  for (let i = 0; i < actual.length; i++) diff |= actual[i] ^ (expected[i] ?? 0);
  return diff === 0;
}
