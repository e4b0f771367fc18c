import { describe, expect, it } from "vitest";
import { createFrameReplacer, FRAME_REPLACE_RULES, literalPrefix, replaceFrames } from "./frame-replace";
import { readTestdataText } from "./test-utils";

const goldenRules: typeof FRAME_REPLACE_RULES = JSON.parse(readTestdataText("golden/replace_rules.json"));

describe("frame replacement rules (§2.6, §5.1)", () => {
  it("bundles exactly the golden rules: 29 rules, 36 tests, each rule tested", () => {
    expect(FRAME_REPLACE_RULES).toEqual(goldenRules);
    expect(FRAME_REPLACE_RULES).toHaveLength(29);
    expect(FRAME_REPLACE_RULES.flatMap((rule) => rule.tests)).toHaveLength(36);
    for (const rule of FRAME_REPLACE_RULES) expect(rule.tests.length).toBeGreaterThan(0);
  });

  const cases = FRAME_REPLACE_RULES.flatMap((rule, i) =>
    rule.tests.map((test) => ({ rule: i + 1, regexp: rule.regexp, replace: rule.replace, ...test })),
  );

  it.each(cases)("rule $rule alone: $input", ({ regexp, replace, input, output }) => {
    // InitRegexps validation: the rule matches its test input and produces the output.
    expect(new RegExp(regexp).test(input)).toBe(true);
    expect(input.replace(new RegExp(regexp, "g"), () => replace)).toBe(output);
  });

  it.each(cases)("whole rule set: $input", ({ input, output }) => {
    expect(replaceFrames(input)).toBe(output);
  });
});

describe("replaceFrames on joined lines (§2.6)", () => {
  it.each([
    [
      "java/lang/invoke/LambdaForm$MH.0x000000080234cc00.invokeExact_MT_[j];Foo$$Lambda$3629+0x0000000802293b30.run_[j];jdk/internal/reflect/GeneratedMethodAccessor12.invoke_[j];[/tmp/perf-123.map]",
      "java/lang/invoke/LambdaForm$[m].[m].invokeExact_MT_[j];Foo$$Lambda$[m].run_[j];jdk/internal/reflect/GeneratedMethodAccessor[m].invoke_[j];[/tmp/perf-[m].map]",
    ],
    ["Lambda$12/0x5;Lambda$13/6;Lambda77/88", "Lambda$[m]/[m];Lambda$[m]/[m];Lambda[m]/[m]"],
    ["java;Thread.run_[j];Lambda$123/0x1a2b_[j]", "java;Thread.run_[j];Lambda$[m]/[m]_[j]"],
  ])("applies every matching rule in order: %s", (input, output) => {
    expect(replaceFrames(input)).toBe(output);
  });

  it.each(["plain;frames", "", "perf;[unknown];__strncasecmp_avx", "a$b;Lambda;Generated"])(
    "leaves %j unchanged",
    (line) => {
      expect(replaceFrames(line)).toBe(line);
    },
  );

  it("inserts replacements literally, never expanding $", () => {
    expect(replaceFrames("com/sun/proxy/$Proxy12.foo")).toBe("com/sun/proxy/$Proxy[m].foo");
  });
});

describe("the literal prefilter", () => {
  it.each([
    ["GeneratedMethodAccessor_?([0-9]+|RN[0-9A-F]+)", "GeneratedMethodAccessor"],
    ["Lambda\\$[0-9]+[./](0x){0,1}[0-9a-f]+", "Lambda$"],
    ["\\$[0-9]+\\.(0x)?[0-9a-f]{16}\\.", "$"],
    ["com/sun/proxy/\\$Proxy[0-9]+", "com/sun/proxy/$Proxy"],
    ["/_MEI[A-Za-z0-9]{6}/", "/_MEI"],
    ["ab?c", "a"],
    ["ab+c", "ab"],
    ["\\d+x", ""],
    ["foo|bar", ""],
    ["(foo|bar)baz", ""],
    ["x[|]y", "x"],
  ])("of %s is %j", (regexp, prefix) => {
    expect(literalPrefix(regexp)).toBe(prefix);
  });

  it("never hides a match: every rule still applies inside longer lines", () => {
    for (const rule of FRAME_REPLACE_RULES) {
      for (const test of rule.tests) {
        expect(replaceFrames(`a;${test.input};b`)).toBe(`a;${test.output};b`);
      }
    }
  });

  it("checks every line when a rule has no literal prefix", () => {
    const replacer = createFrameReplacer([{ regexp: "[0-9]+x|y", replace: "N", tests: [] }]);
    expect(replacer("a;12x;b;y")).toBe("a;N;b;N");
  });
});
