// Statement splitting for ClickHouse SQL text, shared by apply-schema.mjs and the local server.
// A `;` splits only at top level: inside '…' strings, "…"/`…` identifiers, $tag$…$tag$ heredocs
// and -- / # / nested /* */ comments it is data.

const QUOTES = new Set(["'", '"', "`"]);
const HEREDOC = /\$([A-Za-z0-9_]*)\$/y;

/** Index just past the quoted token that opens at `i` (backslash escapes and doubled quotes). */
function skipQuoted(text, i) {
  const quote = text[i];
  for (let j = i + 1; j < text.length; j++) {
    if (text[j] === "\\") j++;
    else if (text[j] === quote) {
      if (text[j + 1] !== quote) return j + 1;
      j++;
    }
  }
  return text.length;
}

/** Index just past the comment or heredoc that opens at `i`, or -1 when none opens there. */
function skipNonCode(text, i) {
  const c = text[i];
  const next = text[i + 1];
  if ((c === "-" && next === "-") || (c === "#" && (next === " " || next === "!"))) {
    const end = text.indexOf("\n", i);
    return end === -1 ? text.length : end + 1;
  }
  if (c === "/" && next === "*") {
    let depth = 0;
    let j = i;
    while (j < text.length) {
      if (text.startsWith("/*", j)) (depth++, (j += 2));
      else if (text.startsWith("*/", j)) {
        j += 2;
        if (--depth === 0) return j;
      } else j++;
    }
    return text.length;
  }
  if (c === "$") {
    HEREDOC.lastIndex = i;
    const open = HEREDOC.exec(text);
    if (open) {
      const end = text.indexOf(open[0], i + open[0].length);
      return end === -1 ? text.length : end + open[0].length;
    }
  }
  return -1;
}

/**
 * Splits `text` into statements: trimmed, without the separating `;`, and without the pieces
 * that hold only whitespace and comments.
 */
export function splitStatements(text) {
  const statements = [];
  let start = 0;
  let hasCode = false;
  const flush = (end) => {
    if (hasCode) statements.push(text.slice(start, end).trim());
    start = end + 1;
    hasCode = false;
  };
  for (let i = 0; i < text.length;) {
    const c = text[i];
    const skipped = skipNonCode(text, i);
    if (skipped !== -1) {
      hasCode ||= c === "$";
      i = skipped;
    } else if (QUOTES.has(c)) {
      hasCode = true;
      i = skipQuoted(text, i);
    } else {
      if (c === ";") flush(i);
      else if (!/\s/.test(c)) hasCode = true;
      i++;
    }
  }
  flush(text.length);
  return statements;
}

/** The statement's first keyword, upper-cased (`SELECT`, `INSERT`, …), or '' when it has none. */
export function firstKeyword(sql) {
  let i = 0;
  while (i < sql.length) {
    const skipped = skipNonCode(sql, i);
    if (skipped !== -1 && sql[i] !== "$") i = skipped;
    else if (/[\s(]/.test(sql[i])) i++;
    else break;
  }
  const word = /^[A-Za-z]+/.exec(sql.slice(i, i + 32));
  return word ? word[0].toUpperCase() : "";
}
