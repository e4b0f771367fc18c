import { describe, expect, test } from "vitest";
import { newNonce, securityHeaders } from "./security-headers";

describe("securityHeaders", () => {
  test("scripts only from the origin or with the nonce; never framed; no HSTS over http", () => {
    const headers = securityHeaders({ nonce: "abc", https: false });
    const csp = headers["Content-Security-Policy"];
    expect(csp).toContain("script-src 'self' 'nonce-abc'");
    expect(csp).not.toMatch(/script-src[^;]*unsafe/);
    expect(csp).toContain("frame-ancestors 'none'");
    expect(csp).toContain("object-src 'none'");
    expect(headers["X-Content-Type-Options"]).toBe("nosniff");
    expect(headers).not.toHaveProperty("Strict-Transport-Security");
  });

  test("HSTS over https", () => {
    expect(securityHeaders({ nonce: "n", https: true })["Strict-Transport-Security"]).toBe(
      "max-age=31536000; includeSubDomains",
    );
  });

  test("a fresh 128-bit nonce each time", () => {
    const a = newNonce();
    expect(atob(a)).toHaveLength(16);
    expect(newNonce()).not.toBe(a);
  });
});
