import { expect, test } from "vitest";
import { assignChanged } from "./sync";

test("only changed fields are assigned, and equal objects keep their identity", () => {
  const time = { kind: "preset", preset: "1h" };
  const target = { search: "a", time, zoom: null as string[] | null };
  const changed = assignChanged(target, { search: "b", time: { kind: "preset", preset: "1h" }, zoom: ["x"] });
  expect(changed).toEqual(["search", "zoom"]);
  expect(target.time).toBe(time);
  expect(target).toEqual({ search: "b", time, zoom: ["x"] });
});
