// GET /api/flamegraph/diff (ours, issue 9): the differential flamegraph of two profiles, each a service,
// time window, RQL filter and agent version, with the functions added and removed and the top growers
// and shrinkers. The compared side's params are the base's with a `c` prefix (`cServiceName`,
// `cStartTime`, `cEndTime`, `cFilter`, `cAgentVersion`); an absent one is the base's, an empty
// `cFilter` / `cAgentVersion` means none. `normalize=cores|share|raw` (normalise.ts).
import { Hono, type Context } from "hono";
import { flameGraphResponse } from "../../../core/src/flamegraph";
import { diffFlamegraphs, functionChanges } from "../../../core/src/flamegraph-diff";
import {
  compareScale,
  NORMALISERS,
  samplesPerCoreSecond,
  type Normaliser,
} from "../../../core/src/normalise";
import { parseRqlFilter, type FilterNode } from "../../../core/src/rql-filter";
import type { DiffSideInfo, FlamegraphDiffResponse } from "../../../core/src/wire/flamegraph-diff";
import { fail } from "../../../shared/src/errors";
import { withPostgres } from "../../../shared/src/postgres";
import type { ApiEnv } from "../env";
import { dateParam, intParam, scope, serviceIdOf, type BaseParams } from "../params";
import { coreSeconds, hostsRunning, type AgentVersion } from "../store/agent-fleet";
import { withClickHouse } from "../store/clickhouse";
import { filterTags } from "../store/samples";
import { loadGraph } from "./flamegraph";

export const diffRoute = new Hono<ApiEnv>();

/** A host list turned into a filter must stay a reasonable query (its values are URL parameters). */
const MAX_VERSION_HOSTS = 1000;
const MAX_LIST = 200;
const EMPTY = { name: "root", value: 0, children: [] };

interface SideParams extends BaseParams {
  agentVersion: AgentVersion | null;
}

diffRoute.get("/api/flamegraph/diff", async (c) => {
  const requested = (c.req.query("normalize") || "cores") as Normaliser;
  if (!NORMALISERS.includes(requested)) fail(400, `'normalize' must be one of ${NORMALISERS.join(", ")}`);
  const limit = intParam(c, "limit", 50, MAX_LIST);
  const baseSide = await sideParams(c, "", null);
  const comparedSide = await sideParams(c, "c", baseSide);
  const [base, compared] = await Promise.all([loadSide(c, baseSide), loadSide(c, comparedSide)]);
  if (base.samples === 0 && compared.samples === 0) return c.body(null, 204);
  const scale = compareScale(requested, base, compared);
  const tree = diffFlamegraphs(base.tree, compared.tree, scale.factor);
  return c.json<FlamegraphDiffResponse>({
    normalize: scale.normalise,
    requested,
    factor: scale.factor,
    base: sideInfo(baseSide, base),
    compared: sideInfo(comparedSide, compared),
    functions: functionChanges(tree, scale.factor, limit),
    tree,
  });
});

/** `serviceName`… for the base (prefix ""), `cServiceName`… for the compared side, defaulting to the base's. */
async function sideParams(c: Context<ApiEnv>, prefix: string, base: SideParams | null): Promise<SideParams> {
  const name = (param: string) => (prefix ? prefix + param[0].toUpperCase() + param.slice(1) : param);
  const given = (param: string) => c.req.query(name(param)) !== undefined;
  const serviceName = given("serviceName")
    ? c.req.query(name("serviceName"))!.replace(/^_+/, "")
    : (base?.serviceName ?? "");
  if (!serviceName) fail(400, `Missing query parameter '${name("serviceName")}'`);
  const startTime = base && !given("startTime") ? base.startTime : dateParam(c, name("startTime"));
  const endTime = base && !given("endTime") ? base.endTime : dateParam(c, name("endTime"));
  if (endTime <= startTime) fail(400, `'${name("endTime")}' must be after '${name("startTime")}'`);
  const filter =
    base && !given("filter") ? base.filter : filterOf(c.req.query(name("filter")), name("filter"));
  const agentVersion =
    base && !given("agentVersion")
      ? base.agentVersion
      : versionOf(c.req.query(name("agentVersion")), name("agentVersion"));
  const serviceId =
    base && serviceName === base.serviceName ? base.serviceId : await serviceIdOf(c.var.db, serviceName);
  return { serviceName, serviceId, startTime, endTime, filter, agentVersion };
}

function filterOf(raw: string | undefined, param: string): FilterNode | null {
  if (!raw) return null;
  const result = parseRqlFilter(raw);
  if ("error" in result) fail(400, `Invalid '${param}': ${result.error}`);
  return result.filter;
}

function versionOf(raw: string | undefined, param: string): AgentVersion | null {
  if (!raw) return null;
  const m = /^v?(\d{1,9})\.(\d{1,9})\.(\d{1,9})$/.exec(raw);
  if (!m) fail(400, `'${param}' must be a version such as 1.35.0`);
  return { major: Number(m[1]), minor: Number(m[2]), patch: Number(m[3]) };
}

/**
 * One side's flamegraph and fleet. An agent version becomes the hosts that ran it in the window (ClickHouse
 * rows carry no version): a host that changed version inside the window counts on both sides. The
 * core-seconds are those of the agents on the hosts the side's samples come from.
 */
async function loadSide(c: Context<ApiEnv>, side: SideParams) {
  const window = { serviceId: side.serviceId, start: side.startTime, end: side.endTime };
  let filter = side.filter;
  let versionHosts: string[] | null = null;
  if (side.agentVersion) {
    versionHosts = await withPostgres(() =>
      hostsRunning(c.var.db, { ...window, version: side.agentVersion }),
    );
    if (versionHosts.length > MAX_VERSION_HOSTS)
      fail(400, `agent version ran on more than ${MAX_VERSION_HOSTS} hosts in the window: add a host filter`);
    if (versionHosts.length === 0) return { samples: 0, coreSeconds: null, tree: EMPTY };
    const hosts: FilterNode = {
      kind: "or",
      terms: versionHosts.map((value) => ({ kind: "term", column: "HostName", op: "$eq", value })),
    };
    filter = filter ? { kind: "and", terms: [filter, hosts] } : hosts;
  }
  const params = { ...side, filter };
  const graph = await loadGraph(c, params, true);
  const tree = flameGraphResponse(graph, { execTime: 0, olapTime: 0 });
  const hostnames = side.filter
    ? (await withClickHouse(c.env, (ch) => filterTags(ch, scope(params), "HostName"))).map((t) => t.name)
    : versionHosts;
  const cores = await withPostgres(() =>
    coreSeconds(c.var.db, { ...window, version: side.agentVersion, hostnames }),
  );
  return {
    samples: tree.value,
    coreSeconds: cores,
    tree: { name: "root", value: tree.value, children: tree.children },
  };
}

function sideInfo(side: SideParams, loaded: { samples: number; coreSeconds: number | null }): DiffSideInfo {
  const { agentVersion: v } = side;
  return {
    serviceName: side.serviceName,
    startTime: side.startTime.toISOString(),
    endTime: side.endTime.toISOString(),
    agentVersion: v ? `${v.major}.${v.minor}.${v.patch}` : null,
    samples: loaded.samples,
    coreSeconds: loaded.coreSeconds,
    samplesPerCoreSecond: samplesPerCoreSecond(loaded.samples, loaded.coreSeconds),
  };
}
