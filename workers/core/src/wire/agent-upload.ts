// The agent's upload body (frontend-and-agent.md B.2; backend-api.md §3.2.1), validated like the original's
// AgentData pydantic v1 model: unknown keys ignored, str fields accept numbers. The `profile` field is
// streamed separately (it is the only big one), so this validates the rest.
import { parseDateTime } from "../date-time";
import { pyInt, pyStr, type JsonObject } from "../pydantic-v1";

export type Parsed<T> = { ok: true; value: T } | { ok: false; message: string };

/** `POST /api/v2/profiles` body fields besides `profile`; fields the server ignores are not listed. */
export interface AgentUploadFields {
  /** Profile start, UTC; names the R2 object and becomes ClickHouse Timestamp. */
  startTime: Date;
  /** "" on the agent's first upload, then the gpid the server returned (B.2); Union[str, int] → str. */
  gpid: string;
}

const invalid = (message: string) => ({ ok: false, message }) as const;

export function parseAgentUploadFields(body: JsonObject): Parsed<AgentUploadFields> {
  const startTime = parseDateTime(body.start_time);
  if (!startTime) return invalid("Invalid or missing 'start_time'");
  const gpid = pyStr(body.gpid);
  if (gpid === undefined) return invalid("Missing parameter 'gpid'");
  return { ok: true, value: { startTime, gpid } };
}

/**
 * The profiler process id in an echoed gpid: null for none ("" or 0, a first upload), undefined when
 * it is not an integer (the original's int(gpid) raised: 400).
 */
export function gpidNumber(gpid: string): number | null | undefined {
  if (gpid === "") return null;
  const id = pyInt(gpid);
  return id === 0 ? null : id;
}
