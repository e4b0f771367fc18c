// The coercions of the original's pydantic v1 (1.10) fields, for values decoded from JSON
// (backend-api.md §3.2.1, §3.2.3 step 6; checked against pydantic.v1 1.10.26). Each returns the
// coerced value, or undefined where pydantic raises. JSON cannot tell 1.0 from 1, so numbers are
// formatted as JavaScript does (an agent never sends a number where a string belongs).

export type JsonObject = Record<string, unknown>;

export const isJsonObject = (v: unknown): v is JsonObject =>
  typeof v === "object" && v !== null && !Array.isArray(v);

/** `str`: strings; numbers and booleans (a Python int) are formatted; null and containers fail. */
export function pyStr(v: unknown): string | undefined {
  if (typeof v === "string") return v;
  if (typeof v === "boolean") return v ? "True" : "False";
  if (typeof v === "number") return String(v);
  return undefined;
}

const PYTHON_INT = /^\s*[+-]?\d(?:_?\d)*\s*$/;

/** `int`: integers, floats truncated, booleans as 0/1, strings in Python int() syntax. */
export function pyInt(v: unknown): number | undefined {
  let n: number;
  if (typeof v === "boolean") n = Number(v);
  else if (typeof v === "number") n = Math.trunc(v);
  else if (typeof v === "string" && PYTHON_INT.test(v)) n = Number(v.trim().replace(/_/g, ""));
  else return undefined;
  // Beyond 2^53 the value would silently change; no agent field gets there.
  return Number.isSafeInteger(n) ? n : undefined;
}

/** `Dict`: objects, or what Python's dict() builds from an iterable of pairs. */
export function pyDict(v: unknown): JsonObject | undefined {
  if (isJsonObject(v)) return v;
  if (v === "") return {};
  if (!Array.isArray(v)) return undefined;
  const out: JsonObject = {};
  for (const item of v) {
    const pair = pairOf(item);
    if (!pair) return undefined;
    out[pair[0]] = pair[1];
  }
  return out;
}

/** An item dict() accepts: any iterable of exactly two, the first hashable. */
function pairOf(item: unknown): [string, unknown] | undefined {
  let pair: unknown[];
  if (Array.isArray(item)) pair = item;
  else if (typeof item === "string") pair = [...item];
  else if (isJsonObject(item)) pair = Object.keys(item);
  else return undefined;
  if (pair.length !== 2) return undefined;
  const [key, value] = pair;
  if (typeof key === "object" && key !== null) return undefined;
  return [String(key), value];
}
