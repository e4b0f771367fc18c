import { describe, expect, test } from "vitest";
import {
  compileFilter,
  filterColumns,
  firstEq,
  formatFilter,
  parseRqlFilter,
  restrictFilter,
  type FilterNode,
} from "./rql-filter";

function parsed(document: unknown): FilterNode | null {
  const result = parseRqlFilter(JSON.stringify(document));
  if ("error" in result) throw new Error(result.error);
  return result.filter;
}

function compiled(document: unknown, options = {}) {
  const filter = parsed(document);
  return filter && compileFilter(filter, options);
}

describe("parseRqlFilter + compileFilter: the flamedb examples (indexer-flamedb.md §4.3), parameterized", () => {
  test.each([
    [{ filter: { HostName: "h1" } }, "HostName = {f0:String}", ["h1"]],
    [{ filter: { HostName: { $eq: "h1" } } }, "HostName = {f0:String}", ["h1"]],
    [{ filter: { HostName: { $neq: "h1" } } }, "HostName <> {f0:String}", ["h1"]],
    [{ filter: { ContainerName: { $like: "%web%" } } }, "ContainerName LIKE {f0:String}", ["%web%"]],
    [{ filter: { $and: [{ HostName: { $eq: "h1" } }] } }, "HostName = {f0:String}", ["h1"]],
    [
      { filter: { $and: [{ HostName: { $eq: "h1" } }, { InstanceType: { $eq: "t2.medium" } }] } },
      "(HostName = {f0:String} AND InstanceType = {f1:String})",
      ["h1", "t2.medium"],
    ],
    [
      {
        filter: {
          $or: [{ HostName: "a" }, { $and: [{ HostName: "b" }, { ContainerEnvName: { $neq: "x" } }] }],
        },
      },
      "(HostName = {f0:String} OR (HostName = {f1:String} AND ContainerEnvName <> {f2:String}))",
      ["a", "b", "x"],
    ],
    [{ filter: { HostName: { $gt: "a" } } }, "HostName > {f0:String}", ["a"]],
    [
      { filter: { HostName: { $gte: "a", $lt: "b" } } },
      "(HostName >= {f0:String} AND HostName < {f1:String})",
      ["a", "b"],
    ],
    [{ filter: { HostName: "a?b" } }, "HostName = {f0:String}", ["a?b"]],
    // the repo's TestBuildQuery, in document order (deterministic, unlike Go's map order)
    [
      {
        filter: {
          ContainerEnvName: { $neq: "order-router-ar" },
          $or: [
            { HostName: "i-052b60b314570ca6c" },
            { HostName: "i-0dc8c3917b36b7bcb" },
            { HostName: "i-000a551704de2f0ab" },
          ],
        },
      },
      "(ContainerEnvName <> {f0:String} AND (HostName = {f1:String} OR HostName = {f2:String} OR HostName = {f3:String}))",
      ["order-router-ar", "i-052b60b314570ca6c", "i-0dc8c3917b36b7bcb", "i-000a551704de2f0ab"],
    ],
  ])("%j", (document, sql, values) => {
    const result = compiled(document)!;
    expect(result.sql).toBe(sql);
    expect(Object.values(result.params)).toEqual(values);
  });

  test("the UI's document, with its id, and numbers coerced to strings as pydantic did", () => {
    expect(compiled({ id: "", filter: { $and: [{ HostName: { $eq: 5 } }] } })).toEqual({
      sql: "HostName = {f0:String}",
      params: { f0: "5" },
    });
  });

  test.each([
    [{}],
    [{ filter: {} }],
    [{ filter: { $or: [] } }],
    [{ filter: null }],
    [{ filter: { $and: [{ $or: [] }] } }],
  ])("%j means no filter", (document) => expect(parsed(document)).toBeNull());
});

describe("hostile filters", () => {
  test("values never reach the SQL text", () => {
    const hostile = [
      "it's",
      "x' OR 1=1 --",
      "'; DROP TABLE flamedb.samples; --",
      "{f1:String}",
      "\\' OR ''='",
      "\u0000\n\r\t",
      "}); SELECT 1",
      "%' UNION SELECT * FROM system.users --",
      "ü🔥",
    ];
    for (const value of hostile) {
      const result = compiled({
        filter: { $or: [{ HostName: value }, { ContainerName: { $like: value } }] },
      })!;
      expect(result.sql).toBe("(HostName = {f0:String} OR ContainerName LIKE {f1:String})");
      expect(result.params).toEqual({ f0: value, f1: value });
    }
  });

  test.each([
    ["not json", "'filter' is not valid JSON"],
    ["[]", "'filter' must be a JSON object"],
    ['"x"', "'filter' must be a JSON object"],
    ['{"filter": {"hostname": "a"}}', 'unrecognized key "hostname" for filtering'],
    [
      '{"filter": {"HostName; DROP TABLE x": "a"}}',
      'unrecognized key "HostName; DROP TABLE x" for filtering',
    ],
    ['{"filter": {"CallStackName": "a"}}', 'unrecognized key "CallStackName" for filtering'],
    ['{"filter": {"HostName": {"$in": ["a"]}}}', 'can not apply op "$in" on field "HostName"'],
    ['{"filter": {"HostName": {"$eq) OR (1": "a"}}}', 'can not apply op "$eq) OR (1" on field "HostName"'],
    ['{"filter": {"HostName": {"toString": "a"}}}', 'can not apply op "toString" on field "HostName"'],
    ['{"filter": {"HostName": {"__proto__": "a"}}}', 'can not apply op "__proto__" on field "HostName"'],
    ['{"filter": {"HostName": true}}', 'invalid datatype for field "HostName": expect string'],
    ['{"filter": {"HostName": null}}', 'invalid datatype for field "HostName": expect string'],
    ['{"filter": {"HostName": ["a"]}}', 'invalid datatype for field "HostName": expect string'],
    ['{"filter": {"$and": {"HostName": "a"}}}', "'$and' takes an array"],
    ['{"filter": {"$or": ["a"]}}', "a filter expression must be a JSON object"],
    ['{"filter": "HostName = 1"}', "a filter expression must be a JSON object"],
  ])("%s → %s", (text, error) => {
    expect(parseRqlFilter(text)).toEqual({ error });
  });

  test("bounds depth, term count and value length", () => {
    let deep: unknown = { HostName: "a" };
    for (let i = 0; i < 10; i++) deep = { $and: [deep] };
    expect(parseRqlFilter(JSON.stringify({ filter: deep }))).toEqual({
      error: "filter nested deeper than 6 levels",
    });
    const many = { $or: Array.from({ length: 201 }, (_, i) => ({ HostName: `h${i}` })) };
    expect(parseRqlFilter(JSON.stringify({ filter: many }))).toEqual({
      error: "filter has more than 200 terms",
    });
    expect(parseRqlFilter(JSON.stringify({ filter: { HostName: "x".repeat(1025) } }))).toEqual({
      error: "filter value longer than 1024 characters",
    });
  });

  test("random documents either parse into whitelisted SQL or are refused, never throw", () => {
    let seed = 7;
    const random = () => (seed = (seed * 1103515245 + 12345) >>> 0) / 2 ** 32;
    const pick = <T>(items: readonly T[]) => items[Math.floor(random() * items.length)];
    const keys = [
      "HostName",
      "ContainerName",
      "ContainerEnvName",
      "InstanceType",
      "$and",
      "$or",
      "$eq",
      "$like",
      "$in",
      "x",
      "'",
    ];
    const leaf = () => pick<unknown>(["a", "'", 1, null, true, [], {}, "%", "{f0:String}"]);
    const node = (depth: number): unknown => {
      if (depth > 3 || random() < 0.3) return leaf();
      if (random() < 0.3) return Array.from({ length: Math.floor(random() * 3) }, () => node(depth + 1));
      return Object.fromEntries(
        Array.from({ length: 1 + Math.floor(random() * 3) }, () => [pick(keys), node(depth + 1)]),
      );
    };
    for (let i = 0; i < 2000; i++) {
      const result = parseRqlFilter(JSON.stringify({ filter: node(0) }));
      if ("error" in result || result.filter === null) continue;
      const { sql } = compileFilter(result.filter);
      expect(sql).toMatch(/^[\w (){}:=<>.]+$/);
      expect(sql.replace(/\{f\d+:String\}/g, "")).not.toMatch(/['"%\\]/);
    }
  });
});

describe("compile options", () => {
  test("equality on hashed columns also tests the primary-key hash", () => {
    expect(
      compiled(
        { filter: { HostName: "h1", ContainerName: { $neq: "c" } } },
        { hashed: ["HostName", "ContainerName"] },
      ),
    ).toEqual({
      sql: "((HostNameHash = xxHash32({f0:String}) AND HostName = {f0:String}) AND ContainerName <> {f1:String})",
      params: { f0: "h1", f1: "c" },
    });
  });

  test("a prefix keeps two filters' parameters apart", () => {
    expect(compiled({ filter: { HostName: "a" } }, { prefix: "c" })).toEqual({
      sql: "HostName = {c0:String}",
      params: { c0: "a" },
    });
  });

  test("a column the table lacks is a programmer error", () => {
    expect(() =>
      compiled({ filter: { ContainerName: "a" } }, { columns: ["HostName", "InstanceType"] }),
    ).toThrow(/not in this table/);
  });
});

describe("helpers of the original's filters_utils (backend-api.md §1.2)", () => {
  const filter = parsed({
    filter: {
      $or: [
        { ContainerName: { $eq: "c" } },
        { $and: [{ HostName: { $neq: "x" } }, { HostName: { $eq: "h2" } }] },
        { HostName: "h3" },
      ],
    },
  });

  test("firstEq finds the first $eq of a column in document order", () => {
    expect(firstEq(filter, "HostName")).toBe("h2");
    expect(firstEq(filter, "ContainerName")).toBe("c");
    expect(firstEq(filter, "ContainerEnvName")).toBeNull();
    expect(firstEq(null, "HostName")).toBeNull();
  });

  test("restrictFilter keeps the terms on some columns, under their groups", () => {
    expect(compileFilter(restrictFilter(filter, ["HostName"])!).sql).toBe(
      "((HostName <> {f0:String} AND HostName = {f1:String}) OR HostName = {f2:String})",
    );
    expect(restrictFilter(filter, ["InstanceType"])).toBeNull();
    expect(filterColumns(filter)).toEqual(new Set(["ContainerName", "HostName"]));
  });

  test("formatFilter names downloads", () => {
    expect(
      formatFilter(parsed({ filter: { $and: [{ HostName: { $eq: "x" } }, { ContainerName: "y" }] } })),
    ).toBe("HostName_eq_x__and__ContainerName_eq_y");
  });
});
