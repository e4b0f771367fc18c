// The profile header's `metadata` as the original's AgentMetadata model validates it
// (backend-api.md §3.2.3 step 6), plus the environment type derived from `containers` (step 3).
import { containerAndK8sName } from "./container-name";
import { parseDateTime } from "./date-time";
import type { Parsed } from "./wire/agent-upload";

export const CLOUD_PROVIDERS = ["AWS", "GCP", "Azure", "Unknown"] as const;
export type CloudProvider = (typeof CLOUD_PROVIDERS)[number];
export type EnvType = "instances" | "k8s" | "containers" | "ecs";

export interface AgentMetadata {
  currentTime: Date;
  spawnTime: Date;
  spawnUptimeMs: number;
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
  cloudInfo: Record<string, unknown>;
  pid: number;
  macAddress: string;
  agentVersion: string;
  libcType: string;
  libcVersion: string;
  pythonVersion: string;
  runMode: string;
  deploymentType: string;
  runArguments: Record<string, unknown>;
  bigData: Record<string, unknown>;
}

export interface ProfileHeader {
  metadata: AgentMetadata;
  envType: EnvType;
  /** Raw container names from the header, for the k8s deployment bookkeeping (§3.2.6). */
  containers: string[];
}

type Json = Record<string, unknown>;
const isObject = (v: unknown): v is Json => typeof v === "object" && v !== null && !Array.isArray(v);

/** Parses the first line (`# {json}`) of an agent profile. */
export function parseProfileHeader(profile: string): Parsed<ProfileHeader> {
  const newline = profile.indexOf("\n");
  const firstLine = newline === -1 ? profile : profile.slice(0, newline);
  if (!firstLine.startsWith("#")) return { ok: false, message: "Profile has no header line" };
  let header: unknown;
  try {
    header = JSON.parse(firstLine.slice(1));
  } catch {
    return { ok: false, message: "Profile header is not valid JSON" };
  }
  if (!isObject(header)) return { ok: false, message: "Profile header is not a JSON object" };
  if (!isObject(header.metadata)) {
    return { ok: false, message: "Agent metadata is missing, probably you are using an old agent" };
  }
  const containers = Array.isArray(header.containers)
    ? header.containers.filter((c) => typeof c === "string")
    : [];
  const metadata = parseAgentMetadata(header.metadata);
  if (!metadata.ok) return metadata;
  return { ok: true, value: { metadata: metadata.value, envType: envTypeOf(containers), containers } };
}

function envTypeOf(containers: string[]): EnvType {
  let envType: EnvType = containers.length ? "containers" : "instances";
  for (const raw of containers) {
    if (raw.includes("ecs-")) envType = "ecs";
    else if (containerAndK8sName(raw).k8sName) envType = "k8s";
  }
  return envType;
}

class FieldError extends Error {}

function parseAgentMetadata(md: Json): Parsed<AgentMetadata> {
  const str = (key: string): string => {
    const v = md[key];
    if (typeof v === "string") return v;
    if (typeof v === "number" && Number.isFinite(v)) return String(v);
    throw new FieldError(`metadata.${key} must be a string`);
  };
  const int = (key: string): number => {
    const v = typeof md[key] === "string" ? Number(md[key]) : md[key];
    if (typeof v === "number" && Number.isFinite(v) && Math.abs(v) < Number.MAX_SAFE_INTEGER)
      return Math.trunc(v);
    throw new FieldError(`metadata.${key} must be an integer`);
  };
  const date = (key: string): Date => {
    const d = parseDateTime(md[key]);
    if (!d) throw new FieldError(`metadata.${key} must be a date-time`);
    return d;
  };
  const dict = (key: string, fallback?: Json): Json => {
    const v = md[key] ?? fallback;
    if (isObject(v)) return v;
    throw new FieldError(`metadata.${key} must be an object`);
  };
  try {
    const provider = CLOUD_PROVIDERS.find((p) => p.toLowerCase() === str("cloud_provider").toLowerCase());
    if (!provider)
      throw new FieldError(`metadata.cloud_provider must be one of ${CLOUD_PROVIDERS.join(", ")}`);
    const cloudInfo = dict("cloud_info", {});
    const instanceType = typeof cloudInfo.instance_type === "string" ? cloudInfo.instance_type : "";
    return {
      ok: true,
      value: {
        currentTime: date("current_time"),
        spawnTime: date("spawn_time"),
        spawnUptimeMs: int("spawn_uptime_ms"),
        privateIp: str("private_ip"),
        hostname: str("hostname"),
        cloudProvider: provider,
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
        agentVersion: str("agent_version"),
        libcType: str("libc_type"),
        libcVersion: str("libc_version"),
        pythonVersion: str("python_version"),
        runMode: str("run_mode"),
        deploymentType: str("deployment_type"),
        runArguments: dict("run_arguments"),
        bigData: dict("big_data", {}),
      },
    };
  } catch (e) {
    if (e instanceof FieldError) return { ok: false, message: e.message };
    throw e;
  }
}

/** The header line with `server_token` removed from run_arguments, for storage (§10.6). */
export function redactProfileHeader(profile: string): string {
  const newline = profile.indexOf("\n");
  const firstLine = newline === -1 ? profile : profile.slice(0, newline);
  const header = JSON.parse(firstLine.slice(1)) as Json;
  const runArguments = isObject(header.metadata) ? header.metadata.run_arguments : undefined;
  if (!isObject(runArguments) || !("server_token" in runArguments)) return profile;
  delete runArguments.server_token;
  return `# ${JSON.stringify(header)}${newline === -1 ? "" : profile.slice(newline)}`;
}
