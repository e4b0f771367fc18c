// Installation files rendered for one service (backend-api.md §4.2). The original pasted the agent key
// and service name into YAML/JSON unescaped (§10.18); here each placeholder names the escaping of its
// context: `%{serviceName|yaml}`. Placeholders use `%{…}` so that Jinja (`{{ }}`) and Compose (`${}`)
// syntax in the templates stays literal.

export type TemplateValues = Record<string, string>;

const ESCAPERS: Record<string, (value: string) => string> = {
  /** A YAML double-quoted scalar; JSON escapes, with every non-ASCII character escaped too. */
  yaml: (value) => asciiJson(value),
  /** A YAML scalar in a Compose file, which would interpolate `$VAR` inside it. */
  compose: (value) => asciiJson(value.replace(/\$/g, "$$$$")),
  /** A JSON string. */
  json: (value) => asciiJson(value),
  /** A POSIX shell word. */
  sh: (value) => `'${value.replace(/'/g, `'\\''`)}'`,
};

const PLACEHOLDER = /%\{\s*(\w+)\s*\|\s*(\w+)\s*\}/g;

/** The template with every placeholder replaced; throws on an unknown value or escaping (a template bug). */
export function renderTemplate(template: string, values: TemplateValues): string {
  return template.replace(PLACEHOLDER, (_, name: string, escaping: string) => {
    const escape = ESCAPERS[escaping];
    if (!escape) throw new Error(`unknown escaping ${escaping} in template`);
    if (!Object.hasOwn(values, name)) throw new Error(`no value for ${name} in template`);
    return escape(values[name]);
  });
}

/** The names a template needs, to check templates in tests. */
export function templatePlaceholders(template: string): string[] {
  return [...template.matchAll(PLACEHOLDER)].map((m) => `${m[1]}|${m[2]}`);
}

function asciiJson(value: string): string {
  // JSON.stringify escapes quotes, backslashes and controls; the rest of the non-ASCII range (U+2028,
  // U+0085, BOM, lone surrogates…) is escaped so no YAML or JSON reader can see a line break or a quote.
  return JSON.stringify(value).replace(
    /[^\x20-\x7e]/g,
    (ch) => `\\u${ch.charCodeAt(0).toString(16).padStart(4, "0")}`,
  );
}
