// fast-check over the RQL filter parser and compiler (backend-api.md §1.2, §7.1): whatever text or JSON
// arrives as `filter`, parsing answers a filter or an error and never throws, and a compiled filter's SQL
// holds only whitelisted identifiers, operators and parameter slots: every value is a parameter.
import fc from "fast-check";
import { describe, expect, test } from "vitest";
import { compileFilter, FILTER_COLUMNS, parseRqlFilter } from "./rql-filter";

const RUNS = { numRuns: 500 };
const OPERATORS = ["$eq", "$neq", "$lt", "$lte", "$gt", "$gte", "$like"];
/** What a compiled condition may contain once its parameter slots are taken out. */
const SQL_GRAMMAR = new RegExp(
  `^(?:\\s|\\(|\\)|AND|OR|=|<>|<=|>=|<|>|LIKE|xxHash32|${FILTER_COLUMNS.map((c) => `${c}(?:Hash)?`).join("|")})*$`,
);

const value = fc.oneof(fc.string(), fc.string({ unit: "grapheme" }), fc.constantFrom("'; DROP TABLE x; --", "{f0:String}", "\\", "%_"));
const term = fc
  .tuple(fc.constantFrom(...FILTER_COLUMNS), fc.constantFrom(...OPERATORS), value)
  .map(([column, op, v]) => ({ [column]: { [op]: v } }));
const document: fc.Arbitrary<unknown> = fc.letrec<{ node: unknown }>((tie) => ({
  node: fc.oneof(
    { depthSize: "small", withCrossShrink: true },
    term,
    fc.record({ [fc.sample(fc.constantFrom("$and", "$or"), 1)[0]]: fc.array(tie("node"), { maxLength: 4 }) }),
  ),
})).node;

describe("parseRqlFilter under fuzzing", () => {
  test("any text: a filter or an error, never a throw", () => {
    fc.assert(
      fc.property(fc.oneof(fc.string(), fc.json(), fc.string({ unit: "binary" })), (text) => {
        const result = parseRqlFilter(text);
        expect("filter" in result || typeof (result as { error: string }).error === "string").toBe(true);
      }),
      RUNS,
    );
  }, 60_000);

  test("any JSON under `filter`: never a throw", () => {
    fc.assert(
      fc.property(fc.jsonValue(), (filter) => {
        parseRqlFilter(JSON.stringify({ filter }));
      }),
      RUNS,
    );
  });

  test("deep nesting is refused, not recursed into", () => {
    const depth = 100_000;
    const text = `{"filter":${'{"$and":['.repeat(depth)}{"HostName":"h"}${"]}".repeat(depth)}}`;
    expect(parseRqlFilter(text)).toEqual({ error: expect.any(String) });
  });

  test("valid filters compile to whitelisted SQL with every value a parameter", () => {
    fc.assert(
      fc.property(document, (filter) => {
        const parsed = parseRqlFilter(JSON.stringify({ filter }));
        if (!("filter" in parsed) || parsed.filter === null) return;
        const compiled = compileFilter(parsed.filter, { hashed: ["HostName", "ContainerName"] });
        expect(compiled.sql.replace(/\{f\d+:String\}/g, "")).toMatch(SQL_GRAMMAR);
        const slots = compiled.sql.match(/\{f\d+:String\}/g) ?? [];
        for (const name of Object.keys(compiled.params)) expect(slots).toContain(`{${name}:String}`);
      }),
      RUNS,
    );
  });
});
