// The rows the indexer inserts into ClickHouse (spec §2.7 "Row fields", §2.8, §2.9), sent as
// JSONEachRow: UInt64 as decimal strings (exact beyond 2^53), DateTime as "YYYY-MM-DD hh:mm:ss" UTC.
// Each column map is in INSERT order, which is the table order minus MATERIALIZED columns.

type ClickHouseType =
  "DateTime('UTC')" | "UInt32" | "UInt64" | "String" | "LowCardinality(String)" | "Float64";
type JsonValueOf<T extends ClickHouseType> = T extends "UInt32" | "Float64" ? number : string;
type RowOf<Columns extends Record<string, ClickHouseType>> = {
  [K in keyof Columns]: JsonValueOf<Columns[K]>;
};

/** flamedb.samples: one row per (raw container, stack prefix) of a profile file. */
export const SAMPLES_COLUMNS = {
  /** The profile start parsed from the file name, or the wall clock when invalid (worker.go, §2.4). */
  Timestamp: "DateTime('UTC')",
  /** uint32(message.service_id) of the queue message (worker.go, §2.2). */
  ServiceId: "UInt32",
  /** Header metadata.cloud_info.instance_type, "" when absent (callstacks.go FileInfo). */
  InstanceType: "LowCardinality(String)",
  /** k8sName of ContainerAndK8sName(raw container) (common.go, §2.7). */
  ContainerEnvName: "LowCardinality(String)",
  /** Header metadata.hostname, "" when absent (callstacks.go FileInfo). */
  HostName: "LowCardinality(String)",
  /** containerName of ContainerAndK8sName(raw container) (common.go, §2.7). */
  ContainerName: "LowCardinality(String)",
  /** Inclusive count of the prefix in this container, uint32 (callstacks.go processStack). */
  NumSamples: "UInt32",
  /** XXH64 of the ':'-joined prefix path (common.go GetHash, §2.7). */
  CallStackHash: "UInt64",
  /** The prefix's own frame name after replacement and trimming (callstacks.go extractStack). */
  CallStackName: "String",
  /** CallStackHash of the prefix one frame shorter, 0 for a root (callstacks.go writeStacks). */
  CallStackParent: "UInt64",
  /** Wall clock when the rows are written (callstacks.go writeStacks time.Now()). */
  InsertionTimestamp: "DateTime('UTC')",
  /** Always 0: nothing in the indexer sets it (§2.5, §7.17). */
  ErrNumSamples: "UInt32",
} as const satisfies Record<string, ClickHouseType>;

export type SampleRow = RowOf<typeof SAMPLES_COLUMNS>;

/** flamedb.metrics: one row per file whose header has non-zero cpu_avg and mem_avg (§2.8). */
export const METRICS_COLUMNS = {
  /** Same as the file's samples rows (§2.4). */
  Timestamp: "DateTime('UTC')",
  /** Same as the file's samples rows (§2.2). */
  ServiceId: "UInt32",
  /** Header metadata.cloud_info.instance_type (callstacks.go writeMetrics). */
  InstanceType: "LowCardinality(String)",
  /** Header metadata.hostname (callstacks.go writeMetrics). */
  HostName: "LowCardinality(String)",
  /** Header metrics.cpu_avg (callstacks.go writeMetrics). */
  CPUAverageUsedPercent: "Float64",
  /** Header metrics.mem_avg (callstacks.go writeMetrics). */
  MemoryAverageUsedPercent: "Float64",
} as const satisfies Record<string, ClickHouseType>;

export type MetricsRow = RowOf<typeof METRICS_COLUMNS>;

/** ClickHouse DateTime text in UTC, whole seconds: "2023-12-03 16:36:27". */
export function toClickHouseDateTime(date: Date): string {
  return date.toISOString().slice(0, 19).replace("T", " ");
}

/**
 * flamedb.indexer_drops: what the indexer could not index, so nothing is dropped silently (indexer
 * issue: "every drop is counted and logged"). Not in the original, which only logged (§2.11, §7.15).
 */
export const DROPS_COLUMNS = {
  /** Wall clock when the indexer gave up on the message or skipped the lines. */
  Timestamp: "DateTime('UTC')",
  /** The message's service_id, 0 when the message was unreadable. */
  ServiceId: "UInt32",
  /** The R2 key of the profile, "" when the message was unreadable. */
  ObjectKey: "String",
  /** The Queue message id. */
  MessageId: "String",
  /** A stable category: a whole-message reason (`object not found`) or `line: <SkipReason>`. */
  Reason: "LowCardinality(String)",
  /** 1 for a dropped message; the number of lines for a line reason. */
  Count: "UInt64",
  /** Free text for the operator: the error, the message body, the limit hit. */
  Detail: "String",
} as const satisfies Record<string, ClickHouseType>;

export type DropRow = RowOf<typeof DROPS_COLUMNS>;
