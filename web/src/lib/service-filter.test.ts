import { describe, expect, it } from "vitest";
import { filterServices, movedIndex } from "./service-filter";
import type { ServiceInfo } from "./wire";

const service = (name: string, hasData = true): ServiceInfo => ({
  name,
  hasData,
  serviceId: 1,
  envType: null,
  createDate: "2026-11-25T00:00:00+00:00",
});
const names = (xs: ServiceInfo[]) => xs.map((s) => s.name);

describe("filterServices", () => {
  const all = [service("web-api"), service("payments"), service("api-gateway"), service("new", false)];

  it("lists everything for an empty query", () => {
    expect(names(filterServices(all, "  "))).toEqual(["web-api", "payments", "api-gateway", "new"]);
  });

  it("puts names starting with the query before names containing it, any case", () => {
    expect(names(filterServices(all, "API"))).toEqual(["api-gateway", "web-api"]);
    expect(names(filterServices(all, "pay"))).toEqual(["payments"]);
    expect(filterServices(all, "nothing")).toEqual([]);
  });
});

describe("movedIndex", () => {
  it("moves and wraps with the arrows, jumps with Home/End/PageUp/PageDown", () => {
    expect(movedIndex("ArrowDown", 0, 3)).toBe(1);
    expect(movedIndex("ArrowDown", 2, 3)).toBe(0);
    expect(movedIndex("ArrowUp", 0, 3)).toBe(2);
    expect(movedIndex("End", 0, 3)).toBe(2);
    expect(movedIndex("Home", 2, 3)).toBe(0);
    expect(movedIndex("PageDown", 5, 30)).toBe(15);
    expect(movedIndex("PageUp", 5, 30)).toBe(0);
    expect(movedIndex("a", 1, 3)).toBeNull();
    expect(movedIndex("ArrowDown", 0, 0)).toBeNull();
  });
});
