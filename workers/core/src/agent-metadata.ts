// The profile header line (`# {json}`, B.5) as the original's upload handler reads it (backend-api.md
// §3.2.3): `containers` gives the environment type (step 3), `metadata` must validate as the AgentMetadata
// pydantic model (step 6), with the server's public_ip and instance_type filled in (step 5).
import { containerAndK8sName } from "./container-name";
import { appVersionOf, type AppVersion } from "./deploy-version";
import { parseDateTime } from "./date-time";
import { isJsonObject, pyDict, pyInt, pyStr, type JsonObject } from "./pydantic-v1";
import { parsePythonJson } from "./python-json";
import type { Parsed } from "./wire/agent-upload";

export const CLOUD_PROVIDERS = ["AWS", "GCP", "Azure", "Unknown"] as const;
export type CloudProvider = (typeof CLOUD_PROVIDERS)[number];
export type EnvType = "instances" | "k8s" | "containers" | "ecs";
/** The Postgres enum `runmode` (§5.1): any other run_mode failed the original's registration. */
export const RUN_MODES = ["k8s", "container", "standalone_executable", "local_python"] as const;
export type RunMode = (typeof RUN_MODES)[number];

export interface AgentVersion {
  major: number;
  minor: number;
  patch: number;
  /** major·10⁶ + minor·10³ + patch, the order of profiler_versions.weight (§5.2). */
  weight: number;
}

/** Agents from this version on keep a gpid (GPID_SUPPORT_VERSION of the original, §3.2.3 step 7). */
export const GPID_SUPPORT_WEIGHT = 1_002_003;

export interface AgentMetadata {
  currentTime: Date;
  spawnTime: Date;
  spawnUptimeMs: number;
  /** spawn_time − spawn_uptime_ms to the nearest minute (register_instance_run, §6.1): the instance run's key. */
  bootTime: Date;
  privateIp: string;
  hostname: string;
  cloudProvider: CloudProvider;
  /** From cloud_info.instance_type, as the original server sets it. */
  instanceType: string;
  processors: number;
  memoryCapacityMb: number;
  systemName: string;
  osName: string;
  osRelease: string;
  kernelRelease: string;
  kernelVersion: string;
  hardwareType: string;
  cloudInfo: JsonObject;
  pid: number;
  macAddress: string;
  agentVersion: string;
  version: AgentVersion;
  libcType: string;
  libcVersion: string;
  pythonVersion: string;
  runMode: RunMode;
  deploymentType: string;
  runArguments: JsonObject;
  bigData: JsonObject;
  /** The application version of `external_metadata` (deploy-version.ts), for deployment markers. */
  appVersion: AppVersion | null;
}

export interface ProfileHeader {
  metadata: AgentMetadata;
  envType: EnvType;
  /** `htmlblob`: the Intel/Pinterest fork's base64 HTML report (html-report.ts); null when absent or empty. */
  htmlBlob: string | null;
}

/** The first line of a profile: everything before the first newline. */
export const headerLine = (profile: string) => {
  const newline = profile.indexOf("\n");
  return newline === -1 ? profile : profile.slice(0, newline);
};

/** Parses and validates a profile's header line (the `# {json}` first line). */
export function parseProfileHeader(line: string): Parsed<ProfileHeader> {
  if (!line.startsWith("#")) return { ok: false, message: "Profile has no header line" };
  const header = parsePythonJson(line.slice(1));
  if (!isJsonObject(header)) return { ok: false, message: "Profile header is not a JSON object" };
  const containers = containerNames("containers" in header ? header.containers : []);
  if (!containers) return { ok: false, message: "Profile header 'containers' must be a list of names" };
  if (!("metadata" in header)) {
    return { ok: false, message: "Agent metadata is missing, probably you are using an old agent" };
  }
  const metadata = parseAgentMetadata(header.metadata);
  if (!metadata.ok) return metadata;
  const htmlBlob = typeof header.htmlblob === "string" && header.htmlblob !== "" ? header.htmlblob : null;
  return { ok: true, value: { metadata: metadata.value, envType: envTypeOf(containers), htmlBlob } };
}

/** What `for name in containers` iterates in Python: list items, a string's characters, a dict's keys. */
function containerNames(v: unknown): string[] | null {
  if (typeof v === "string") return [...v];
  if (isJsonObject(v)) return Object.keys(v);
  if (Array.isArray(v) && v.every((name) => typeof name === "string")) return v;
  return null;
}

/** Last writer wins, as in the original's loop (§3.2.3 step 3). */
function envTypeOf(containers: string[]): EnvType {
  let envType: EnvType = containers.length ? "containers" : "instances";
  for (const raw of containers) {
    if (raw.includes("ecs-")) envType = "ecs";
    else if (containerAndK8sName(raw).k8sName) envType = "k8s";
  }
  return envType;
}

/** `M.m.p` with anything after the patch number ignored (`1.2.3-rc1`), as register_profiler_process splits it. */
export function parseAgentVersion(version: string): AgentVersion | null {
  const m = /^(\d+)\.(\d+)\.(\d+)/.exec(version);
  if (!m) return null;
  const [major, minor, patch] = [Number(m[1]), Number(m[2]), Number(m[3])];
  const weight = major * 1_000_000 + minor * 1_000 + patch;
  return Number.isSafeInteger(weight) ? { major, minor, patch, weight } : null;
}

class FieldError extends Error {}

/**
 * Longest accepted metadata string. The original had no limit, but most of these strings are unique
 * keys of lookup tables (kernels, OSes, libcs…), and Postgres refuses index entries over ~2.7 kB; no
 * agent's kernel version or instance type comes near this.
 */
export const MAX_METADATA_STRING = 1024;

const boundedStr = (v: unknown) => {
  const s = pyStr(v);
  return s !== undefined && s.length <= MAX_METADATA_STRING ? s : undefined;
};

function bootTimeOf(spawnTime: Date, uptimeMs: number): Date | null {
  const boot = new Date(Math.round((spawnTime.getTime() - uptimeMs) / 60_000) * 60_000);
  return Number.isNaN(boot.getTime()) || boot.getUTCFullYear() < 1 ? null : boot;
}

function parseAgentMetadata(raw: unknown): Parsed<AgentMetadata> {
  if (!isJsonObject(raw)) return { ok: false, message: "metadata must be an object" };
  const md = raw;
  const field = <T>(key: string, coerce: (v: unknown) => T | undefined | null, what: string, fallback?: T): T => {
    if (!(key in md) && fallback !== undefined) return fallback;
    if (!(key in md)) throw new FieldError(`metadata.${key} is missing`);
    const value = coerce(md[key]);
    if (value === undefined || value === null) throw new FieldError(`metadata.${key} must be ${what}`);
    return value;
  };
  const str = (key: string) => field(key, boundedStr, `a string of at most ${MAX_METADATA_STRING} characters`);
  const int = (key: string) => field(key, pyInt, "an integer");
  const date = (key: string) => field(key, parseDateTime, "a date-time");
  try {
    // The server sets instance_type from cloud_info before validating; cloud_info must be a dict then.
    if ("cloud_info" in md && !isJsonObject(md.cloud_info)) throw new FieldError("metadata.cloud_info must be an object");
    const cloudInfo = isJsonObject(md.cloud_info) ? md.cloud_info : {};
    const instanceType = boundedStr("instance_type" in cloudInfo ? cloudInfo.instance_type : "");
    if (instanceType === undefined) throw new FieldError("metadata.cloud_info.instance_type must be a short string");
    if (typeof cloudInfo.instance_id === "string" && cloudInfo.instance_id.length > MAX_METADATA_STRING) {
      throw new FieldError("metadata.cloud_info.instance_id is too long");
    }
    const provider = str("cloud_provider").toLowerCase();
    const cloudProvider = CLOUD_PROVIDERS.find((p) => p.toLowerCase() === provider);
    if (!cloudProvider) throw new FieldError(`metadata.cloud_provider must be one of ${CLOUD_PROVIDERS.join(", ")}`);
    const agentVersion = str("agent_version");
    const version = parseAgentVersion(agentVersion);
    if (!version) throw new FieldError("metadata.agent_version must look like 1.2.3");
    const runMode = str("run_mode");
    if (!(RUN_MODES as readonly string[]).includes(runMode)) {
      throw new FieldError(`metadata.run_mode must be one of ${RUN_MODES.join(", ")}`);
    }
    const spawnTime = date("spawn_time");
    const spawnUptimeMs = int("spawn_uptime_ms");
    const bootTime = bootTimeOf(spawnTime, spawnUptimeMs);
    if (!bootTime) throw new FieldError("metadata.spawn_uptime_ms is out of range");
    const value: AgentMetadata = {
      currentTime: date("current_time"),
      spawnTime,
      spawnUptimeMs,
      bootTime,
      privateIp: str("private_ip"),
      hostname: str("hostname"),
      cloudProvider,
      instanceType,
      processors: int("processors"),
      memoryCapacityMb: int("memory_capacity_mb"),
      systemName: str("system_name"),
      osName: str("os_name"),
      osRelease: str("os_release"),
      kernelRelease: str("kernel_release"),
      kernelVersion: str("kernel_version"),
      hardwareType: str("hardware_type"),
      cloudInfo,
      pid: int("pid"),
      macAddress: str("mac_address"),
      agentVersion,
      version,
      libcType: str("libc_type"),
      libcVersion: str("libc_version"),
      pythonVersion: str("python_version"),
      runMode: runMode as RunMode,
      deploymentType: str("deployment_type"),
      runArguments: field("run_arguments", pyDict, "an object"),
      bigData: field("big_data", pyDict, "an object", {}),
      appVersion: appVersionOf(md.external_metadata),
    };
    return { ok: true, value };
  } catch (e) {
    if (e instanceof FieldError) return { ok: false, message: e.message };
    throw e;
  }
}

/**
 * The header line for storage: without `server_token` in run_arguments (§10.6), and without `htmlblob`,
 * the HTML report stored as an object of its own (html-report.ts), which would only weigh on the indexer.
 */
export function redactHeaderLine(line: string): string {
  const header = line.startsWith("#") ? parsePythonJson(line.slice(1)) : undefined;
  if (!isJsonObject(header)) return line;
  const runArguments = isJsonObject(header.metadata) ? header.metadata.run_arguments : undefined;
  const token = isJsonObject(runArguments) && "server_token" in runArguments;
  if (!token && !("htmlblob" in header)) return line;
  if (token) delete runArguments.server_token;
  delete header.htmlblob;
  return `# ${JSON.stringify(header)}`;
}
