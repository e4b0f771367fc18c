// Registers an agent upload in Postgres: service, instance, machine, OS, kernel, instance run and
// profiler process, in ONE transaction (the original committed each statement, backend-api.md §3.2.7,
// §10.19). The process id is the agent's gpid.
import { and, eq, sql } from "drizzle-orm";
import type { PgColumn, PgTable } from "drizzle-orm/pg-core";
import { digestHex } from "../../../core/src/digest";
import type { AgentMetadata, EnvType } from "../../../core/src/agent-metadata";
import * as t from "../../../../migrations/schema";
import type { Database } from "../../../shared/src/postgres";

type Tx = Parameters<Parameters<Database["transaction"]>[0]>[0];

export interface UploadIdentity {
  serviceName: string;
  envType: EnvType;
  metadata: AgentMetadata;
  publicIp: string;
}

export interface Registration {
  serviceId: number;
  gpid: number;
}

/** Insert-or-fetch by a unique key; the no-op update makes RETURNING yield the existing row too. */
async function upsertId<T extends PgTable & { id: PgColumn; ts: PgColumn }>(
  tx: Tx,
  table: T,
  values: T["$inferInsert"],
  target: PgColumn[],
): Promise<number> {
  const [row] = await tx
    .insert(table)
    .values(values)
    .onConflictDoUpdate({ target, set: { ts: sql`${table.ts}` } as never })
    .returning({ id: table.id });
  return row.id as number;
}

export async function registerUpload(db: Database, u: UploadIdentity): Promise<Registration> {
  const md = u.metadata;
  const version = parseAgentVersion(md.agentVersion);
  return db.transaction(async (tx) => {
    const [service] = await tx
      .insert(t.services)
      .values({ name: u.serviceName, envType: u.envType })
      .onConflictDoUpdate({
        target: t.services.name,
        // The original fills env_type once and never overwrites it (get_service, §5.3).
        set: { envType: sql`coalesce(${t.services.envType}, excluded.env_type)` },
      })
      .returning({ id: t.services.id });
    const instance = await upsertId(tx, t.instances, { mac: md.macAddress, identifier: cloudInstanceId(md) }, [
      t.instances.mac,
      t.instances.identifier,
    ]);
    const machineType = await upsertId(
      tx,
      t.machineTypes,
      { provider: md.cloudProvider, name: machineTypeName(md.instanceType) },
      [t.machineTypes.provider, t.machineTypes.name],
    );
    const machine = await upsertId(
      tx,
      t.machines,
      { type: machineType, processors: md.processors, memory: md.memoryCapacityMb },
      [t.machines.type, t.machines.processors, t.machines.memory],
    );
    const os = await upsertId(tx, t.oses, { systemName: md.systemName, name: md.osName, release: md.osRelease }, [
      t.oses.systemName,
      t.oses.name,
      t.oses.release,
    ]);
    const kernel = await upsertId(
      tx,
      t.kernels,
      { os, release: md.kernelRelease, version: md.kernelVersion, hardwareType: md.hardwareType },
      [t.kernels.os, t.kernels.release, t.kernels.version, t.kernels.hardwareType],
    );
    const metadataId = await cloudMetadataId(tx, md);
    const [instanceRun] = await tx
      .insert(t.instanceRuns)
      .values({ instance, bootTime: bootTime(md), machine, kernel, metadata: metadataId })
      .onConflictDoUpdate({
        target: [t.instanceRuns.instance, t.instanceRuns.bootTime],
        set: { machine, kernel, metadata: sql`coalesce(excluded.metadata, ${t.instanceRuns.metadata})` },
      })
      .returning({ id: t.instanceRuns.id });
    const libc = await upsertId(tx, t.libcs, { type: md.libcType, version: md.libcVersion }, [
      t.libcs.type,
      t.libcs.version,
    ]);
    const profilerVersion = await upsertId(tx, t.profilerVersions, { ...version, name: md.agentVersion }, [
      t.profilerVersions.major,
      t.profilerVersions.minor,
      t.profilerVersions.patch,
    ]);
    const runEnvironment = await upsertId(
      tx,
      t.profilerRunEnvironments,
      { pythonVersion: md.pythonVersion, libc, runMode: md.runMode as never },
      [t.profilerRunEnvironments.pythonVersion, t.profilerRunEnvironments.libc, t.profilerRunEnvironments.runMode],
    );
    const [process] = await tx
      .insert(t.profilerProcesses)
      .values({
        instanceRun: instanceRun.id,
        profilerVersion,
        profilerRunEnvironment: runEnvironment,
        pid: md.pid,
        spawnLocalTime: md.spawnTime,
        spawnUptime: md.spawnUptimeMs,
        publicIp: u.publicIp,
        privateIp: md.privateIp,
        hostname: md.hostname,
        service: service.id,
        runArguments: withoutToken(md.runArguments),
      })
      .onConflictDoUpdate({
        target: [
          t.profilerProcesses.instanceRun,
          t.profilerProcesses.profilerVersion,
          t.profilerProcesses.pid,
          t.profilerProcesses.spawnLocalTime,
        ],
        set: { lastSeen: sql`now()`, service: service.id },
      })
      .returning({ id: t.profilerProcesses.id });
    return { serviceId: service.id, gpid: process.id };
  });
}

/** The service a gpid was registered under, or null for an unknown gpid. */
export async function serviceOfProcess(db: Database, gpid: number): Promise<number | null> {
  const rows = await db
    .update(t.profilerProcesses)
    .set({ lastSeen: sql`now()` })
    .where(eq(t.profilerProcesses.id, gpid))
    .returning({ service: t.profilerProcesses.service });
  return rows[0]?.service ?? null;
}

export async function serviceSampleThreshold(db: Database, serviceId: number): Promise<number> {
  const [row] = await db
    .select({ threshold: t.services.profilerSampleThreshold })
    .from(t.services)
    .where(and(eq(t.services.id, serviceId)));
  return row?.threshold ?? 0;
}

async function cloudMetadataId(tx: Tx, md: AgentMetadata): Promise<number | null> {
  const meta = Object.keys(md.bigData).length ? { ...md.cloudInfo, big_data: md.bigData } : md.cloudInfo;
  if (!Object.keys(meta).length) return null;
  const hashMeta = await digestHex("SHA-256", JSON.stringify(meta));
  return upsertId(tx, t.instanceCloudMetadata, { meta, hashMeta }, [t.instanceCloudMetadata.hashMeta]);
}

const cloudInstanceId = (md: AgentMetadata) =>
  typeof md.cloudInfo.instance_id === "string" ? md.cloudInfo.instance_id : null;

/** GCP reports `projects/<p>/machineTypes/<type>` (db_manager.register_instance_run). */
const machineTypeName = (instanceType: string) => instanceType.split("/").at(-1) ?? "";

/** spawn_time − uptime, to the nearest minute: stable across an instance's uploads. */
function bootTime(md: AgentMetadata): Date {
  const boot = md.spawnTime.getTime() - md.spawnUptimeMs;
  return new Date(Math.round(boot / 60_000) * 60_000);
}

export function parseAgentVersion(version: string) {
  const m = /^(\d+)\.(\d+)\.(\d+)/.exec(version);
  if (!m) throw Object.assign(new Error(`invalid agent_version ${JSON.stringify(version)}`), { code: "22000" });
  const [major, minor, patch] = [Number(m[1]), Number(m[2]), Number(m[3])];
  return { major, minor, patch, weight: major * 1_000_000 + minor * 1_000 + patch };
}

function withoutToken(runArguments: Record<string, unknown>) {
  const { server_token: _, ...rest } = runArguments;
  return rest;
}
