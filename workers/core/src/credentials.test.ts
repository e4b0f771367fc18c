import { describe, expect, test } from "vitest";
import { generatePersonalToken, isPersonalToken, parseAuthorization } from "./credentials";

const basic = (text: string) => `Basic ${Buffer.from(text, "utf8").toString("base64")}`;

describe("parseAuthorization", () => {
  test("reads Basic user:password, the password keeping its colons", () => {
    expect(parseAuthorization(basic("admin:pa:ss wörd"))).toEqual({
      scheme: "basic",
      username: "admin",
      password: "pa:ss wörd",
    });
    expect(parseAuthorization(`basic ${Buffer.from("a:").toString("base64")}`)).toEqual({
      scheme: "basic",
      username: "a",
      password: "",
    });
  });

  test("reads Bearer tokens", () => {
    expect(parseAuthorization("Bearer pst_abc")).toEqual({ scheme: "bearer", token: "pst_abc" });
  });

  test("rejects what is not one of the two schemes or not decodable", () => {
    for (const header of [
      undefined,
      "",
      "Basic",
      "Basic !!!",
      basic("nocolon"),
      basic(":nouser"),
      "Digest abc",
      "Bearer a b",
      `Basic ${Buffer.from([0xff, 0x3a]).toString("base64")}`,
    ]) {
      expect(parseAuthorization(header)).toBeNull();
    }
  });
});

describe("personal tokens", () => {
  test("have a prefix agent keys never have", () => {
    const token = generatePersonalToken();
    expect(token).toMatch(/^pst_[\w-]{43}$/);
    expect(isPersonalToken(token)).toBe(true);
    expect(isPersonalToken(token.slice(4))).toBe(false);
    expect(isPersonalToken("pst_short")).toBe(false);
  });
});
