// The UI pages' security headers. Scripts run only from this origin or inline with the request's
// nonce (Qwik puts it on its own inline scripts: the plugin hands it over as sharedMap "@nonce"), so
// markup that slipped into a page cannot run; no site may frame the UI (clickjacking); HSTS only over
// https, where the browser honours it. Inline style attributes stay allowed: the pages and d3 set
// widths and colours with them, and styles cannot run code.

export function securityHeaders({ nonce, https }: { nonce: string; https: boolean }): Record<string, string> {
  const csp = [
    "default-src 'self'",
    `script-src 'self' 'nonce-${nonce}'`,
    "style-src 'self' 'unsafe-inline'",
    "img-src 'self' data: blob:",
    "font-src 'self' data:",
    "connect-src 'self'",
    "object-src 'none'",
    "base-uri 'self'",
    "form-action 'self'",
    "frame-ancestors 'none'",
  ];
  return {
    "Content-Security-Policy": csp.join("; "),
    "X-Content-Type-Options": "nosniff",
    "X-Frame-Options": "DENY",
    "Referrer-Policy": "same-origin",
    ...(https ? { "Strict-Transport-Security": "max-age=31536000; includeSubDomains" } : {}),
  };
}

/** 128 random bits, base64: a fresh nonce per response. */
export function newNonce(): string {
  return btoa(String.fromCharCode(...crypto.getRandomValues(new Uint8Array(16))));
}
