import { describe, expect, it } from "vitest";
import { appVersionOf } from "./deploy-version";

describe("appVersionOf", () => {
  it("reads the version and commit of the external metadata", () => {
    expect(appVersionOf({ version: "2.4.1", commit: "9f3c2ab", team: "x" })).toEqual({ version: "2.4.1", commit: "9f3c2ab" });
    expect(appVersionOf({ app_version: " 7 ", version: "ignored" })).toEqual({ version: "7", commit: null });
    expect(appVersionOf({ application_version: 12 })).toEqual({ version: "12", commit: null });
  });
  it("is null without a usable version", () => {
    expect(appVersionOf(undefined)).toBeNull();
    expect(appVersionOf("2.4.1")).toBeNull();
    expect(appVersionOf({})).toBeNull();
    expect(appVersionOf({ version: "" })).toBeNull();
    expect(appVersionOf({ version: { nested: 1 } })).toBeNull();
    expect(appVersionOf({ version: "x".repeat(201) })).toBeNull();
  });
});
