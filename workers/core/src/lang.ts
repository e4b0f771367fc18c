// Frame language identification and display-name truncation of flamedb-rest (spec §4.7, §5.3).

export type Language =
  | "Java"
  | "Python"
  | "PHP"
  | "Ruby"
  | "Node"
  | "C++"
  | "Kernel"
  | ".NET"
  | "Go"
  | "Other"
  /** Looks like Go; resolved to Go under a Go parent, else Other, when the tree is built (§4.6). */
  | "Go?";
export type SpecialType = "" | "Java (inl)" | "Java (C1)" | "Java (interpreted)" | "Appid";

export interface FrameLanguage {
  language: Language;
  specialType: SpecialType;
}

// In order; the first match wins. Go's `]` outside a class is literal, as in JS without the `u` flag;
// "s" makes `.` match like Go's on names, which never contain `\n`.
const RULES: { pattern: RegExp; language: Language; specialType?: SpecialType }[] = [
  { pattern: /_\[j]$/s, language: "Java" },
  { pattern: /_\[i]$/s, language: "Java", specialType: "Java (inl)" },
  { pattern: /_\[1]$/s, language: "Java", specialType: "Java (C1)" },
  { pattern: /_\[0]$/s, language: "Java", specialType: "Java (interpreted)" },
  { pattern: /_\[p]$|_\[pe]$/s, language: "Python" },
  { pattern: /\.py\)$|<decorator-gen-\d+>/s, language: "Python" },
  { pattern: /_\[php]$/s, language: "PHP" },
  { pattern: /_\[rb]$/s, language: "Ruby" },
  { pattern: /^LazyCompile|^InterpretedFunction/s, language: "Node" },
  // C++ before Kernel: `foo::bar_[k]` is C++.
  { pattern: /::/s, language: "C++" },
  { pattern: /_\[k]$/s, language: "Kernel" },
  { pattern: /_\[net]$/s, language: ".NET" },
  { pattern: /_\[pn]$/s, language: "Other" },
  { pattern: /\[.+\.so]/s, language: "Other" },
  { pattern: /\w\.(?:\w|\()/s, language: "Go?" },
  { pattern: /^appid:/s, language: "Other", specialType: "Appid" },
];
const GO_RUNTIME = /^runtime(\.|\/).+/s;

/** identFrameLangAndSpecialType of db/lang_ident.go, on the raw frame name. */
export function identifyFrameLanguage(name: string): FrameLanguage {
  const rule = RULES.find(({ pattern }) => pattern.test(name));
  if (rule === undefined) return { language: "Other", specialType: "" };
  const language = rule.language === "Go?" && GO_RUNTIME.test(name) ? "Go" : rule.language;
  return { language, specialType: rule.specialType ?? "" };
}

export const TRUNCATED_SUFFIX =
  /_\[j\]$|_\[j\]_\[s\]$|_\[i\]$|_\[i\]_\[s\]$|_\[0\]$|_\[0\]_\[s\]$|_\[1\]$|_\[1\]_\[s\]$|_\[p\]$|_\[pe\]$|_\[k\]$|_\[php\]$|_\[pn\]$|_\[rb\]$|_\[net\]$/;
const UNTRUNCATED: ReadonlySet<string> = new Set<Language>(["C++", "Node", "Go"]);

/**
 * getTruncatedNameAndSuffix of db/clickhouse.go: splits the agent's language suffix off for display,
 * except for C++, Node and Go frames. language "" (no lang enrichment) truncates like Java.
 */
export function truncatedNameAndSuffix(
  name: string,
  language: Language | "",
): { name: string; suffix: string } {
  if (UNTRUNCATED.has(language)) return { name, suffix: "" };
  const suffix = TRUNCATED_SUFFIX.exec(name)?.[0] ?? "";
  return { name: name.slice(0, name.length - suffix.length), suffix };
}
