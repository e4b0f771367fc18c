/**
 * The agent logs page's URL state: service and range as elsewhere, plus `host`, the minimum `severity`
 * (glogger's 1..6), a text `search` and a row `limit`.
 */
import { parseTimeSelection, type TimeSelection } from "./time-range";

export const SEVERITIES = [
  { level: 2, label: "DEBUG" },
  { level: 3, label: "INFO" },
  { level: 4, label: "WARNING" },
  { level: 5, label: "ERROR" },
  { level: 6, label: "CRITICAL" },
] as const;
export const LIMITS = [100, 500, 1000] as const;

export interface AgentLogsQuery {
  service: string | null;
  time: TimeSelection;
  host: string;
  severity: number;
  search: string;
  limit: number;
}

export function parseAgentLogsQuery(params: URLSearchParams): AgentLogsQuery {
  const severity = Number(params.get("severity"));
  const limit = Number(params.get("limit"));
  return {
    service: params.get("service") || null,
    time: parseTimeSelection(params),
    host: params.get("host") ?? "",
    severity: SEVERITIES.some((s) => s.level === severity) ? severity : 0,
    search: params.get("search") ?? "",
    limit: (LIMITS as readonly number[]).includes(limit) ? limit : 500,
  };
}

/** Level names of Python logging as glogger maps them (frontend-and-agent.md B.3). */
export function severityLabel(level: number): string {
  return SEVERITIES.find((s) => s.level === level)?.label ?? (level === 1 ? "TRACE" : String(level || "?"));
}
