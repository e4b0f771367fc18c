// The studio's Postgres schema (drizzle). It follows the original's gprofiler_recreate.sql
// (reference/backend-api.md §5) table for table, in snake_case, with these deliberate changes:
// - agent tokens are stored hashed (SHA-256) with an optional service scope (§10.1, §10.3, §10.5);
// - registration upserts rely on unique constraints instead of plpgsql helper functions, so one
//   transaction registers a whole upload (§10.19);
// - `deployments`, `alert_settings`, `alerts`, `alert_evaluation` and `alert_retries` back the
//   function-level regression alerts (not in the original);
// - `users`, `user_sessions` and `user_tokens` back the UI's login (the original relied on nginx basic auth, §10.1).
import { sql } from "drizzle-orm";
import {
  bigint,
  integer,
  bigserial,
  boolean,
  check,
  doublePrecision,
  index,
  jsonb,
  macaddr,
  pgEnum,
  pgTable,
  primaryKey,
  text,
  timestamp,
  unique,
  uniqueIndex,
  uuid,
  type AnyPgColumn,
} from "drizzle-orm/pg-core";

export const providerName = pgEnum("providername", ["AWS", "GCP", "Azure", "Unknown"]);
export const serviceType = pgEnum("servicetype", ["instances", "pods", "containers"]);
export const envType = pgEnum("envtype", ["instances", "k8s", "containers", "ecs"]);
export const runMode = pgEnum("runmode", ["k8s", "container", "standalone_executable", "local_python"]);

const id = () => bigserial("id", { mode: "number" }).primaryKey();
const ref = (name: string) => bigint(name, { mode: "number" });
const ts = () => timestamp("ts", { mode: "date", withTimezone: true }).defaultNow();

export const services = pgTable(
  "services",
  {
    id: id(),
    name: text("name").notNull(),
    hidden: boolean("hidden").notNull().default(false),
    serviceType: serviceType("service_type").notNull().default("instances"),
    clusterId: ref("cluster_id").references((): AnyPgColumn => services.id),
    isCluster: boolean("is_cluster").notNull().default(false),
    envType: envType("env_type"),
    // Fraction of uploads dropped before storage (0 keeps all), §3.2.5.
    profilerSampleThreshold: doublePrecision("profiler_sample_threshold"),
    // The last profile from a client without agent processes (Pyroscope SDKs, pprof uploads), so such a
    // service counts as having data (agents count through profiler_processes.last_seen).
    lastProfileAt: timestamp("last_profile_at", { mode: "date", withTimezone: true }),
    ts: ts(),
  },
  (t) => [unique("unique service").on(t.name), index("services_hidden_idx").on(t.hidden)],
);

export const profilerTokens = pgTable(
  "profiler_tokens",
  {
    id: id(),
    // SHA-256 hex of the token; the token itself is never stored.
    tokenHash: text("token_hash").notNull(),
    // First characters of the token, so a user can tell keys apart in lists.
    tokenPrefix: text("token_prefix").notNull(),
    name: text("name").notNull().default(""),
    // NULL: the key may write to any service; otherwise only to this one.
    service: ref("service").references(() => services.id),
    disabled: timestamp("disabled", { mode: "date", withTimezone: true }),
    expiresAt: timestamp("expires_at", { mode: "date", withTimezone: true }),
    lastUsed: timestamp("last_used", { mode: "date", withTimezone: true }),
    // The key AES-GCM-encrypted with a key derived from the api Worker's SESSION_SECRET, set only on the
    // key the UI shows on its installation page (/api/api_key, backend-api.md §4.1); NULL elsewhere.
    sealed: text("sealed"),
    ts: ts(),
  },
  (t) => [unique("profiler_tokens_token_hash_key").on(t.tokenHash)],
);

export const machineTypes = pgTable(
  "machine_types",
  { id: id(), provider: providerName("provider").notNull(), name: text("name").notNull(), ts: ts() },
  (t) => [unique("unique machine type").on(t.provider, t.name)],
);

export const machines = pgTable(
  "machines",
  {
    id: id(),
    type: ref("type").notNull().references(() => machineTypes.id),
    processors: bigint("processors", { mode: "number" }).notNull(),
    memory: bigint("memory", { mode: "number" }).notNull(),
    ts: ts(),
  },
  (t) => [
    unique("unique machine").on(t.type, t.processors, t.memory),
    check("positive processors", sql`${t.processors} > 0`),
    check("positive memory", sql`${t.memory} > 0`),
  ],
);

export const oses = pgTable(
  "oses",
  {
    id: id(),
    systemName: text("system_name").notNull(),
    name: text("name").notNull(),
    release: text("release").notNull(),
    ts: ts(),
  },
  (t) => [unique("unique OS").on(t.systemName, t.name, t.release)],
);

export const kernels = pgTable(
  "kernels",
  {
    id: id(),
    os: ref("os").notNull().references(() => oses.id),
    release: text("release").notNull(),
    version: text("version").notNull(),
    hardwareType: text("hardware_type").notNull(),
    ts: ts(),
  },
  (t) => [unique("unique kernel").on(t.os, t.release, t.version, t.hardwareType)],
);

export const instances = pgTable(
  "instances",
  { id: id(), mac: macaddr("mac").notNull(), identifier: text("identifier"), ts: ts() },
  (t) => [unique("unique instance").on(t.mac, t.identifier).nullsNotDistinct()],
);

export const instanceCloudMetadata = pgTable(
  "instance_cloud_metadata",
  { id: id(), meta: jsonb("meta").notNull(), hashMeta: text("hash_meta").notNull(), ts: ts() },
  (t) => [unique("instance_cloud_metadata_hash_meta_key").on(t.hashMeta)],
);

export const instanceRuns = pgTable(
  "instance_runs",
  {
    id: id(),
    instance: ref("instance").notNull().references(() => instances.id),
    bootTime: timestamp("boot_time", { mode: "date", withTimezone: true }).notNull(),
    machine: ref("machine").notNull().references(() => machines.id),
    kernel: ref("kernel").notNull().references(() => kernels.id),
    metadata: ref("metadata").references(() => instanceCloudMetadata.id),
    ts: ts(),
  },
  (t) => [unique("unique instance_run").on(t.instance, t.bootTime)],
);

export const libcs = pgTable(
  "libcs",
  { id: id(), type: text("type").notNull(), version: text("version").notNull(), ts: ts() },
  (t) => [unique("unique libc").on(t.type, t.version)],
);

export const profilerVersions = pgTable(
  "profiler_versions",
  {
    id: id(),
    major: bigint("major", { mode: "number" }).notNull(),
    minor: bigint("minor", { mode: "number" }).notNull(),
    patch: bigint("patch", { mode: "number" }).notNull(),
    // major·10⁶ + minor·10³ + patch: orders versions (§5.2).
    weight: bigint("weight", { mode: "number" }).notNull(),
    name: text("name"),
    ts: ts(),
  },
  (t) => [
    unique("unique profiler_version").on(t.major, t.minor, t.patch),
    check("non-negative version", sql`${t.major} >= 0 AND ${t.minor} >= 0 AND ${t.patch} >= 0`),
  ],
);

export const profilerRunEnvironments = pgTable(
  "profiler_run_environments",
  {
    id: id(),
    pythonVersion: text("python_version").notNull(),
    libc: ref("libc").notNull().references(() => libcs.id),
    runMode: runMode("run_mode").notNull(),
    ts: ts(),
  },
  (t) => [unique("unique profiler_run_environment").on(t.pythonVersion, t.libc, t.runMode)],
);

// One row per agent process; its id is the agent's gpid.
export const profilerProcesses = pgTable(
  "profiler_processes",
  {
    id: id(),
    instanceRun: ref("instance_run").notNull().references(() => instanceRuns.id),
    profilerVersion: ref("profiler_version").notNull().references(() => profilerVersions.id),
    profilerRunEnvironment: ref("profiler_run_environment")
      .notNull()
      .references(() => profilerRunEnvironments.id),
    pid: bigint("pid", { mode: "number" }).notNull(),
    spawnLocalTime: timestamp("spawn_local_time", { mode: "date", withTimezone: true }).notNull(),
    publicIp: text("public_ip").notNull(),
    privateIp: text("private_ip").notNull(),
    hostname: text("hostname").notNull(),
    service: ref("service").notNull().references(() => services.id),
    lastSeen: timestamp("last_seen", { mode: "date", withTimezone: true }).defaultNow(),
    spawnUptime: bigint("spawn_uptime", { mode: "number" }).notNull(),
    runArguments: jsonb("run_arguments").notNull(),
    ts: ts(),
  },
  (t) => [
    unique("unique profiler_process").on(t.instanceRun, t.profilerVersion, t.pid, t.spawnLocalTime),
    index("profiler_processes_last_seen_idx").on(t.lastSeen),
    index("profiler_processes_service_last_seen_idx").on(t.service, t.lastSeen.desc()),
    check("non-negative pid", sql`${t.pid} >= 0`),
  ],
);

export const tokenAssociations = pgTable(
  "token_associations",
  {
    id: id(),
    token: ref("token").notNull().references(() => profilerTokens.id),
    serviceName: text("service_name").notNull(),
    service: ref("service").notNull().references(() => services.id),
    lastSeen: timestamp("last_seen", { mode: "date", withTimezone: true }).defaultNow(),
    ts: ts(),
  },
  (t) => [unique("unique token_association").on(t.token, t.service)],
);

export const profilerServiceHourlyUsages = pgTable(
  "profiler_service_hourly_usages",
  {
    id: id(),
    service: ref("service").notNull().references(() => services.id),
    startDate: timestamp("start_date", { mode: "date", withTimezone: true }).notNull(),
    runningHours: doublePrecision("running_hours").notNull(),
    coreHours: doublePrecision("core_hours").notNull(),
    lowestAgentVersion: ref("lowest_agent_version").notNull().references(() => profilerVersions.id),
    ts: ts(),
  },
  (t) => [
    unique("unique profiler_service_hourly_usage").on(t.service, t.startDate),
    check("whole hour", sql`date_trunc('hour', ${t.startDate}) = ${t.startDate}`),
  ],
);

export const profilerFilters = pgTable("profiler_filters", {
  id: id(),
  service: ref("service").notNull().references(() => services.id),
  filterContent: jsonb("filter_content").notNull(),
  ts: ts(),
});

export const profilerSnapshots = pgTable(
  "profiler_snapshots",
  {
    id: id(),
    service: ref("service").notNull().references(() => services.id),
    startTime: timestamp("start_time", { mode: "date", withTimezone: true }),
    endTime: timestamp("end_time", { mode: "date", withTimezone: true }),
    hidden: boolean("hidden").default(false),
    filterContent: jsonb("filter_content"),
    ts: ts(),
  },
  (t) => [check("end after start", sql`${t.endTime} > ${t.startTime}`)],
);

export const minesweeperFrames = pgTable("minesweeper_frames", {
  id: id(),
  snapshot: ref("snapshot")
    .notNull()
    .references(() => profilerSnapshots.id),
  level: bigint("level", { mode: "number" }),
  start: bigint("start", { mode: "number" }),
  duration: bigint("duration", { mode: "number" }),
  ts: ts(),
});

export const users = pgTable(
  "users",
  {
    id: id(),
    username: text("username").notNull(),
    // PBKDF2-SHA256 "iterations$salt$hash", all base64url.
    passwordHash: text("password_hash").notNull(),
    isAdmin: boolean("is_admin").notNull().default(false),
    ts: ts(),
  },
  (t) => [unique("users_username_key").on(t.username)],
);

// A browser login: the cookie carries a random id signed with SESSION_SECRET; only its SHA-256 is stored,
// so logout and password changes end sessions on the server.
export const userSessions = pgTable(
  "user_sessions",
  {
    id: id(),
    user: ref("user")
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    tokenHash: text("token_hash").notNull(),
    expiresAt: timestamp("expires_at", { mode: "date", withTimezone: true }).notNull(),
    ts: ts(),
  },
  (t) => [unique("user_sessions_token_hash_key").on(t.tokenHash), index("user_sessions_user_idx").on(t.user)],
);

// Personal access tokens for scripts (`Authorization: Bearer pst_…`), stored as SHA-256 hex like agent keys
// but in their own table, so an agent key never opens a UI route and a user token never uploads profiles.
export const userTokens = pgTable(
  "user_tokens",
  {
    id: id(),
    user: ref("user")
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    name: text("name").notNull(),
    tokenHash: text("token_hash").notNull(),
    tokenPrefix: text("token_prefix").notNull(),
    expiresAt: timestamp("expires_at", { mode: "date", withTimezone: true }),
    lastUsed: timestamp("last_used", { mode: "date", withTimezone: true }),
    ts: ts(),
  },
  (t) => [unique("user_tokens_token_hash_key").on(t.tokenHash), index("user_tokens_user_idx").on(t.user)],
);

// Login attempts per (username, client IP) in fixed one-minute windows: the login rate limit. In Postgres
// rather than in isolate memory, because a Worker runs in many isolates at once (and across locations),
// each with its own memory: a per-isolate counter would multiply the limit by the number of isolates.
export const loginAttempts = pgTable("login_attempts", {
  key: text("key").primaryKey(),
  windowStart: timestamp("window_start", { mode: "date", withTimezone: true }).notNull().defaultNow(),
  attempts: bigint("attempts", { mode: "number" }).notNull().default(1),
});

export const deploymentSource = pgEnum("deployment_source", ["agent", "api"]);
export const alertState = pgEnum("alert_state", ["open", "acknowledged"]);

// A deployment marker: a new application version first reported by an agent of the service (source
// "agent", once per version, hence the partial unique index) or posted to /api/v1/deployments ("api").
export const deployments = pgTable(
  "deployments",
  {
    id: id(),
    service: ref("service")
      .notNull()
      .references(() => services.id, { onDelete: "cascade" }),
    version: text("version").notNull(),
    time: timestamp("time", { mode: "date", withTimezone: true }).notNull(),
    source: deploymentSource("source").notNull(),
    description: text("description"),
    commit: text("commit"),
    ts: ts(),
  },
  (t) => [
    index("deployments_service_time_idx").on(t.service, t.time.desc()),
    uniqueIndex("deployments_agent_version_key").on(t.service, t.version).where(sql`source = 'agent'`),
  ],
);

// Regression-alert thresholds and webhook: one row per service that overrides them, and the row with
// service NULL holding the defaults for every other service (built-in defaults when that is absent too).
export const alertSettings = pgTable(
  "alert_settings",
  {
    id: id(),
    service: ref("service").references(() => services.id, { onDelete: "cascade" }),
    enabled: boolean("enabled").notNull(),
    // Smallest rise of a function's self / total share (0..1) that alerts, e.g. 0.02 = 2 points.
    minSelfDelta: doublePrecision("min_self_delta").notNull(),
    minTotalDelta: doublePrecision("min_total_delta").notNull(),
    // The share after must also be at least this multiple of the share before.
    minRatio: doublePrecision("min_ratio").notNull(),
    // Fewer samples than this in the hour or the baseline: too little data to judge.
    minSamples: integer("min_samples").notNull(),
    // How many functions (by total share in the hour) are compared.
    topFunctions: integer("top_functions").notNull(),
    webhookUrl: text("webhook_url"),
    // The webhook's signing secret (HMAC-SHA256 of each post), sealed with SESSION_SECRET
    // (core/src/sealed.ts): the admin sees it once; a database dump alone does not reveal it.
    webhookSecret: text("webhook_secret"),
    ts: ts(),
  },
  (t) => [unique("alert_settings_service_key").on(t.service).nullsNotDistinct()],
);

// A function whose share of the service's samples rose in one hour against the 7 days before it.
export const alerts = pgTable(
  "alerts",
  {
    id: id(),
    service: ref("service")
      .notNull()
      .references(() => services.id, { onDelete: "cascade" }),
    functionName: text("function_name").notNull(),
    selfBefore: doublePrecision("self_before").notNull(),
    selfAfter: doublePrecision("self_after").notNull(),
    totalBefore: doublePrecision("total_before").notNull(),
    totalAfter: doublePrecision("total_after").notNull(),
    windowStart: timestamp("window_start", { mode: "date", withTimezone: true }).notNull(),
    windowEnd: timestamp("window_end", { mode: "date", withTimezone: true }).notNull(),
    baselineStart: timestamp("baseline_start", { mode: "date", withTimezone: true }).notNull(),
    deployment: ref("deployment").references(() => deployments.id, { onDelete: "set null" }),
    state: alertState("state").notNull().default("open"),
    acknowledgedAt: timestamp("acknowledged_at", { mode: "date", withTimezone: true }),
    acknowledgedBy: text("acknowledged_by"),
    // Webhook delivery: when it was accepted, how often it was tried, the last failure.
    notifiedAt: timestamp("notified_at", { mode: "date", withTimezone: true }),
    deliveryAttempts: integer("delivery_attempts").notNull().default(0),
    deliveryError: text("delivery_error"),
    // Sent as X-Studio-Delivery with every attempt, across cron runs too, so receivers can de-duplicate.
    deliveryId: uuid("delivery_id").notNull().defaultRandom(),
    ts: ts(),
  },
  (t) => [
    // One alert per service, function and hour: re-evaluating an hour (a retried cron, a catch-up,
    // POST /api/alerts/evaluate) can never record it twice.
    unique("alerts_service_function_window_key").on(t.service, t.functionName, t.windowStart),
    index("alerts_state_window_idx").on(t.state, t.windowStart.desc()),
  ],
);

// The cron's progress (a single row): the end of the last hour whose regression alerts it evaluated, so
// a run after missed ones evaluates every hour since (workers/api/src/evaluate-alerts.ts).
export const alertEvaluation = pgTable(
  "alert_evaluation",
  {
    single: boolean("single").primaryKey().default(true),
    lastHourEnd: timestamp("last_hour_end", { mode: "date", withTimezone: true }).notNull(),
    ts: ts(),
  },
  (t) => [check("single row", sql`${t.single}`)],
);

// A service whose evaluation failed for an hour (its query, its database writes) while the other services
// were evaluated: the next cron runs evaluate it again, until it succeeds or gives up after MAX_ATTEMPTS
// (workers/api/src/evaluate-alerts.ts).
export const alertRetries = pgTable(
  "alert_retries",
  {
    service: ref("service").notNull().references(() => services.id, { onDelete: "cascade" }),
    hourStart: timestamp("hour_start", { mode: "date", withTimezone: true }).notNull(),
    attempts: integer("attempts").notNull().default(1),
    lastError: text("last_error").notNull(),
    ts: ts(),
  },
  (t) => [primaryKey({ columns: [t.service, t.hourStart] })],
);
