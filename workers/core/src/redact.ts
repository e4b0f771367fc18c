// Redaction of frame names for shared snapshots (share.ts): the user's regular expressions replace what
// they match with REDACTED, either in the function-name part of a frame or in the file paths it carries
// (e.g. `run (/srv/app/main.py:12)`). Siblings that become equal are merged, so the tree stays a tree and
// reveals no more than its labels.
//
// JavaScript regexes backtrack, and one pathological pattern (`(a+)+$`, `a*a*b`) can take seconds on a
// single long frame name. Without a linear-time engine (re2js would be one; it is not a dependency), the
// guard is: a pattern may have at most one unbounded quantifier, no quantified group but `?`, few
// alternatives, no back-references or lookaround, so one run is at worst quadratic in its text; text
// longer than MAX_TEXT is redacted whole; and the whole tree gets a budget of that worst case (the sum
// of length² × rules), checked per frame, that turns into "too large" instead of a Worker stuck until its
// CPU limit. The budget counts work rather than time because a Worker's clock does not advance while it
// computes. `npm run bench share` measures the worst allowed pattern at ~0.4 ns per unit, so the budget
// caps a pathological profile at a few CPU seconds while a 200,000-frame graph of typical names fits.
import { compareUtf8 } from "./flamegraph";
import type { FlameGraphFrame, FlameGraphResponse } from "./wire/flamegraph";

export const REDACTED = "[redacted]";
export const MAX_PATTERNS = 10;
export const MAX_PATTERN_LENGTH = 200;
/** Frame text longer than this is replaced whole: bounds what one regex run can cost. */
export const MAX_TEXT = 2048;
/** Σ length² × rules one tree may cost: 200,000 frames of 100 characters under 5 rules. */
export const MAX_WORK = 10_000_000_000;
const MAX_ALTERNATIVES = 8;
const MAX_OPTIONALS = 4;

/** File paths inside a frame name: `/a/b.py` in `f (/a/b.py:12)`; not Go's `github.com/x/y.F`. */
const PATH = /(?<![\w.\-/])\/[^\s()[\];:,]+/g;

export interface RedactionRules {
  names: RegExp[];
  paths: RegExp[];
}

export type Checked<T> = { ok: true; value: T } | { ok: false; message: string };

export const noRedaction = (rules: RedactionRules) => rules.names.length + rules.paths.length === 0;

/** The rules from `{names: [...], paths: [...]}` (each optional), or why they are refused. */
export function compileRedactions(raw: unknown): Checked<RedactionRules> {
  if (raw === undefined || raw === null) return { ok: true, value: { names: [], paths: [] } };
  if (typeof raw !== "object" || Array.isArray(raw))
    return refuse("'redact' must be {names?: [...], paths?: [...]}");
  const { names = [], paths = [] } = raw as { names?: unknown; paths?: unknown };
  if (!isStringList(names) || !isStringList(paths))
    return refuse("'redact.names' and 'redact.paths' must be lists of strings");
  if (names.length + paths.length > MAX_PATTERNS) return refuse(`At most ${MAX_PATTERNS} redaction patterns`);
  const compiled: RedactionRules = { names: [], paths: [] };
  for (const [kind, list] of [
    ["names", names],
    ["paths", paths],
  ] as const) {
    for (const pattern of list) {
      const rule = compilePattern(pattern);
      if (!rule.ok) return rule;
      compiled[kind].push(rule.value);
    }
  }
  return { ok: true, value: compiled };
}

export function compilePattern(pattern: string): Checked<RegExp> {
  const quote = JSON.stringify(pattern.slice(0, 40));
  if (pattern === "") return refuse("An empty redaction pattern matches nothing");
  if (pattern.length > MAX_PATTERN_LENGTH)
    return refuse(`Pattern ${quote}… is longer than ${MAX_PATTERN_LENGTH} characters`);
  let regex: RegExp;
  try {
    regex = new RegExp(pattern, "gu");
  } catch (e) {
    return refuse(`Pattern ${quote} is not a valid regular expression: ${(e as Error).message}`);
  }
  const risk = backtrackingRisk(pattern);
  if (risk) return refuse(`Pattern ${quote} is refused: ${risk}`);
  if (regex.test("")) return refuse(`Pattern ${quote} matches the empty string`);
  return { ok: true, value: regex };
}

/**
 * Why the pattern could backtrack badly, or null. A scan of the pattern's tokens (escapes and character
 * classes skipped as units) counting unbounded quantifiers, optional parts and alternatives.
 */
export function backtrackingRisk(pattern: string): string | null {
  let unbounded = 0;
  let optionals = 0;
  let alternatives = 0;
  let previous = ""; // the token a quantifier would apply to: "atom", "group", or "" at the start
  for (let i = 0; i < pattern.length; i++) {
    const ch = pattern[i];
    if (ch === "\\") {
      const next = pattern[i + 1] ?? "";
      if (/[1-9k]/.test(next)) return "back-references are not allowed";
      i += next === "u" || next === "x" || next === "p" || next === "P" ? escapeLength(pattern, i) - 1 : 1;
      previous = "atom";
    } else if (ch === "[") {
      i = classEnd(pattern, i);
      previous = "atom";
    } else if (ch === "(") {
      if (/^\(\?<?[=!]/.test(pattern.slice(i, i + 4))) return "lookahead and lookbehind are not allowed";
      previous = "";
    } else if (ch === ")") {
      previous = "group";
    } else if (ch === "|") {
      if (++alternatives > MAX_ALTERNATIVES) return `more than ${MAX_ALTERNATIVES} alternatives`;
      previous = "";
    } else if (
      ch === "*" ||
      ch === "+" ||
      ch === "?" ||
      (ch === "{" && /^\{\d+(,\d*)?\}/.test(pattern.slice(i)))
    ) {
      if (ch === "?" && previous === "") continue; // `(?:` and the lazy `*?` are not quantifiers
      const bounds = ch === "{" ? /^\{(\d+)(,(\d*))?\}/.exec(pattern.slice(i))! : null;
      const isUnbounded =
        ch === "*" || ch === "+" || (bounds !== null && bounds[2] !== undefined && bounds[3] === "");
      if (previous === "group" && ch !== "?")
        return "only `?` may follow a group (no `(…)*`, `(…)+`, `(…){n}`)";
      if (isUnbounded && ++unbounded > 1) return "at most one `*`, `+` or `{n,}` per pattern";
      if (!isUnbounded && ++optionals > MAX_OPTIONALS)
        return `at most ${MAX_OPTIONALS} \`?\` and \`{n,m}\` per pattern`;
      if (bounds) i += bounds[0].length - 1;
      if (pattern[i + 1] === "?") i++; // lazy form
      previous = "";
    } else {
      previous = "atom";
    }
  }
  return null;
}

function escapeLength(pattern: string, i: number): number {
  const m = /^\\(u\{[0-9A-Fa-f]+\}|u[0-9A-Fa-f]{4}|x[0-9A-Fa-f]{2}|[pP]\{[^}]*\})/.exec(pattern.slice(i));
  return m ? m[0].length : 2;
}

function classEnd(pattern: string, i: number): number {
  for (let j = i + 1; j < pattern.length; j++) {
    if (pattern[j] === "\\") j++;
    else if (pattern[j] === "]" && j > i + 1) return j;
  }
  return pattern.length;
}

/** The text with every rule's matches replaced; paths and the rest of the text by their own rules. */
export function redactText(text: string, rules: RedactionRules): string {
  if (noRedaction(rules)) return text;
  let out = "";
  let last = 0;
  for (const match of text.matchAll(PATH)) {
    out += replaceAll(text.slice(last, match.index), rules.names) + replaceAll(match[0], rules.paths);
    last = match.index + match[0].length;
  }
  return out + replaceAll(text.slice(last), rules.names);
}

function replaceAll(text: string, rules: RegExp[]): string {
  if (rules.length === 0 || text === "") return text;
  if (text.length > MAX_TEXT) return REDACTED;
  return rules.reduce((t, rule) => t.replace(rule, REDACTED), text);
}

/**
 * The flamegraph with every frame name redacted and equal siblings merged (values summed, children
 * joined), children sorted by name again. Iterative: stacks can be 100,000 frames deep.
 */
export function redactFlameGraph(
  graph: FlameGraphResponse,
  rules: RedactionRules,
  maxWork = MAX_WORK,
): Checked<FlameGraphResponse> {
  if (noRedaction(rules)) return { ok: true, value: graph };
  const count = rules.names.length + rules.paths.length;
  let work = 0;
  const rename = (frame: FlameGraphFrame): FlameGraphFrame => {
    work += Math.min(frame.name.length, MAX_TEXT) ** 2 * count;
    return { ...frame, name: redactText(frame.name, rules) };
  };
  const root = { ...graph, children: mergeChildren(graph.children.map(rename)) };
  const todo = [...root.children];
  for (let frame = todo.pop(); frame; frame = todo.pop()) {
    if (work > maxWork)
      return refuse(
        "This profile is too large for these redaction patterns; use fewer patterns or a shorter range",
      );
    frame.children = mergeChildren(frame.children.map(rename));
    for (const child of frame.children) todo.push(child);
  }
  return { ok: true, value: root };
}

function mergeChildren(children: FlameGraphFrame[]): FlameGraphFrame[] {
  const byKey = new Map<string, FlameGraphFrame>();
  for (const child of children) {
    const key = [child.name, child.suffix, child.language, child.specialType].join("\u0000");
    const seen = byKey.get(key);
    if (!seen) byKey.set(key, child);
    else
      byKey.set(key, {
        ...seen,
        value: seen.value + child.value,
        children: [...seen.children, ...child.children],
      });
  }
  return [...byKey.values()].sort((a, b) => compareUtf8(a.name, b.name));
}

const refuse = (message: string) => ({ ok: false as const, message });
const isStringList = (v: unknown): v is string[] => Array.isArray(v) && v.every((x) => typeof x === "string");
