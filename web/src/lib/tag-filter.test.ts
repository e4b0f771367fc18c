import { describe, expect, test } from "vitest";
import {
  compactFilter,
  describeFilter,
  freeTypes,
  fromRql,
  parseCompactFilter,
  rqlParam,
  toRql,
  type TagFilter,
} from "./tag-filter";

const filter: TagFilter = {
  logic: "$and",
  rules: [
    { type: "ContainerName", op: "$eq", value: "nginx_app_default" },
    { type: "HostName", op: "$neq", value: "node-1" },
  ],
};

describe("compact URL form (A.8)", () => {
  test("reads the original's example", () => {
    expect(parseCompactFilter("cn,is,nginx_app_default,a,hn,not,node-1")).toEqual(filter);
  });

  test("round-trips, including `or`, instance types and values with commas", () => {
    const tricky: TagFilter = {
      logic: "$or",
      rules: [
        { type: "ContainerEnvName", op: "$eq", value: "a,b%c" },
        { type: "InstanceType", op: "$neq", value: "t2.medium" },
      ],
    };
    const text = compactFilter(tricky)!;
    expect(text).toBe("cen,is,a%2Cb%25c,o,it,not,t2.medium");
    expect(parseCompactFilter(text)).toEqual(tricky);
  });

  test("garbage is no filter", () => {
    for (const text of ["", "cn,is", "xx,is,a", "cn,maybe,a", "cn,is,a,x,hn,is,b", "cn,is,a,a"]) {
      expect(parseCompactFilter(text)).toBeNull();
    }
    expect(compactFilter({ logic: "$and", rules: [{ type: "HostName", op: "$eq", value: "" }] })).toBeNull();
  });
});

describe("RQL (backend-api.md §1.2)", () => {
  test("toRql builds the api's shape; rqlParam is its JSON", () => {
    expect(toRql(filter)).toEqual({
      filter: { $and: [{ ContainerName: { $eq: "nginx_app_default" } }, { HostName: { $neq: "node-1" } }] },
    });
    expect(JSON.parse(rqlParam(filter)!)).toEqual(toRql(filter));
    expect(rqlParam(null)).toBeNull();
  });

  test("fromRql reads saved filters (inner object) and snapshots (wrapped), dropping unknown parts", () => {
    expect(fromRql(toRql(filter))).toEqual(filter);
    expect(fromRql(toRql(filter).filter)).toEqual(filter);
    expect(fromRql({ $or: [{ Evil: { $eq: "x" } }, { HostName: { $like: "y", $eq: 7 } }] })).toEqual({
      logic: "$or",
      rules: [{ type: "HostName", op: "$eq", value: "7" }],
    });
    expect(fromRql(null)).toBeNull();
    expect(fromRql({ filter: { $and: [] } })).toBeNull();
  });
});

test("describeFilter is the original's sentence", () => {
  expect(describeFilter(filter)).toBe("Container name Is nginx_app_default And Host name Is not node-1");
});

test("under $and each type is used once", () => {
  expect(freeTypes(filter)).toEqual(["ContainerEnvName", "InstanceType"]);
  expect(freeTypes(filter, 1)).toEqual(["HostName", "ContainerEnvName", "InstanceType"]);
  expect(freeTypes({ ...filter, logic: "$or" })).toHaveLength(4);
});
