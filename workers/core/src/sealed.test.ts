import { describe, expect, test } from "vitest";
import { seal, unseal } from "./sealed";

describe("seal/unseal", () => {
  test("round-trips with the same secret and purpose", async () => {
    const sealed = await seal("my-agent-key", "secret", "api-key");
    expect(sealed).toMatch(/^v1\.[\w-]+\.[\w-]+$/);
    expect(sealed).not.toContain("my-agent-key");
    expect(await unseal(sealed, "secret", "api-key")).toBe("my-agent-key");
  });

  test("gives null for another secret, another purpose, tampering or garbage", async () => {
    const sealed = await seal("my-agent-key", "secret", "api-key");
    expect(await unseal(sealed, "other", "api-key")).toBeNull();
    expect(await unseal(sealed, "secret", "other")).toBeNull();
    // One character of the ciphertext changed (not the last, whose low bits base64url may ignore).
    const at = sealed.length - 2;
    const tampered = sealed.slice(0, at) + (sealed[at] === "A" ? "B" : "A") + sealed.slice(at + 1);
    expect(tampered).not.toBe(sealed);
    expect(await unseal(tampered, "secret", "api-key")).toBeNull();
    for (const junk of ["", "v1", "v1..", "v2.a.b", "v1.!!.??"])
      expect(await unseal(junk, "secret", "api-key")).toBeNull();
  });
});
