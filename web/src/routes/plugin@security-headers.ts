// Every page response gets the security headers (lib/security-headers.ts) and its own CSP nonce, which
// Qwik City passes to the renderer for its inline scripts. Not in `vite` dev mode: Vite injects scripts
// of its own without the nonce. (`/api/*` never reaches Qwik City: entry.cloudflare-pages.tsx.)
import { isDev } from "@builder.io/qwik/build";
import type { RequestHandler } from "@builder.io/qwik-city";
import { newNonce, securityHeaders } from "../lib/security-headers";

export const onRequest: RequestHandler = ({ sharedMap, headers, url }) => {
  if (isDev) return;
  const nonce = newNonce();
  sharedMap.set("@nonce", nonce);
  for (const [name, value] of Object.entries(securityHeaders({ nonce, https: url.protocol === "https:" }))) {
    headers.set(name, value);
  }
};
