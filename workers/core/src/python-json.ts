// JSON as Python's json.loads reads it: also the bare NaN, Infinity and -Infinity that Python's
// json.dumps writes for float metrics (the agent's body and profile header, B.2, B.5). They become
// null, which the indexer's Go decoder also accepts, so a re-serialized header stays readable.
const STRING_OR_SPECIAL = /"(?:[^"\\]|\\.)*"|(-?Infinity|NaN)/g;

/** The parsed value; undefined when Python would refuse the text too. */
export function parsePythonJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    if (!/NaN|Infinity/.test(text)) return undefined;
  }
  try {
    return JSON.parse(text.replace(STRING_OR_SPECIAL, (match, special) => (special ? "null" : match)));
  } catch {
    return undefined;
  }
}
