import { digestHex } from "./digest";

// API tokens are random, shown once, and stored only as SHA-256 hex (backend-api.md §10.6).
const TOKEN_BYTES = 32;

/** 43 url-safe characters like the original's token_urlsafe(32), never starting with "-" (agents' CLI). */
export function generateToken(): string {
  for (;;) {
    const bytes = crypto.getRandomValues(new Uint8Array(TOKEN_BYTES));
    const token = btoa(String.fromCharCode(...bytes))
      .replace(/\+/g, "-")
      .replace(/\//g, "_")
      .replace(/=+$/, "");
    if (!token.startsWith("-")) return token;
  }
}

export const hashToken = (token: string): Promise<string> => digestHex("SHA-256", token);

/** What lists show of a token: enough to tell keys apart, useless to an attacker. */
export const tokenPrefix = (token: string) => token.slice(0, 6);
