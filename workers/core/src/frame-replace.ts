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
 * replacer keeps `$` from being expanded. Most lines match no rule: a search for the rules'
 * literal prefixes rejects them at half the cost of the rules' own alternation.
 */
export function createFrameReplacer(rules: readonly FrameReplaceRule[]): FrameReplacer {
  const compiled = rules.map((rule) => ({
    test: new RegExp(rule.regexp, FLAGS),
    all: new RegExp(rule.regexp, FLAGS + "g"),
    replace: rule.replace,
  }));
  const precheck = new RegExp(rules.map((rule) => rule.regexp).join("|"), FLAGS);
  const prefixes = rules.map((rule) => literalPrefix(rule.regexp));
  // A prefix containing another is implied by it; an empty one means every line must be checked.
  const needed = prefixes.filter(
    (a, i) => !prefixes.some((b, j) => j !== i && a.includes(b) && (a !== b || j < i)),
  );
  const prefilter = needed.includes("") ? /(?:)/ : new RegExp(needed.map(escapeRegExp).join("|"));
  return (line) => {
    if (!prefilter.test(line) || !precheck.test(line)) return line;
    for (const rule of compiled) {
      if (rule.test.test(line)) line = line.replace(rule.all, () => rule.replace);
    }
    return line;
  };
}

const QUANTIFIERS = "?*{";
const META = "^$.|?*+()[]{}";

/**
 * The text every match of `regexp` starts with: its leading literal characters (escaped
 * punctuation included), up to the first metacharacter; a character made optional by a quantifier
 * is not part of it, one repeated by `+` is and ends it.
 */
export function literalPrefix(regexp: string): string {
  if (hasTopLevelAlternation(regexp)) return "";
  let prefix = "";
  for (let i = 0; i < regexp.length; i++) {
    let c = regexp[i];
    if (c === "\\") {
      c = regexp[++i] ?? "";
      // \d, \w, \b, \1 ... are classes or assertions, not literals
      if (!/^[^\w\s]$/.test(c)) break;
    } else if (META.includes(c)) break;
    const next = regexp[i + 1] ?? "";
    if (QUANTIFIERS.includes(next)) break;
    prefix += c;
    if (next === "+") break;
  }
  return prefix;
}

function hasTopLevelAlternation(regexp: string): boolean {
  let depth = 0;
  let inClass = false;
  for (let i = 0; i < regexp.length; i++) {
    const c = regexp[i];
    if (c === "\\") i++;
    else if (inClass) inClass = c !== "]";
    else if (c === "[") inClass = true;
    else if (c === "(") depth++;
    else if (c === ")") depth--;
    else if (c === "|" && depth === 0) return true;
  }
  return false;
}

function escapeRegExp(text: string): string {
  return text.replace(/[\\^$.*+?()[\]{}|/]/g, "\\$&");
}

export const FRAME_REPLACE_RULES: readonly FrameReplaceRule[] = BUNDLED_RULES;

/** The replacer with the bundled rules. */
export const replaceFrames: FrameReplacer = createFrameReplacer(FRAME_REPLACE_RULES);
