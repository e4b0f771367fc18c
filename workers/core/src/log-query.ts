// The agent log viewer's query parameters (GET /api/agent_logs): a minimum severity by number or
// Python level name, and an opaque keyset cursor (the last line's time and row hash), newest first.

/** glogger's severities are Python's levels / 10 + 1 (agent-logs wire format). */
const LEVELS: Record<string, number> = { debug: 2, info: 3, warning: 4, error: 5, critical: 6 };

export function parseSeverity(text: string): number | null {
  const level = LEVELS[text.toLowerCase()];
  if (level !== undefined) return level;
  return /^\d{1,3}$/.test(text) && Number(text) <= 255 ? Number(text) : null;
}

export interface LogCursor {
  /** The last line's time, epoch milliseconds. */
  time: number;
  /** Its row hash (UInt64, decimal). */
  hash: string;
}

export const encodeCursor = (cursor: LogCursor) =>
  btoa(`${cursor.time}:${cursor.hash}`).replace(/\+/g, "-").replace(/\//g, "_").replace(/=+$/, "");

export function decodeCursor(text: string): LogCursor | null {
  try {
    const m = /^(\d{1,15}):(\d{1,20})$/.exec(atob(text.replace(/-/g, "+").replace(/_/g, "/")));
    if (!m || BigInt(m[2]) >= 2n ** 64n) return null;
    return { time: Number(m[1]), hash: m[2] };
  } catch {
    return null;
  }
}
