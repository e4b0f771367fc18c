// Test data: services and agent processes in Postgres (the registration chain the ingest Worker writes),
// and the golden profile's rows in ClickHouse (../shared/testdata/golden, indexer-flamedb.md §5.6).
import goldenTsv from "../../../../shared/testdata/golden/test_stackfile.rows.tsv?raw";
import * as schema from "../../../migrations/schema";
import { toClickHouseDateTime } from "../../core/src/wire/clickhouse-row";
import { insertRows, withDb } from "./helpers";

let unique = 0;
const next = () => `${Date.now().toString(36)}${++unique}`;

/**
 * A random service id: the project's ClickHouse keeps its data between runs while Postgres starts
 * fresh, so sequential ids would meet the rows of earlier runs.
 */
const randomServiceId = () => 1_000_000 + Math.floor(Math.random() * 2_000_000_000);

export async function createService(
  options: {
    name?: string;
    hidden?: boolean;
    clusterId?: number;
    envType?: "instances" | "k8s" | "containers" | "ecs";
    createdAt?: Date;
    /** A profile from a client without agents (Pyroscope, pprof). */
    lastProfileAt?: Date;
  } = {},
) {
  const name = options.name ?? `svc-${next()}`;
  const [row] = await withDb((db) =>
    db
      .insert(schema.services)
      .values({
        id: randomServiceId(),
        name,
        hidden: options.hidden ?? false,
        clusterId: options.clusterId,
        envType: options.envType ?? "containers",
        ts: options.createdAt,
        lastProfileAt: options.lastProfileAt,
      })
      .returning({ id: schema.services.id }),
  );
  return { id: row.id, name };
}

export interface ProcessSeed {
  service: number;
  hostname?: string;
  processors?: number;
  start: Date;
  lastSeen: Date;
  version?: [number, number, number];
  mac?: string;
}

/** One agent process with its whole registration chain; returns the process id (gpid). */
export async function seedProcess(p: ProcessSeed): Promise<number> {
  const s = schema;
  return withDb(async (db) => {
    const tag = next();
    const upsert = async <T extends { id: number }>(rows: T[], select: () => Promise<T[]>) =>
      (rows[0] ?? (await select())[0]).id;
    const [machineType] = await db
      .insert(s.machineTypes)
      .values({ provider: "AWS", name: `t-${tag}` })
      .returning({ id: s.machineTypes.id });
    const [machine] = await db
      .insert(s.machines)
      .values({ type: machineType.id, processors: p.processors ?? 2, memory: 4096 })
      .returning({ id: s.machines.id });
    const [os] = await db
      .insert(s.oses)
      .values({ systemName: "Linux", name: "Ubuntu", release: tag })
      .returning({ id: s.oses.id });
    const [kernel] = await db
      .insert(s.kernels)
      .values({ os: os.id, release: "6.1", version: "#1", hardwareType: "x86_64" })
      .returning({ id: s.kernels.id });
    const mac = p.mac ?? macOf(unique);
    const [instance] = await db
      .insert(s.instances)
      .values({ mac, identifier: `i-${tag}` })
      .returning({ id: s.instances.id });
    const [run] = await db
      .insert(s.instanceRuns)
      .values({ instance: instance.id, bootTime: p.start, machine: machine.id, kernel: kernel.id })
      .returning({ id: s.instanceRuns.id });
    const [major, minor, patch] = p.version ?? [1, 35, 0];
    const version = await upsert(
      await db
        .insert(s.profilerVersions)
        .values({ major, minor, patch, weight: major * 1e6 + minor * 1e3 + patch })
        .onConflictDoNothing()
        .returning({ id: s.profilerVersions.id }),
      () =>
        db.query.profilerVersions.findMany({
          columns: { id: true },
          where: (v, { and, eq }) => and(eq(v.major, major), eq(v.minor, minor), eq(v.patch, patch)),
        }),
    );
    const [libc] = await db
      .insert(s.libcs)
      .values({ type: "glibc", version: tag })
      .returning({ id: s.libcs.id });
    const [env] = await db
      .insert(s.profilerRunEnvironments)
      .values({ pythonVersion: "3.10", libc: libc.id, runMode: "container" })
      .returning({ id: s.profilerRunEnvironments.id });
    const [process] = await db
      .insert(s.profilerProcesses)
      .values({
        instanceRun: run.id,
        profilerVersion: version,
        profilerRunEnvironment: env.id,
        pid: 1000 + unique,
        spawnLocalTime: p.start,
        publicIp: "203.0.113.1",
        privateIp: "10.0.0.1",
        hostname: p.hostname ?? `host-${tag}`,
        service: p.service,
        spawnUptime: 1000,
        runArguments: {},
        ts: p.start,
        lastSeen: p.lastSeen,
      })
      .returning({ id: s.profilerProcesses.id });
    return process.id;
  });
}

const macOf = (n: number) =>
  `02:00:00:${[(n >> 16) & 255, (n >> 8) & 255, n & 255].map((b) => b.toString(16).padStart(2, "0")).join(":")}`;

/** The 651 rows of test_stackfile as the indexer wrote them (rows.tsv), for one service and time. */
export function goldenRows(): Record<string, string>[] {
  const [header, ...lines] = goldenTsv.split("\n").filter(Boolean);
  const columns = header.split("\t");
  return lines.map((line) => Object.fromEntries(line.split("\t").map((v, i) => [columns[i], v])));
}

export async function insertGoldenSamples(options: {
  serviceId: number;
  at: Date;
  hostName?: string;
  instanceType?: string;
}) {
  const timestamp = toClickHouseDateTime(options.at);
  await insertRows(
    "flamedb.samples",
    goldenRows().map((r) => ({
      Timestamp: timestamp,
      ServiceId: options.serviceId,
      InstanceType: options.instanceType ?? r.InstanceType,
      ContainerEnvName: r.ContainerEnvName,
      HostName: options.hostName ?? r.HostName,
      ContainerName: r.ContainerName,
      NumSamples: Number(r.NumSamples),
      CallStackHash: r.CallStackHash,
      CallStackName: r.CallStackName,
      CallStackParent: r.CallStackParent,
      InsertionTimestamp: timestamp,
      ErrNumSamples: 0,
    })),
  );
}

export async function insertMetrics(
  rows: {
    serviceId: number;
    at: Date;
    hostName: string;
    instanceType?: string;
    cpu: number;
    memory: number;
  }[],
) {
  await insertRows(
    "flamedb.metrics",
    rows.map((r) => ({
      Timestamp: toClickHouseDateTime(r.at),
      ServiceId: r.serviceId,
      InstanceType: r.instanceType ?? "t2.medium",
      HostName: r.hostName,
      CPUAverageUsedPercent: r.cpu,
      MemoryAverageUsedPercent: r.memory,
    })),
  );
}

/** One prefix of a stack as the indexer writes it: its samples are those of every stack below it. */
export interface StackNode {
  hash: string;
  parent: string;
  name: string;
  samples: number;
}

/**
 * The prefix tree of `stacks` (frames root first, samples), one node per distinct prefix; `hashOf(i, path)`
 * is the i-th new one's hash (`path`: its frames, each after a ";").
 */
export function prefixTree(
  stacks: Iterable<readonly [readonly string[], number]>,
  hashOf: (index: number, path: string) => string,
): StackNode[] {
  const nodes = new Map<string, StackNode>();
  for (const [frames, samples] of stacks) {
    let parent = "0";
    let path = "";
    for (const name of frames) {
      path += `;${name}`;
      let node = nodes.get(path);
      if (!node) {
        node = { hash: hashOf(nodes.size, path), parent, name, samples: 0 };
        nodes.set(path, node);
      }
      node.samples += samples;
      parent = node.hash;
    }
  }
  return [...nodes.values()];
}

/** Inserts prefix-tree nodes into flamedb.samples as one host's upload at `at`. */
export async function insertStackNodes(
  serviceId: number,
  at: Date,
  nodes: readonly StackNode[],
  {
    hostName = "host-1",
    instanceType = "t3.large",
    insertedAt = at,
  }: { hostName?: string; instanceType?: string; insertedAt?: Date } = {},
): Promise<void> {
  const timestamp = toClickHouseDateTime(at);
  const inserted = toClickHouseDateTime(insertedAt);
  await insertRows(
    "flamedb.samples",
    nodes.map((n) => ({
      Timestamp: timestamp,
      ServiceId: serviceId,
      InstanceType: instanceType,
      ContainerEnvName: "",
      HostName: hostName,
      ContainerName: "",
      NumSamples: n.samples,
      CallStackHash: n.hash,
      CallStackName: n.name,
      CallStackParent: n.parent,
      InsertionTimestamp: inserted,
      ErrNumSamples: 0,
    })),
  );
}
