/**
 * Response shapes of the api Worker as the UI reads them: the original's (frontend-and-agent.md A.2,
 * backend-api.md §4), keys as the original sends them (camelCase for Postgres-backed models, snake_case
 * for metrics). The flamegraph comes from workers/core/src/wire/.
 */

/** `GET /api/services` item; the endpoint answers 204 when there are none. */
export interface ServiceInfo {
  name: string;
  serviceId: number;
  /** false when no profile was indexed yet; such services sort last in the picker. */
  hasData: boolean;
  /** `instances` | `containers` | `k8s` | `ecs`. */
  envType: string | null;
  createDate: string;
}

/** Runtime names flamedb's lang_ident.go assigns (A.2 "Shape of the flamegraph response"). */
export const LANGUAGES = [
  "Python",
  "Java",
  "Go",
  "C++",
  "Kernel",
  "Node",
  "PHP",
  "Ruby",
  ".NET",
  "Other",
] as const;
export type Language = (typeof LANGUAGES)[number];

/** `GET /api/flamegraph?enrichment=lang`: one definition, shared with the api Worker. */
export type {
  FlameGraphFrame as FlameNode,
  FlameGraphResponse as FlamegraphResponse,
  SearchSummary,
} from "../../../workers/core/src/wire/flamegraph";

/** `GET /api/flamegraph/datetime_with_data`. */
export interface DatesWithData {
  firstDateTime: string;
  lastDateTime: string;
}

/** `GET /api/metrics/summary` (null keys are dropped by the api). */
export interface MetricsSummary {
  avg_cpu?: number;
  max_cpu?: number;
  avg_memory?: number;
  max_memory?: number;
  percentile_memory?: number;
  uniq_hostnames?: number;
}

/** `GET /api/metrics/nodes_cores/summary`. */
export interface NodesCoresSummary {
  avg_cores?: number;
  avg_nodes?: number;
}

/** `GET /api/metrics/instance_type_count` item. */
export interface InstanceTypeCount {
  instance_type: string;
  instance_count: number;
}

/** `GET /api/metrics/cpu_trend`: the window and the same window a week (or N weeks) earlier. */
export interface CpuTrend {
  avg_cpu: number;
  max_cpu: number;
  avg_memory: number;
  max_memory: number;
  compared_avg_cpu: number;
  compared_max_cpu: number;
  compared_avg_memory: number;
  compared_max_memory: number;
}

/** `GET /api/metrics/graph` item. */
export interface MetricsGraphPoint {
  time: string;
  avg_cpu: number | null;
  max_cpu: number | null;
  avg_memory: number | null;
  max_memory: number | null;
  percentile_memory?: number | null;
}

/** `GET /api/metrics/samples` item. */
export interface SamplesPoint {
  time: string;
  samples: number;
}

/** `GET /api/metrics/graph/nodes_and_cores` item. */
export interface NodesCoresPoint {
  time: string;
  avg_nodes: number;
  max_nodes: number;
  avg_cores: number;
  max_cores: number;
}

/** `GET /api/metrics/function_cpu` item; `cpu_percentage` is a 0..1 ratio. */
export interface FunctionCpuPoint {
  time: string;
  cpu_percentage: number;
}

/** `GET /api/v1/filters/tags/{type}` item; the original returns the count as a string (or null). */
export interface TagOption {
  name: string;
  samples: string | number | null;
}

/** `GET /api/v1/filters/service/{service}` item: `filter` is the inner `{"$and": [...]}` object. */
export interface SavedFilter {
  id: number;
  filter: unknown;
}

/** `GET /api/snapshots/{id}`; all keys null for an unknown snapshot. */
export interface Snapshot {
  startTime: string | null;
  endTime: string | null;
  frames: { level: number; start: number; duration: number }[] | null;
  filter: unknown;
}

/** `GET /api/overview`. */
export interface OverviewSummary {
  cores: number | null;
  instances: number | null;
  services: number;
}

/** `GET /api/overview/services` item. */
export interface OverviewService {
  serviceName: string;
  agentVersionLowest: string | null;
  cores: number;
  nodes: number;
  createDate: string;
  lastUpdated: string;
  envType: string | null;
  serviceId: number;
}

/** One agent log line (`GET /api/agent_logs`), from the `agent_logs` table. */
export interface AgentLog {
  timestamp: string;
  /** glogger's 1..6 (DEBUG 2, INFO 3, WARNING 4, ERROR 5, CRITICAL 6). */
  severity: number;
  service: string;
  hostname: string;
  runId: string;
  message: string;
  extra: Record<string, unknown> | null;
}

/** `GET /api/auth/me`. */
export interface User {
  username: string;
  /** Administrators see the Admin pages (status, service settings, agent keys, users). */
  isAdmin?: boolean;
}
