/** Hex digest of a string's UTF-8 bytes with Web Crypto (MD5 is a Workers extension, used for R2 names). */
export async function digestHex(algorithm: "MD5" | "SHA-256", text: string): Promise<string> {
  const digest = await crypto.subtle.digest(algorithm, new TextEncoder().encode(text));
  return [...new Uint8Array(digest)].map((b) => b.toString(16).padStart(2, "0")).join("");
}
