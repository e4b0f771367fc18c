import { expect, test } from "vitest";
import { parsePyroscopeName } from "./pyroscope-name";

test("the app name, its profile-type suffix and the labels", () => {
  expect(parsePyroscopeName("my.awesome.app.cpu{env=staging,region=us-west-1}")).toEqual({
    app: "my.awesome.app",
    profileType: "cpu",
    labels: { env: "staging", region: "us-west-1" },
  });
  expect(parsePyroscopeName("checkout.alloc_objects{}")).toEqual({ app: "checkout", profileType: "alloc_objects", labels: {} });
  expect(parsePyroscopeName("my.app")).toEqual({ app: "my.app", profileType: null, labels: {} });
  expect(parsePyroscopeName("app{ hostname = h1 , pod=web-1,}")).toEqual({
    app: "app",
    profileType: null,
    labels: { hostname: "h1", pod: "web-1" },
  });
});

test("malformed names are null", () => {
  for (const name of ["", "{a=b}", ".cpu", "app{a=b", "app{ab}", "app{a b=c}"]) {
    expect(parsePyroscopeName(name), name).toBeNull();
  }
});
