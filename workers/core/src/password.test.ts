import { describe, expect, test } from "vitest";
import { hashPassword as hashPasswordForBootstrap } from "../../../scripts/lib/bootstrap.mjs";
import { hashPassword, verifyPassword } from "./password";

describe("password hashing", () => {
  test("verifies the right password and rejects a wrong one", async () => {
    const stored = await hashPassword("correct horse");
    expect(stored).toMatch(/^pbkdf2\$100000\$[\w-]+\$[\w-]+$/);
    expect(await verifyPassword("correct horse", stored)).toBe(true);
    expect(await verifyPassword("correct hors", stored)).toBe(false);
  });

  test("salts: the same password hashes differently each time", async () => {
    expect(await hashPassword("x")).not.toBe(await hashPassword("x"));
  });

  test("accepts what npm start's bootstrap stores (same format, same derivation)", async () => {
    expect(await verifyPassword("s3cret!", hashPasswordForBootstrap("s3cret!"))).toBe(true);
    expect(await verifyPassword("other", hashPasswordForBootstrap("s3cret!"))).toBe(false);
  });

  test("rejects malformed stored values instead of throwing", async () => {
    for (const stored of ["", "plain", "pbkdf2$x$y$z", "pbkdf2$10$!!$z", "pbkdf2$10$a$b", "pbkdf2$999999999$a$b", "bcrypt$10$a$b"]) expect(await verifyPassword("x", stored)).toBe(false);
  });
});
