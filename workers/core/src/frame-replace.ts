// Frame replacement (spec §2.6): normalizes generated ids (lambdas, accessors, temp dirs) so frames
// that differ only by them merge into one node. The rules are the indexer's conf/replace.yaml as Go
// parses it, bundled because a Worker cannot read files at run time.
import BUNDLED_RULES from "./frame-replace-rules.json";

export interface FrameReplaceRule {
  regexp: string;
  replace: string;
  tests: { input: string; output: string }[];
}

export type FrameReplacer = (stackLine: string) => string;

// The "s" flag makes `.` match like Go's RE2 default on the \n-free lines it ever sees (JS `.` would
// otherwise stop at \r and U+2028/9). No "u" flag: the rules are written for byte-ish matching.
const FLAGS = "s";

/**
 * Applies every matching rule in file order to the whole joined line (not just the first match,
 * despite the YAML comment, §7.16), replacing all matches with the literal text: a function
 * replacer keeps `$` from being expanded. A precheck alternation skips the common no-match case.
 */
export function createFrameReplacer(rules: readonly FrameReplaceRule[]): FrameReplacer {
  const compiled = rules.map((rule) => ({
    test: new RegExp(rule.regexp, FLAGS),
    all: new RegExp(rule.regexp, FLAGS + "g"),
    replace: rule.replace,
  }));
  const precheck = new RegExp(rules.map((rule) => rule.regexp).join("|"), FLAGS);
  return (line) => {
    if (!precheck.test(line)) return line;
    for (const rule of compiled) {
      if (rule.test.test(line)) line = line.replace(rule.all, () => rule.replace);
    }
    return line;
  };
}

export const FRAME_REPLACE_RULES: readonly FrameReplaceRule[] = BUNDLED_RULES;

/** The replacer with the bundled rules. */
export const replaceFrames: FrameReplacer = createFrameReplacer(FRAME_REPLACE_RULES);
