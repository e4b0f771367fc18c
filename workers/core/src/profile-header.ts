// The `# {json}` header line of an agent profile (spec §2.5 step 1): the indexer decodes it with Go
// encoding/json into a struct, so only the listed fields matter; null or absent means the zero value,
// and a listed field of the wrong JSON type fails the whole file like invalid JSON does.

export interface ProfileHeader {
  /** metadata.hostname → HostName */
  hostname: string;
  /** metadata.cloud_info.instance_type → InstanceType */
  instanceType: string;
  /** metadata.run_arguments.profile_api_version: the container prefix is present unless "v1" */
  profileApiVersion: string;
  /** metrics.cpu_avg → flamedb.metrics (§2.8) */
  cpuAvg: number;
  /** metrics.mem_avg → flamedb.metrics (§2.8) */
  memAvg: number;
  /** application_metadata_enabled: stack lines start with an application-metadata index field */
  applicationMetadataEnabled: boolean;
}

/** The state before any header line: container prefix on, metadata prefix off (§2.5). */
export const DEFAULT_PROFILE_HEADER: ProfileHeader = {
  hostname: "",
  instanceType: "",
  profileApiVersion: "",
  cpuAvg: 0,
  memAvg: 0,
  applicationMetadataEnabled: false,
};

class WrongType extends Error {}

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };
type JsonObject = { [key: string]: Json };

function object(value: Json | undefined): JsonObject {
  if (value === undefined || value === null) return {};
  if (typeof value !== "object" || Array.isArray(value)) throw new WrongType();
  return value;
}

function field<T extends "string" | "number" | "boolean">(
  value: Json | undefined,
  type: T,
  zero: T extends "string" ? string : T extends "number" ? number : boolean,
): typeof zero {
  if (value === undefined || value === null) return zero;
  // Go rejects numbers that overflow float64; JSON.parse turns them into Infinity.
  if (typeof value !== type || (type === "number" && !Number.isFinite(value))) throw new WrongType();
  return value as typeof zero;
}

/** Parses the JSON after the `#`; null when Go would fail (invalid JSON or a mistyped field). */
export function parseProfileHeader(json: string): ProfileHeader | null {
  try {
    const root = object(JSON.parse(json) as Json);
    const metadata = object(root.metadata);
    const cloudInfo = object(metadata.cloud_info);
    const runArguments = object(metadata.run_arguments);
    const metrics = object(root.metrics);
    field(runArguments.service_name, "string", ""); // parsed (so type-checked) but unused
    return {
      hostname: field(metadata.hostname, "string", ""),
      instanceType: field(cloudInfo.instance_type, "string", ""),
      profileApiVersion: field(runArguments.profile_api_version, "string", ""),
      cpuAvg: field(metrics.cpu_avg, "number", 0),
      memAvg: field(metrics.mem_avg, "number", 0),
      applicationMetadataEnabled: field(root.application_metadata_enabled, "boolean", false),
    };
  } catch (error) {
    if (error instanceof SyntaxError || error instanceof WrongType) return null;
    throw error;
  }
}
