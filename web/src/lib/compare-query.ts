/**
 * The compare page's URL state (frontend-and-agent.md A.4, A.8): the base service and range (`service`,
 * `time` | `startTime`+`endTime`) and the compared ones (`cService`, `cTime` | `cStartTime`+`cEndTime`),
 * the table search; ours: the view (`cview`), the diff graph's zoom, the table sort and selected function,
 * the normaliser (`norm`), each side's tag filter (`filter`, `cFilter`, compact form) and agent version
 * (`agentVersion`, `cAgentVersion`).
 */
import { NORMALISERS, type Normaliser } from "../../../workers/core/src/normalise";
import { compactFilter, parseCompactFilter, type TagFilter } from "./tag-filter";
import { parseTimeSelection, type TimeSelection } from "./time-range";

export const COMPARE_VIEWS = ["diff", "changes", "side", "table"] as const;
export type CompareView = (typeof COMPARE_VIEWS)[number];
export const COMPARE_SORT_KEYS = ["name", "base", "compared", "delta"] as const;
export type CompareSortKey = (typeof COMPARE_SORT_KEYS)[number];

export interface CompareQuery {
  service: string | null;
  time: TimeSelection;
  /** The compared service; the base service when absent. */
  cService: string | null;
  /** The compared range; the last day when absent. */
  cTime: TimeSelection;
  search: string;
  view: CompareView;
  zoom: string[] | null;
  fn: string | null;
  sort: { key: CompareSortKey; desc: boolean };
  /** `norm`: per core-second (default), by each profile's total, or raw samples. */
  normalize: Normaliser;
  filter: TagFilter | null;
  cFilter: TagFilter | null;
  agentVersion: string | null;
  cAgentVersion: string | null;
}

const VERSION = /^\d+\.\d+\.\d+$/;
const versionOf = (raw: string | null) => (raw && VERSION.test(raw) ? raw : null);

export function parseCompareQuery(params: URLSearchParams): CompareQuery {
  const view = params.get("cview");
  const [key, dir] = (params.get("csort") ?? "").split(".");
  const zoom = params.get("zoom");
  const hasCompared = params.has("cTime") || params.has("cStartTime");
  return {
    service: params.get("service") || null,
    time: parseTimeSelection(params),
    cService: params.get("cService") || null,
    cTime: hasCompared ? parseTimeSelection(params, "c") : { kind: "preset", preset: "1d" },
    search: params.get("search") ?? "",
    view: COMPARE_VIEWS.includes(view as CompareView) ? (view as CompareView) : "diff",
    zoom: zoom ? zoom.split(";") : null,
    fn: params.get("fn") || null,
    sort: {
      key: COMPARE_SORT_KEYS.includes(key as CompareSortKey) ? (key as CompareSortKey) : "delta",
      desc: dir !== "asc",
    },
    normalize: NORMALISERS.includes(params.get("norm") as Normaliser)
      ? (params.get("norm") as Normaliser)
      : "cores",
    filter: parseCompactFilter(params.get("filter")),
    cFilter: parseCompactFilter(params.get("cFilter")),
    agentVersion: versionOf(params.get("agentVersion")),
    cAgentVersion: versionOf(params.get("cAgentVersion")),
  };
}

/** URL params for the given fields; defaults are removed. */
export function compareParams(
  q: Partial<Omit<CompareQuery, "time" | "cTime">>,
): Record<string, string | null> {
  const out: Record<string, string | null> = {};
  if ("service" in q) out.service = q.service ?? null;
  if ("cService" in q) out.cService = q.cService ?? null;
  if ("search" in q) out.search = q.search || null;
  if ("view" in q) out.cview = q.view === "diff" ? null : q.view!;
  if ("zoom" in q) out.zoom = q.zoom?.length ? q.zoom.join(";") : null;
  if ("fn" in q) out.fn = q.fn ?? null;
  if ("sort" in q)
    out.csort =
      q.sort!.key === "delta" && q.sort!.desc ? null : `${q.sort!.key}.${q.sort!.desc ? "desc" : "asc"}`;
  if ("normalize" in q) out.norm = q.normalize === "cores" ? null : q.normalize!;
  if ("filter" in q) out.filter = compactFilter(q.filter ?? null);
  if ("cFilter" in q) out.cFilter = compactFilter(q.cFilter ?? null);
  if ("agentVersion" in q) out.agentVersion = versionOf(q.agentVersion ?? null);
  if ("cAgentVersion" in q) out.cAgentVersion = versionOf(q.cAgentVersion ?? null);
  return out;
}
