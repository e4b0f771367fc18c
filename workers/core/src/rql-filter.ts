// The UI's tag filter, an RQL document (backend-api.md §1.2, indexer-flamedb.md §4.3):
//   {"filter": {"$and"|"$or": [{"HostName": {"$eq": "h1"}}, …]}, "id"?: …}
// Parsed into a tree over whitelisted columns and operators, then compiled to a ClickHouse condition
// whose values are all query parameters ({f0:String}, …): the original pasted values into SQL (§7.1).
// Keys of one object are AND-ed in document order (Go iterated them in random order, §5.4).

export const FILTER_COLUMNS = ["HostName", "ContainerName", "ContainerEnvName", "InstanceType"] as const;
export type FilterColumn = (typeof FILTER_COLUMNS)[number];

const OPERATORS = {
  $eq: "=",
  $neq: "<>",
  $lt: "<",
  $lte: "<=",
  $gt: ">",
  $gte: ">=",
  $like: "LIKE",
} as const;
export type FilterOperator = keyof typeof OPERATORS;

export type FilterNode =
  | { kind: "and" | "or"; terms: FilterNode[] }
  | { kind: "term"; column: FilterColumn; op: FilterOperator; value: string };

/** Bounds on what one request may ask for, so a filter cannot make an unbounded query. */
const MAX_DEPTH = 6;
const MAX_TERMS = 200;
const MAX_VALUE_LENGTH = 1024;

export type ParseResult = { filter: FilterNode | null } | { error: string };

/**
 * Parses the `filter` query parameter's JSON text. `{}`, `{"filter": {}}` and empty groups mean no
 * filter (null). Other top-level keys (the UI sends `id`) are ignored, as the original's model did.
 */
export function parseRqlFilter(text: string): ParseResult {
  let document: unknown;
  try {
    document = JSON.parse(text);
  } catch {
    return { error: "'filter' is not valid JSON" };
  }
  if (!isObject(document)) return { error: "'filter' must be a JSON object" };
  if (document.filter === undefined || document.filter === null) return { filter: null };
  try {
    const counter = { terms: 0 };
    return { filter: simplify(parseObject(document.filter, 1, counter)) };
  } catch (e) {
    if (e instanceof FilterError) return { error: e.message };
    throw e;
  }
}

class FilterError extends Error {}

function parseObject(value: unknown, depth: number, counter: { terms: number }): FilterNode {
  if (!isObject(value)) throw new FilterError("a filter expression must be a JSON object");
  if (depth > MAX_DEPTH) throw new FilterError(`filter nested deeper than ${MAX_DEPTH} levels`);
  const terms: FilterNode[] = [];
  for (const [key, operand] of Object.entries(value)) {
    if (key === "$and" || key === "$or") {
      if (!Array.isArray(operand)) throw new FilterError(`'${key}' takes an array`);
      const kind = key === "$and" ? "and" : "or";
      terms.push({ kind, terms: operand.map((item) => parseObject(item, depth + 1, counter)) });
    } else if (isColumn(key)) {
      terms.push(...parseField(key, operand, counter));
    } else {
      throw new FilterError(`unrecognized key ${JSON.stringify(key.slice(0, 64))} for filtering`);
    }
  }
  return { kind: "and", terms };
}

function parseField(column: FilterColumn, operand: unknown, counter: { terms: number }): FilterNode[] {
  const ops: [string, unknown][] = isObject(operand) ? Object.entries(operand) : [["$eq", operand]];
  return ops.map(([op, raw]) => {
    if (!isOperator(op))
      throw new FilterError(`can not apply op ${JSON.stringify(op.slice(0, 16))} on field "${column}"`);
    const value = typeof raw === "number" && Number.isFinite(raw) ? String(raw) : raw;
    if (typeof value !== "string")
      throw new FilterError(`invalid datatype for field "${column}": expect string`);
    if (value.length > MAX_VALUE_LENGTH)
      throw new FilterError(`filter value longer than ${MAX_VALUE_LENGTH} characters`);
    if (++counter.terms > MAX_TERMS) throw new FilterError(`filter has more than ${MAX_TERMS} terms`);
    return { kind: "term", column, op, value };
  });
}

/** Drops empty groups and unwraps single-term groups; null when nothing is left. */
function simplify(node: FilterNode): FilterNode | null {
  if (node.kind === "term") return node;
  const terms = node.terms.map(simplify).filter((t): t is FilterNode => t !== null);
  if (terms.length === 0) return null;
  return terms.length === 1 ? terms[0] : { kind: node.kind, terms };
}

const isObject = (value: unknown): value is Record<string, unknown> =>
  typeof value === "object" && value !== null && !Array.isArray(value);
const isColumn = (key: string): key is FilterColumn => (FILTER_COLUMNS as readonly string[]).includes(key);
const isOperator = (key: string): key is FilterOperator => Object.hasOwn(OPERATORS, key);

export interface CompiledFilter {
  /** A boolean ClickHouse expression, e.g. `(HostName = {f0:String} OR HostName = {f1:String})`. */
  sql: string;
  params: Record<string, string>;
}

export interface CompileOptions {
  /** Columns the table has; a term on another column makes the table unusable (error). */
  columns?: readonly FilterColumn[];
  /**
   * Columns whose xxHash32 is materialized in the table's primary key (`HostNameHash`, …): equality also
   * tests the hash, so ClickHouse can skip granules (indexer-flamedb.md §3.1).
   */
  hashed?: readonly FilterColumn[];
  /** Parameter name prefix, distinct per filter in one query. */
  prefix?: string;
}

/** The filter as a ClickHouse condition; every value a parameter, every identifier from the whitelist. */
export function compileFilter(node: FilterNode, options: CompileOptions = {}): CompiledFilter {
  const params: Record<string, string> = {};
  const prefix = options.prefix ?? "f";
  const hashed = new Set(options.hashed ?? []);
  const columns = new Set(options.columns ?? FILTER_COLUMNS);
  const render = (n: FilterNode): string => {
    if (n.kind !== "term") return `(${n.terms.map(render).join(n.kind === "and" ? " AND " : " OR ")})`;
    if (!columns.has(n.column)) throw new Error(`column ${n.column} is not in this table`);
    const name = `${prefix}${Object.keys(params).length}`;
    params[name] = n.value;
    const term = `${n.column} ${OPERATORS[n.op]} {${name}:String}`;
    return n.op === "$eq" && hashed.has(n.column)
      ? `(${n.column}Hash = xxHash32({${name}:String}) AND ${term})`
      : term;
  };
  return { sql: render(node), params };
}

/** The first `$eq` value for the column in document order (get_rql_first_eq_key, backend-api.md §1.2). */
export function firstEq(node: FilterNode | null, column: FilterColumn): string | null {
  if (node === null) return null;
  if (node.kind === "term") return node.column === column && node.op === "$eq" ? node.value : null;
  for (const term of node.terms) {
    const found = firstEq(term, column);
    if (found !== null) return found;
  }
  return null;
}

/** Only the terms on these columns, groups kept (get_rql_only_for_one_key); null when none is left. */
export function restrictFilter(node: FilterNode | null, columns: readonly FilterColumn[]): FilterNode | null {
  if (node === null) return null;
  if (node.kind === "term") return columns.includes(node.column) ? node : null;
  return simplify({
    kind: node.kind,
    terms: node.terms.map((t) => restrictFilter(t, columns)).filter((t) => t !== null),
  });
}

/** The columns a filter mentions. */
export function filterColumns(node: FilterNode | null): Set<FilterColumn> {
  const found = new Set<FilterColumn>();
  const visit = (n: FilterNode) => (n.kind === "term" ? found.add(n.column) : n.terms.forEach(visit));
  if (node) visit(node);
  return found;
}

/** `HostName_eq_x__and__…` for download file names (get_formatted_filter, `$` removed). */
export function formatFilter(node: FilterNode | null): string {
  if (node === null) return "";
  if (node.kind === "term") return `${node.column}_${node.op.slice(1)}_${node.value}`;
  return node.terms.map(formatFilter).join(`__${node.kind}__`);
}
