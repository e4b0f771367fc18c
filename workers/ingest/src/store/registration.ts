// Registers an agent upload in Postgres: service, instance, machine, OS, kernel, instance run and profiler
// process (backend-api.md §3.2.3, §3.2.7, §6.1), in ONE transaction that also covers storing the profile,
// so a failure anywhere leaves nothing behind (the original committed each statement, §10.19); an agent
// echoing its gpid (every upload after its first) costs one UPDATE. Shared lookup rows (machine types,
// kernels, versions…) are read first and inserted only when new, so concurrent uploads never wait on
// each other's row locks while a profile is being stored.
import { and, eq, isNull, sql, type SQL } from "drizzle-orm";
import type { PgColumn, PgTable } from "drizzle-orm/pg-core";
import type { AgentMetadata, EnvType } from "../../../core/src/agent-metadata";
import type { AppVersion } from "../../../core/src/deploy-version";
import { digestHex } from "../../../core/src/digest";
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
  /** The profiler process id: the agent's gpid. */
  gpid: number;
  /** Fraction of uploads to drop before storage (profiler_sample_threshold, §3.2.5); 0 keeps all. */
  sampleThreshold: number;
}

/**
 * Registers the upload, then runs `store`. With the gpid of a process of this service, only its
 * last_seen moves (§3.2.3 step 7): the steady state, one statement, nothing created, so no transaction.
 * Any other gpid (unknown, or another service's, §10.4) registers the process from the metadata, and
 * `store` runs inside that transaction: if storing fails, none of the new rows remain.
 */
export async function registerUpload<T>(
  db: Database,
  upload: UploadIdentity,
  gpid: number | null,
  store: (registration: Registration) => Promise<T>,
): Promise<T> {
  const known = gpid === null ? null : await touchProcess(db, gpid, upload.serviceName);
  if (known) return store(known);
  return db.transaction(async (tx) => store(await registerProcess(tx, upload)));
}

async function touchProcess(db: Database, gpid: number, serviceName: string): Promise<Registration | null> {
  const [row] = await db
    .update(t.profilerProcesses)
    .set({ lastSeen: sql`now()` })
    .from(t.services)
    .where(and(eq(t.profilerProcesses.id, gpid), eq(t.services.id, t.profilerProcesses.service), eq(t.services.name, serviceName)))
    .returning({ serviceId: t.services.id, threshold: t.services.profilerSampleThreshold });
  return row ? { serviceId: row.serviceId, gpid, sampleThreshold: row.threshold ?? 0 } : null;
}

async function registerProcess(tx: Tx, u: UploadIdentity): Promise<Registration> {
  const md = u.metadata;
  const service = await serviceRow(tx, u.serviceName, u.envType);
  const instance = await lookUpOrInsert(
    tx,
    t.instances,
    { mac: md.macAddress, identifier: cloudInstanceId(md) },
    and(eq(t.instances.mac, md.macAddress), equalOrNull(t.instances.identifier, cloudInstanceId(md))),
  );
  const machineType = await lookUpOrInsert(
    tx,
    t.machineTypes,
    { provider: md.cloudProvider, name: machineTypeName(md.instanceType) },
    and(eq(t.machineTypes.provider, md.cloudProvider), eq(t.machineTypes.name, machineTypeName(md.instanceType))),
  );
  const machine = await lookUpOrInsert(
    tx,
    t.machines,
    { type: machineType, processors: md.processors, memory: md.memoryCapacityMb },
    and(eq(t.machines.type, machineType), eq(t.machines.processors, md.processors), eq(t.machines.memory, md.memoryCapacityMb)),
  );
  const os = await lookUpOrInsert(
    tx,
    t.oses,
    { systemName: md.systemName, name: md.osName, release: md.osRelease },
    and(eq(t.oses.systemName, md.systemName), eq(t.oses.name, md.osName), eq(t.oses.release, md.osRelease)),
  );
  const kernel = await lookUpOrInsert(
    tx,
    t.kernels,
    { os, release: md.kernelRelease, version: md.kernelVersion, hardwareType: md.hardwareType },
    and(
      eq(t.kernels.os, os),
      eq(t.kernels.release, md.kernelRelease),
      eq(t.kernels.version, md.kernelVersion),
      eq(t.kernels.hardwareType, md.hardwareType),
    ),
  );
  const metadataId = await cloudMetadataId(tx, md);
  // One instance run per instance boot: this agent's own row, so an upsert's row lock bothers nobody.
  const [instanceRun] = await tx
    .insert(t.instanceRuns)
    .values({ instance, bootTime: md.bootTime, machine, kernel, metadata: metadataId })
    .onConflictDoUpdate({
      target: [t.instanceRuns.instance, t.instanceRuns.bootTime],
      set: { machine, kernel, metadata: sql`coalesce(excluded.metadata, ${t.instanceRuns.metadata})` },
    })
    .returning({ id: t.instanceRuns.id });
  const libc = await lookUpOrInsert(
    tx,
    t.libcs,
    { type: md.libcType, version: md.libcVersion },
    and(eq(t.libcs.type, md.libcType), eq(t.libcs.version, md.libcVersion)),
  );
  const { major, minor, patch, weight } = md.version;
  const profilerVersion = await lookUpOrInsert(
    tx,
    t.profilerVersions,
    { major, minor, patch, weight, name: md.agentVersion },
    and(eq(t.profilerVersions.major, major), eq(t.profilerVersions.minor, minor), eq(t.profilerVersions.patch, patch)),
  );
  const runEnvironment = await lookUpOrInsert(
    tx,
    t.profilerRunEnvironments,
    { pythonVersion: md.pythonVersion, libc, runMode: md.runMode },
    and(
      eq(t.profilerRunEnvironments.pythonVersion, md.pythonVersion),
      eq(t.profilerRunEnvironments.libc, libc),
      eq(t.profilerRunEnvironments.runMode, md.runMode),
    ),
  );
  // The same agent process registering again (a lost gpid) gets its id back. Its service never changes:
  // a process registered by another service keeps it, and that gpid then fails touchProcess there.
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
      set: { lastSeen: sql`now()` },
    })
    .returning({ id: t.profilerProcesses.id });
  if (md.appVersion) await recordAppVersion(tx, service.id, md.appVersion);
  return { serviceId: service.id, gpid: process.id, sampleThreshold: service.threshold ?? 0 };
}

/**
 * A deployment marker the first time an agent of the service reports this application version. The
 * version comes from the agent's external metadata, read when the agent starts, so a new version always
 * arrives with a new agent process: here, in its registration, and never on the steady-state path.
 */
async function recordAppVersion(tx: Tx, serviceId: number, app: AppVersion) {
  await tx
    .insert(t.deployments)
    .values({ service: serviceId, version: app.version, commit: app.commit, time: sql`now()`, source: "agent" })
    .onConflictDoNothing({ target: [t.deployments.service, t.deployments.version], where: sql`source = 'agent'` });
}

/**
 * A profile from a client without agent metadata (Pyroscope SDKs, pprof uploads): only its service is
 * registered, then `store` runs in the same transaction, so a failure leaves no service behind.
 */
export async function registerService<T>(
  db: Database,
  serviceName: string,
  envType: EnvType,
  store: (registration: Omit<Registration, "gpid">) => Promise<T>,
): Promise<T> {
  return db.transaction(async (tx) => {
    const service = await serviceRow(tx, serviceName, envType);
    await tx.update(t.services).set({ lastProfileAt: sql`now()` }).where(eq(t.services.id, service.id));
    return store({ serviceId: service.id, sampleThreshold: service.threshold ?? 0 });
  });
}

/** The service by name, created on first use; env_type is filled once and never overwritten (get_service, §5.3). */
async function serviceRow(tx: Tx, name: string, envType: EnvType) {
  const columns = { id: t.services.id, threshold: t.services.profilerSampleThreshold, envType: t.services.envType };
  const select = () => tx.select(columns).from(t.services).where(eq(t.services.name, name));
  let [row] = await select();
  if (!row) [row] = await tx.insert(t.services).values({ name, envType }).onConflictDoNothing().returning(columns);
  // A concurrent upload created it first and has committed by now (the insert waited for it).
  if (!row) [row] = await select();
  if (row.envType === null) {
    await tx.update(t.services).set({ envType }).where(and(eq(t.services.id, row.id), isNull(t.services.envType)));
  }
  return row;
}

/** Select-then-insert (the original's add_or_fetch, §6.2): existing rows are read without a lock. */
async function lookUpOrInsert<T extends PgTable & { id: PgColumn }>(
  tx: Tx,
  table: T,
  values: T["$inferInsert"],
  key: SQL | undefined,
): Promise<number> {
  const select = async () => {
    const [row] = await tx.select({ id: table.id } as never).from(table as PgTable).where(key).limit(1);
    return (row as { id: number } | undefined)?.id;
  };
  const found = await select();
  if (found !== undefined) return found;
  const [inserted] = (await tx.insert(table).values(values).onConflictDoNothing().returning({ id: table.id })) as { id: number }[];
  return inserted?.id ?? (await select())!;
}

const equalOrNull = (column: PgColumn, value: string | null) => (value === null ? isNull(column) : eq(column, value));

async function cloudMetadataId(tx: Tx, md: AgentMetadata): Promise<number | null> {
  const meta = Object.keys(md.bigData).length ? { ...md.cloudInfo, big_data: md.bigData } : md.cloudInfo;
  if (!Object.keys(meta).length) return null;
  const hashMeta = await digestHex("SHA-256", JSON.stringify(meta));
  return lookUpOrInsert(tx, t.instanceCloudMetadata, { meta, hashMeta }, eq(t.instanceCloudMetadata.hashMeta, hashMeta));
}

const cloudInstanceId = (md: AgentMetadata) =>
  typeof md.cloudInfo.instance_id === "string" ? md.cloudInfo.instance_id : null;

/** GCP reports `projects/<p>/machineTypes/<type>` (db_manager.register_instance_run). */
const machineTypeName = (instanceType: string) => instanceType.split("/").at(-1) ?? "";

/** The agent's own key is in its run_arguments; it is never stored (§10.6). */
function withoutToken(runArguments: Record<string, unknown>) {
  const { server_token: _, ...rest } = runArguments;
  return rest;
}
