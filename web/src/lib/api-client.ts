/**
 * Every browser-side call to the api Worker, through the UI origin's `/api/*` proxy: the original's paths,
 * query names and shapes (frontend-and-agent.md A.2, backend-api.md §2, §4), plus ours (auth, agent logs).
 * Route paths live only here, so a renamed route is a one-line change.
 *
 * Conventions of the original's fetch wrapper (A.0): query keys sorted, absent values dropped, arrays as
 * repeated keys; 204 means "no data" (null here); a non-OK status is an error with the api's message.
 * A 401 sends the browser to the login page, which comes back to the current URL afterwards.
 */
import type {
  AgentLog,
  CpuTrend,
  DatesWithData,
  FlamegraphResponse,
  FunctionCpuPoint,
  InstanceTypeCount,
  MetricsGraphPoint,
  MetricsSummary,
  NodesCoresPoint,
  NodesCoresSummary,
  OverviewService,
  OverviewSummary,
  SamplesPoint,
  SavedFilter,
  ServiceInfo,
  Snapshot,
  TagOption,
} from "./wire";
import type { TimeRange } from "./time-range";
import type { Normaliser } from "../../../workers/core/src/normalise";
import type { FlamegraphDiffResponse } from "../../../workers/core/src/wire/flamegraph-diff";
import { rqlParam, toRql, type TagFilter, type TagType } from "./tag-filter";
import type { FrameCoords } from "./flame/layout";

export const API = {
  services: "/api/services",
  flamegraph: "/api/flamegraph",
  flamegraphDiff: "/api/flamegraph/diff",
  flamegraphTree: "/api/flamegraph/tree",
  datesWithData: "/api/flamegraph/datetime_with_data",
  downloadSvg: "/api/flamegraph/download_svg",
  downloadCollapsed: "/api/flamegraph/download_collapsed",
  exportFlamegraph: "/api/flamegraph/export",
  metricsSummary: "/api/metrics/summary",
  nodesCoresSummary: "/api/metrics/nodes_cores/summary",
  instanceTypes: "/api/metrics/instance_type_count",
  cpuTrend: "/api/metrics/cpu_trend",
  metricsGraph: "/api/metrics/graph",
  samples: "/api/metrics/samples",
  nodesAndCores: "/api/metrics/graph/nodes_and_cores",
  functionCpu: "/api/metrics/function_cpu",
  tags: (type: TagType) => `/api/v1/filters/tags/${type}`,
  savedFilters: (service: string) => `/api/v1/filters/service/${encodeURIComponent(service)}`,
  filters: "/api/v1/filters",
  filter: (id: number) => `/api/v1/filters/${id}`,
  snapshots: "/api/snapshots",
  snapshot: (id: string) => `/api/snapshots/${encodeURIComponent(id)}`,
  apiKey: "/api/api_key",
  installationFile: (type: string) => `/api/installations/${type}/file`,
  overview: "/api/overview",
  overviewServices: "/api/overview/services",
  overviewService: (service: string) => `/api/overview/services/${encodeURIComponent(service)}`,
  agentLogs: "/api/agent_logs",
  login: "/api/auth/login",
  logout: "/api/auth/logout",
  me: "/api/auth/me",
  shares: "/api/shares",
  share: (id: string) => `/api/shares/${encodeURIComponent(id)}`,
  tokens: "/api/tokens",
  token: (id: number) => `/api/tokens/${id}`,
  users: "/api/users",
  user: (id: number) => `/api/users/${id}`,
  userPassword: (id: number) => `/api/users/${id}/password`,
} as const;

/** Server default is 10000 stacks; `truncation=1` asks for this many (A.3.11). */
export const UNTRUNCATED_STACKS_COUNT = 500_000;

export class ApiError extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
  }
}

type ParamValue = string | number | boolean | null | undefined | readonly string[];

/** `query-string` stringify as the original uses it: keys sorted, null/undefined dropped, arrays repeated. */
export function queryString(params: Record<string, ParamValue>): string {
  const search = new URLSearchParams();
  for (const key of Object.keys(params).sort()) {
    const value = params[key];
    if (value === null || value === undefined) continue;
    for (const v of Array.isArray(value) ? value : [value]) search.append(key, String(v));
  }
  return search.toString();
}

/** `/login?next=<path>`; `next` is only ever a same-origin path (see safeNext). */
export const loginHref = (next: string) => `/login?next=${encodeURIComponent(next)}`;

/** The post-login target: a same-origin path, never another origin (`//host`, `/\host`, `https:`). */
export function safeNext(next: string | null): string {
  return next && next.startsWith("/") && !next.startsWith("//") && !next.startsWith("/\\") ? next : "/";
}

/**
 * What went wrong, from a failed response: the api's `{ "message" }` body (or the original's bare JSON
 * string), else a short plain-text body (e.g. wrangler's "Worker not found" in local dev), else the status.
 */
export async function responseMessage(res: Response): Promise<string> {
  const text = (await res.text().catch(() => "")).trim();
  try {
    const body = JSON.parse(text) as unknown;
    if (typeof body === "string" && body) return body;
    const message = (body as { message?: unknown })?.message;
    if (typeof message === "string" && message) return message;
  } catch {
    // not JSON
  }
  if (text && text.length <= 200 && !text.startsWith("<")) return text;
  return `${res.status} ${res.statusText}`.trim();
}

interface RequestOptions {
  params?: Record<string, ParamValue>;
  body?: unknown;
  signal?: AbortSignal;
  /** false for the login call itself, where 401 means wrong credentials. */
  redirectOn401?: boolean;
}

export async function request<T>(method: string, path: string, options: RequestOptions = {}): Promise<T | null> {
  const search = options.params ? queryString(options.params) : "";
  const res = await fetch(search ? `${path}?${search}` : path, {
    method,
    signal: options.signal,
    credentials: "same-origin",
    // No Accept header: a GET must look like the page's `<link rel=preload as=fetch>` to reuse its answer.
    headers: options.body !== undefined ? { "Content-Type": "application/json" } : undefined,
    body: options.body === undefined ? undefined : JSON.stringify(options.body),
  });
  if (res.status === 401 && options.redirectOn401 !== false && typeof window !== "undefined") {
    window.location.assign(loginHref(`${location.pathname}${location.search}`));
  }
  if (res.status === 204) return null;
  if (!res.ok) throw new ApiError(res.status, await responseMessage(res));
  const text = await res.text();
  return (text ? JSON.parse(text) : null) as T | null;
}

const get = <T>(path: string, params?: Record<string, ParamValue>, signal?: AbortSignal) =>
  request<T>("GET", path, { params, signal });

/** Is this the api telling us the route does not exist (yet)? Pages show it as "not available". */
export const isMissingRoute = (err: unknown) =>
  err instanceof ApiError && (err.status === 404 || err.status === 405);

export const errorMessage = (err: unknown) => (err instanceof Error ? err.message : String(err));

// ---- services, flamegraph -------------------------------------------------------------------------

export async function fetchServices(signal?: AbortSignal): Promise<ServiceInfo[]> {
  return (await get<ServiceInfo[]>(API.services, undefined, signal)) ?? [];
}

export interface ScopeParams {
  service: string;
  range: TimeRange;
  filter?: TagFilter | null;
}

/** The §1.1 params every flamegraph, metrics and tag route takes. */
export function scopeParams({ service, range, filter }: ScopeParams): Record<string, ParamValue> {
  return {
    serviceName: service,
    startTime: range.start.toISOString(),
    endTime: range.end.toISOString(),
    filter: filter === undefined ? undefined : rqlParam(filter),
  };
}

export interface FlamegraphRequest extends ScopeParams {
  truncation?: boolean;
}

export function flamegraphParams(req: FlamegraphRequest): Record<string, ParamValue> {
  return {
    ...scopeParams(req),
    enrichment: "lang",
    stacksCount: req.truncation ? UNTRUNCATED_STACKS_COUNT : undefined,
  };
}

/** The flamegraph URL; the profiles page also preloads it from the document's head. */
export const flamegraphHref = (req: FlamegraphRequest) =>
  `${API.flamegraph}?${queryString(flamegraphParams(req))}`;

/** The flamegraph, or null when the api answers 204 or an empty tree (no data). */
export async function fetchFlamegraph(req: FlamegraphRequest, signal?: AbortSignal) {
  const tree = await request<FlamegraphResponse>("GET", flamegraphHref(req), { signal });
  return tree && typeof tree.value === "number" && tree.value > 0 ? tree : null;
}

export interface DiffSide extends ScopeParams {
  /** `major.minor.patch`: only the hosts that ran this agent version. */
  agentVersion?: string | null;
}

/**
 * The differential flamegraph of two sides (ours, issue 9), null when neither has samples. The compared
 * side's params all go explicitly (empty = none), so no base value leaks into it.
 */
export const fetchFlamegraphDiff = (
  base: DiffSide,
  compared: DiffSide,
  normalize: Normaliser,
  signal?: AbortSignal,
) =>
  get<FlamegraphDiffResponse>(
    API.flamegraphDiff,
    {
      ...scopeParams(base),
      agentVersion: base.agentVersion || undefined,
      cServiceName: compared.service,
      cStartTime: compared.range.start.toISOString(),
      cEndTime: compared.range.end.toISOString(),
      cFilter: rqlParam(compared.filter ?? null) ?? "",
      cAgentVersion: compared.agentVersion ?? "",
      normalize,
    },
    signal,
  );

/** The agent versions of the service's hosts seen in the last day, newest first (the compare page's hints). */
export async function fetchAgentVersions(service: string, signal?: AbortSignal): Promise<string[]> {
  const hosts = await get<{ version: string }[]>(API.overviewService(service), undefined, signal);
  const versions = [...new Set((hosts ?? []).map((h) => h.version))];
  const weight = (v: string) => v.split(".").reduce((w, part) => w * 1000 + Number(part), 0);
  return versions.sort((a, b) => weight(b) - weight(a));
}

export interface FlamegraphTreeRequest extends ScopeParams {
  /** The `hash` of the frame whose subtree is wanted; the whole graph without. */
  root?: string;
  /** Keeps the frames matching this (a case-insensitive regular expression), however narrow. */
  search?: string;
}

export const TREE_MAX_NODES = 1000;
/** A pixel of a 2,000 px wide chart. */
export const TREE_MIN_WIDTH = 0.0005;

/**
 * The pruned flamegraph (issue 9): about as many frames as a screen can show, the rest rolled up into
 * "… N more" frames, and a frame's subtree on zoom. Fixed limits, so the document can preload the URL.
 */
export const flamegraphTreeHref = (req: FlamegraphTreeRequest) =>
  `${API.flamegraphTree}?${queryString({
    ...scopeParams(req),
    enrichment: "lang",
    root: req.root,
    search: req.search,
    maxNodes: TREE_MAX_NODES,
    minWidth: TREE_MIN_WIDTH,
  })}`;

/** The pruned flamegraph (or a frame's subtree), or null when it is empty. */
export async function fetchFlamegraphTree(req: FlamegraphTreeRequest, signal?: AbortSignal) {
  const tree = await request<FlamegraphResponse>("GET", flamegraphTreeHref(req), { signal });
  return tree && typeof tree.value === "number" && tree.value > 0 ? tree : null;
}

export const fetchDatesWithData = (service: string, filter: TagFilter | null, signal?: AbortSignal) =>
  get<DatesWithData>(API.datesWithData, { serviceName: service, filter: rqlParam(filter) }, signal);

/** Download links (the browser sends the session cookie; the api answers with an attachment). */
export const downloadHref = (kind: "svg" | "collapsed", req: ScopeParams) =>
  `${kind === "svg" ? API.downloadSvg : API.downloadCollapsed}?${queryString(scopeParams(req))}`;

/** The formats of /api/flamegraph/export (workers/core/src/export-formats.ts). */
export type ExportFormat = "pprof" | "collapsed" | "speedscope" | "svg" | "json";

/** The flamegraph view as a file in one format (an attachment, like the downloads above). */
export const exportHref = (format: ExportFormat, req: FlamegraphRequest) =>
  `${API.exportFlamegraph}?${queryString({ ...flamegraphParams(req), format })}`;

// ---- metrics ----------------------------------------------------------------------------------------

export const fetchMetricsSummary = (scope: ScopeParams, signal?: AbortSignal) =>
  get<MetricsSummary>(API.metricsSummary, scopeParams(scope), signal);

export const fetchNodesCoresSummary = (scope: ScopeParams, ignoreZeros: boolean, signal?: AbortSignal) =>
  get<NodesCoresSummary>(API.nodesCoresSummary, { ...scopeParams(scope), ignoreZeros }, signal);

export const fetchInstanceTypes = async (scope: ScopeParams, signal?: AbortSignal) =>
  (await get<InstanceTypeCount[]>(API.instanceTypes, scopeParams(scope), signal)) ?? [];

export const fetchCpuTrend = (scope: ScopeParams, signal?: AbortSignal) =>
  get<CpuTrend>(API.cpuTrend, scopeParams(scope), signal);

/**
 * `requested_interval` as the original sends it (A.3.5): singular ClickHouse wording ("5 minute") for
 * graph/samples, the Postgres plural ("5 minutes") for nodes_and_cores; empty lets the api choose.
 */
export function requestedInterval(minutes: number, plural: boolean): string | undefined {
  if (!minutes) return undefined;
  const [n, unit] = minutes % 60 === 0 ? [minutes / 60, "hour"] : [minutes, "minute"];
  return `${n} ${unit}${plural ? "s" : ""}`;
}

export const fetchMetricsGraph = async (scope: ScopeParams, minutes: number, signal?: AbortSignal) =>
  (await get<MetricsGraphPoint[]>(
    API.metricsGraph,
    { ...scopeParams(scope), requested_interval: requestedInterval(minutes, false) },
    signal,
  )) ?? [];

export const fetchSamples = async (scope: ScopeParams, minutes: number, signal?: AbortSignal) =>
  (await get<SamplesPoint[]>(
    API.samples,
    { ...scopeParams(scope), requested_interval: requestedInterval(minutes, false) },
    signal,
  )) ?? [];

export const fetchNodesAndCores = async (scope: ScopeParams, minutes: number, signal?: AbortSignal) =>
  (await get<NodesCoresPoint[]>(
    API.nodesAndCores,
    { ...scopeParams(scope), requested_interval: requestedInterval(minutes, true) },
    signal,
  )) ?? [];

/** `functionName` is the name plus its frame suffix, e.g. `foo_[j]` (A.2). */
export const fetchFunctionCpu = async (scope: ScopeParams, functionName: string, signal?: AbortSignal) =>
  (await get<FunctionCpuPoint[]>(API.functionCpu, { ...scopeParams(scope), functionName }, signal)) ?? [];

// ---- tag filters, saved filters, snapshots ----------------------------------------------------------

export const fetchTagOptions = async (type: TagType, scope: ScopeParams, signal?: AbortSignal) =>
  (await get<TagOption[]>(API.tags(type), scopeParams({ ...scope, filter: undefined }), signal)) ?? [];

export const fetchSavedFilters = async (service: string, signal?: AbortSignal) =>
  (await get<SavedFilter[]>(API.savedFilters(service), undefined, signal)) ?? [];

export const saveFilter = (service: string, filter: TagFilter) =>
  request<number>("POST", API.savedFilters(service), { body: { id: "", ...toRql(filter) } });

export const updateFilter = (id: number, filter: TagFilter) =>
  request<null>("PUT", API.filters, { body: { id, ...toRql(filter) } });

export const deleteFilter = (id: number) => request<null>("DELETE", API.filter(id));

export interface SnapshotRequest {
  frames: FrameCoords[];
  service: string;
  range: TimeRange;
  filter: TagFilter | null;
}

export const saveSnapshot = (req: SnapshotRequest) =>
  request<number>("POST", API.snapshots, {
    body: {
      frames: req.frames,
      serviceName: req.service,
      startTime: req.range.start.toISOString(),
      endTime: req.range.end.toISOString(),
      filter: req.filter ? toRql(req.filter) : undefined,
    },
  });

export const fetchSnapshot = (id: string, signal?: AbortSignal) =>
  get<Snapshot>(API.snapshot(id), undefined, signal);

// ---- overview, installation -------------------------------------------------------------------------

export const fetchOverview = (signal?: AbortSignal) => get<OverviewSummary>(API.overview, undefined, signal);

export const fetchOverviewServices = async (signal?: AbortSignal) =>
  (await get<OverviewService[]>(API.overviewServices, undefined, signal)) ?? [];

export async function fetchApiKey(signal?: AbortSignal): Promise<string> {
  const body = await get<{ apiKey?: unknown }>(API.apiKey, undefined, signal);
  if (!body || typeof body.apiKey !== "string" || !body.apiKey)
    throw new ApiError(502, "The api returned no API key");
  return body.apiKey;
}

/** Installation templates (backend-api.md §4.2): `daemon_set` also takes the namespace. */
export const installationFileHref = (type: string, service: string, namespace?: string) =>
  `${API.installationFile(type)}?${queryString({ namespace, serviceName: service })}`;

export async function fetchInstallationFile(
  type: string,
  service: string,
  namespace?: string,
  signal?: AbortSignal,
) {
  const res = await fetch(installationFileHref(type, service, namespace), {
    signal,
    credentials: "same-origin",
  });
  if (!res.ok) throw new ApiError(res.status, await responseMessage(res));
  return res.text();
}

// ---- agent logs ------------------------------------------------------------------------------------

export interface AgentLogsQuery {
  service: string;
  range: TimeRange;
  hostname?: string;
  /** Minimum severity, 1..6. */
  severity?: number;
  search?: string;
  limit?: number;
  /** The previous page's `nextCursor`, for older lines. */
  cursor?: string | null;
}

export interface AgentLogsPage {
  logs: AgentLog[];
  /** Set when older lines exist (`cursor` of the next call). */
  nextCursor: string | null;
}

/** `{logs, nextCursor}`, newest first (workers/api/src/routes/agent-logs.ts). */
export async function fetchAgentLogs(q: AgentLogsQuery, signal?: AbortSignal): Promise<AgentLogsPage> {
  const body = await get<unknown>(
    API.agentLogs,
    {
      serviceName: q.service,
      startTime: q.range.start.toISOString(),
      endTime: q.range.end.toISOString(),
      hostname: q.hostname || undefined,
      severity: q.severity || undefined,
      search: q.search || undefined,
      limit: q.limit,
      cursor: q.cursor || undefined,
    },
    signal,
  );
  const next = (body as { nextCursor?: unknown } | null)?.nextCursor;
  return { logs: parseAgentLogs(body), nextCursor: typeof next === "string" && next ? next : null };
}

const str = (v: unknown) => (v === null || v === undefined ? "" : String(v));

/** Lenient read of the logs route's answer: a list, or `{logs: [...]}`; snake_case or camelCase keys. */
export function parseAgentLogs(body: unknown): AgentLog[] {
  const list = Array.isArray(body) ? body : (body as { logs?: unknown })?.logs;
  if (!Array.isArray(list)) return [];
  return list.flatMap((raw): AgentLog[] => {
    if (!raw || typeof raw !== "object") return [];
    const r = raw as Record<string, unknown>;
    const text = r.text && typeof r.text === "object" ? (r.text as Record<string, unknown>) : null;
    const extra = r.extra ?? text?.extra ?? null;
    return [
      {
        timestamp: str(r.timestamp ?? r.time ?? r.ts),
        severity: Number(r.severity) || 0,
        service: str(r.serviceName ?? r.service_name ?? r.service),
        hostname: str(r.hostname),
        runId: str(r.runId ?? r.run_id),
        message: str(r.message ?? text?.message ?? r.text),
        extra: extra && typeof extra === "object" ? (extra as Record<string, unknown>) : null,
      },
    ];
  });
}

// ---- auth -------------------------------------------------------------------------------------------

export async function login(username: string, password: string): Promise<void> {
  await request("POST", API.login, { body: { username, password }, redirectOn401: false });
}

export async function logout(): Promise<void> {
  await request("POST", API.logout, { redirectOn401: false });
}
