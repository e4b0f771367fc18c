/**
 * The profiles page state as it lives in the URL (frontend-and-agent.md A.8), so a link reproduces the
 * view. The original's params keep their names and encodings; ours are marked. `withParams` keeps every
 * param it is not told to change, so links written by the original survive.
 */
import { LANGUAGES, type Language } from "./wire";
import { compactFilter, parseCompactFilter, type TagFilter } from "./tag-filter";
import { absoluteSelection, parseTimeSelection, timeSelectionParams, type TimeSelection } from "./time-range";

export const VIEWS = ["flamegraph", "table", "sandwich", "service"] as const;
export type ViewMode = (typeof VIEWS)[number];

/** `wp`: a top-N percentile preset, 100 for all frames, 101 for a custom threshold `wt` (A.3.1). */
export type WeightFilter =
  { kind: "all" } | { kind: "percentile"; top: 50 | 25 | 5 | 1 } | { kind: "threshold"; percent: number };

/** `p` + `pm`: the process names shown (include) or hidden (exclude). */
export interface ProcessFilter {
  include: boolean;
  names: string[];
}

export const TABLE_SORT_KEYS = ["name", "runtime", "total", "self", "occurrences"] as const;
export type TableSortKey = (typeof TABLE_SORT_KEYS)[number];
export interface TableSort {
  key: TableSortKey;
  desc: boolean;
}

export const SPLIT_TABS = ["calls", "calledby", "cpu"] as const;
export type SplitTab = (typeof SPLIT_TABS)[number];

export interface ProfilesQuery {
  service: string | null;
  time: TimeSelection;
  /** Case-insensitive regex on frame names, or `type:javainl|javac1|javac0` (A.3.2). */
  search: string;
  /** `truncation=1` asks for `stacksCount=500000` (A.3.11). */
  truncation: boolean;
  view: ViewMode;
  /** Service view chart tab, 1..5 = CPU, MEMORY, SAMPLES, NODES, CORES (`gtab`). */
  gtab: number;
  fullscreen: boolean;
  /** Minesweeper snapshot id. */
  snapshot: string | null;
  /** Tag filter, compact in the URL (`filter`). */
  filter: TagFilter | null;
  /** `rt`: shown runtimes, null for all. */
  runtimes: Language[] | null;
  /** `rtms`: keep whole subtrees under a matching frame (default on; `rtms=0` turns it off). */
  mixedStacks: boolean;
  processes: ProcessFilter | null;
  weight: WeightFilter;
  // --- ours ---
  /** `zoom`: the zoomed frame as its path of labels from the process down, joined by `;`. */
  zoom: string[] | null;
  /** `depth`: frames deeper than this are cut (the original's fixed 800). */
  depth: number;
  /** `cb`: the flamegraph shows who calls this function (an inverted, merged callers graph). */
  calledBy: string | null;
  /** `fn`: the table's selected function (opens the split view). */
  fn: string | null;
  /** `stab`: the split view's tab. */
  splitTab: SplitTab;
  /** `sort`: table sort, e.g. `total.desc`. */
  sort: TableSort;
  /** `res`: service view resolution in minutes, 0 for automatic. */
  resolution: number;
  /** `iz=0`: count zero values in node/core averages ("Zero values ignored" is on by default). */
  ignoreZeros: boolean;
  /** `mp=0`: the metrics panel is collapsed. */
  metricsPanel: boolean;
  /** `mines=1`: minesweeper mode. */
  mines: boolean;
}

const RUNTIME_CODES: Record<Language, string> = {
  Java: "ja",
  Python: "py",
  PHP: "ph",
  "C++": "cp",
  ".NET": "dn",
  Kernel: "ke",
  Ruby: "rb",
  Node: "js",
  Go: "go",
  Other: "ot",
};
const CODE_RUNTIMES = Object.fromEntries(Object.entries(RUNTIME_CODES).map(([l, c]) => [c, l])) as Record<
  string,
  Language
>;

export const DEFAULT_DEPTH = 800;
/** The original caps the process filter in the URL at 40 names (A.8). */
const MAX_URL_PROCESSES = 40;
export const RESOLUTIONS = [0, 1, 5, 15, 60, 360] as const;

const oneOf = <T extends string>(list: readonly T[], value: string | null, fallback: T): T =>
  list.includes(value as T) ? (value as T) : fallback;

function parseRuntimes(text: string | null): Language[] | null {
  if (!text) return null;
  const picked = text.split("_").flatMap((code) => (CODE_RUNTIMES[code] ? [CODE_RUNTIMES[code]] : []));
  return picked.length && picked.length < LANGUAGES.length
    ? LANGUAGES.filter((l) => picked.includes(l))
    : null;
}

function parseWeight(params: URLSearchParams): WeightFilter {
  const wp = params.get("wp");
  if (wp === "101") {
    const percent = Number(params.get("wt"));
    return Number.isFinite(percent) && percent > 0 ? { kind: "threshold", percent } : { kind: "all" };
  }
  if (wp === "50" || wp === "25" || wp === "5" || wp === "1")
    return { kind: "percentile", top: Number(wp) as 50 };
  return { kind: "all" };
}

function parseSort(text: string | null): TableSort {
  const [key, dir] = (text ?? "").split(".");
  return { key: oneOf(TABLE_SORT_KEYS, key, "total"), desc: dir !== "asc" };
}

function positiveInt(text: string | null, fallback: number, max: number): number {
  const n = Number(text);
  return Number.isInteger(n) && n > 0 ? Math.min(n, max) : fallback;
}

export function parseProfilesQuery(params: URLSearchParams): ProfilesQuery {
  const names = params.getAll("p").filter(Boolean);
  const zoom = params.get("zoom");
  const resolution = Number(params.get("res"));
  return {
    service: params.get("service") || null,
    time: parseTimeSelection(params),
    search: params.get("search") ?? "",
    truncation: params.get("truncation") === "1",
    view: oneOf(VIEWS, params.get("view"), "flamegraph"),
    gtab: positiveInt(params.get("gtab"), 1, 5),
    fullscreen: params.get("fullscreen") === "1",
    snapshot: params.get("snapshot") || null,
    filter: parseCompactFilter(params.get("filter")),
    runtimes: parseRuntimes(params.get("rt")),
    mixedStacks: params.get("rtms") !== "0",
    processes: names.length ? { include: params.get("pm") === "1", names } : null,
    weight: parseWeight(params),
    zoom: zoom ? zoom.split(";") : null,
    depth: positiveInt(params.get("depth"), DEFAULT_DEPTH, DEFAULT_DEPTH),
    calledBy: params.get("cb") || null,
    fn: params.get("fn") || null,
    splitTab: oneOf(SPLIT_TABS, params.get("stab"), "calls"),
    sort: parseSort(params.get("sort")),
    resolution: (RESOLUTIONS as readonly number[]).includes(resolution) ? resolution : 0,
    ignoreZeros: params.get("iz") !== "0",
    metricsPanel: params.get("mp") !== "0",
    mines: params.get("mines") === "1",
  };
}

type Params = Record<string, string | string[] | null>;

/**
 * URL params for the given fields of the state; defaults are written as null (removed) so links stay
 * short. Fields not given are not touched.
 */
export function profilesParams(q: Partial<ProfilesQuery>): Params {
  const out: Params = {};
  const set = (key: string, value: string | string[] | null) => (out[key] = value);
  if ("service" in q) set("service", q.service ?? null);
  if ("search" in q) set("search", q.search || null);
  if ("truncation" in q) set("truncation", q.truncation ? "1" : null);
  if ("view" in q) set("view", q.view === "flamegraph" ? null : q.view!);
  if ("gtab" in q) set("gtab", q.gtab === 1 ? null : String(q.gtab));
  if ("fullscreen" in q) set("fullscreen", q.fullscreen ? "1" : null);
  if ("snapshot" in q) set("snapshot", q.snapshot ?? null);
  if ("filter" in q) set("filter", compactFilter(q.filter ?? null));
  if ("runtimes" in q) {
    const rt = q.runtimes;
    set("rt", rt && rt.length < LANGUAGES.length ? rt.map((l) => RUNTIME_CODES[l]).join("_") || null : null);
  }
  if ("mixedStacks" in q) set("rtms", q.mixedStacks ? null : "0");
  if ("processes" in q) {
    const p = q.processes;
    const names = p?.names.slice(0, MAX_URL_PROCESSES) ?? [];
    set("p", names.length ? names : null);
    set("pm", names.length && p!.include ? "1" : null);
  }
  if ("weight" in q) {
    const w = q.weight!;
    set("wp", w.kind === "percentile" ? String(w.top) : w.kind === "threshold" ? "101" : null);
    set("wt", w.kind === "threshold" ? String(Math.round(w.percent * 1000) / 1000) : null);
  }
  if ("zoom" in q) set("zoom", q.zoom?.length ? q.zoom.join(";") : null);
  if ("depth" in q) set("depth", q.depth === DEFAULT_DEPTH ? null : String(q.depth));
  if ("calledBy" in q) set("cb", q.calledBy ?? null);
  if ("fn" in q) set("fn", q.fn ?? null);
  if ("splitTab" in q) set("stab", q.splitTab === "calls" ? null : q.splitTab!);
  if ("sort" in q) {
    const s = q.sort!;
    set("sort", s.key === "total" && s.desc ? null : `${s.key}.${s.desc ? "desc" : "asc"}`);
  }
  if ("resolution" in q) set("res", q.resolution ? String(q.resolution) : null);
  if ("ignoreZeros" in q) set("iz", q.ignoreZeros ? null : "0");
  if ("metricsPanel" in q) set("mp", q.metricsPanel ? null : "0");
  if ("mines" in q) set("mines", q.mines ? "1" : null);
  return out;
}

/** A copy of `url` with `updates` applied: a string (or list, for repeated keys) sets, null or "" removes. */
export function withParams(url: URL, updates: Params): URL {
  const next = new URL(url);
  for (const [key, value] of Object.entries(updates)) {
    if (typeof value === "string" && value) {
      next.searchParams.set(key, value);
      continue;
    }
    next.searchParams.delete(key);
    for (const v of value ?? []) next.searchParams.append(key, v);
  }
  return next;
}

/** `path?query` of a URL, for same-origin navigation. */
export const relativeHref = (url: URL) => `${url.pathname}${url.search}`;

/**
 * A shareable link: relative ranges become the absolute ones they mean now, so the link shows the same
 * data later (buildAbsolutePermaLink / buildComparisonPermaLink, A.8). `c` also fixes the compared range.
 */
export function permalink(url: URL, now: Date, prefixes: readonly ("" | "c")[] = [""]): string {
  let next = url;
  for (const prefix of prefixes) {
    const selection = absoluteSelection(parseTimeSelection(url.searchParams, prefix), now);
    next = withParams(next, timeSelectionParams(selection, prefix));
  }
  return next.href;
}
