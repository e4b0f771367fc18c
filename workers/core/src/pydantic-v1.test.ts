// Expected values come from pydantic.v1 1.10.26 (the original's models run on pydantic 1.10).
import { describe, expect, test } from "vitest";
import { pyDict, pyInt, pyStr } from "./pydantic-v1";
import { parsePythonJson } from "./python-json";

describe("pydantic v1 coercions", () => {
  test.each([
    ["x", "x"],
    ["", ""],
    [1, "1"],
    [1.5, "1.5"],
    [true, "True"],
    [false, "False"],
    [null, undefined],
    [[1], undefined],
    [{}, undefined],
  ])("str %j", (input, expected) => expect(pyStr(input)).toBe(expected));

  test.each([
    [12, 12],
    [12.9, 12],
    [-12.9, -12],
    [true, 1],
    ["12", 12],
    [" 12 ", 12],
    ["+7", 7],
    ["1_000", 1000],
    ["12.5", undefined],
    ["", undefined],
    ["0x10", undefined],
    ["1__0", undefined],
    [NaN, undefined],
    [null, undefined],
    [2 ** 60, undefined],
  ])("int %j", (input, expected) => expect(pyInt(input)).toBe(expected));

  test.each([
    [{ a: 1 }, { a: 1 }],
    [[["a", 1]], { a: 1 }],
    [["ab"], { a: "b" }],
    ["", {}],
    [[], {}],
    [[{ x: 1, y: 2 }], { x: "y" }],
    [[[1, 2]], { "1": 2 }],
    ["ab", undefined],
    [null, undefined],
    [5, undefined],
    [[[[1], 2]], undefined],
    [[["a", 1, 2]], undefined],
  ])("dict %j", (input, expected) => expect(pyDict(input)).toEqual(expected));
});

describe("parsePythonJson", () => {
  test("reads what JSON.parse reads", () => {
    expect(parsePythonJson('{"a": [1, "x"]}')).toEqual({ a: [1, "x"] });
    expect(parsePythonJson("null")).toBeNull();
  });

  test("reads Python's NaN and Infinity as null, but not inside strings", () => {
    expect(parsePythonJson('{"cpu_avg": NaN, "mem_avg": -Infinity, "x": [Infinity], "s": "NaN Infinity"}')).toEqual({
      cpu_avg: null,
      mem_avg: null,
      x: [null],
      s: "NaN Infinity",
    });
  });

  test("refuses what Python refuses", () => {
    expect(parsePythonJson("{'a': 1}")).toBeUndefined();
    expect(parsePythonJson('{"a": NaNa}')).toBeUndefined();
    expect(parsePythonJson("")).toBeUndefined();
  });
});
