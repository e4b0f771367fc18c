// GET /api/flamegraph/diff against the real ClickHouse and Postgres: two windows, two agent versions and
// two host filters of one service, normalised by core-seconds, by shares or raw; errors and no data.
import { beforeAll, describe, expect, test } from "vitest";
import type { FlamegraphDiffResponse } from "../../core/src/wire/flamegraph-diff";
import { get } from "./helpers";
import { createService, insertStackNodes, prefixTree, seedProcess } from "./seed";

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
/** A whole hour two days ago: every window is fixed relative to it. */
const T = Math.floor(Date.now() / HOUR) * HOUR - 48 * HOUR;
const iso = (offset: number) => new Date(T + offset).toISOString();

let service = "";
let bare = "";

/** A collapsed profile's stacks as the indexer writes them, one host's upload at T + offset. */
async function insertProfile(serviceId: number, offset: number, hostName: string, collapsed: string) {
  const stacks = collapsed
    .trim()
    .split("\n")
    .map((line): [string[], number] => {
      const [stack, count] = line.trim().split(" ");
      return [stack.split(";"), Number(count)];
    });
  const nodes = prefixTree(stacks, (i) =>
    String(BigInt(serviceId) * 1_000_000n + BigInt(i + 1) + BigInt(offset / MINUTE) * 1000n),
  );
  await insertStackNodes(serviceId, new Date(T + offset), nodes, { hostName, instanceType: "m5.large" });
}

const BEFORE = `app;main;a 60
  app;main;b 40`;
const AFTER = `app;main;a 60
  app;main;b 20
  app;main;c 20`;

beforeAll(async () => {
  const s = await createService();
  service = s.name;
  // Base window [T-2h, T-1h]: h1 alone. Compared [T-1h, T]: h1 (agent 1.35.0, 4 cores) and h2 (1.36.0, 6 cores).
  await insertProfile(s.id, -90 * MINUTE, "h1", BEFORE);
  await insertProfile(s.id, -30 * MINUTE, "h1", AFTER);
  await insertProfile(s.id, -30 * MINUTE, "h2", AFTER);
  await seedProcess({
    service: s.id,
    hostname: "h1",
    processors: 4,
    start: new Date(T - 3 * HOUR),
    lastSeen: new Date(T),
    version: [1, 35, 0],
  });
  await seedProcess({
    service: s.id,
    hostname: "h2",
    processors: 6,
    start: new Date(T - HOUR),
    lastSeen: new Date(T),
    version: [1, 36, 0],
  });
  // Profiles but no agent records: core-seconds unknown.
  const b = await createService();
  bare = b.name;
  await insertProfile(b.id, -90 * MINUTE, "x", BEFORE);
  await insertProfile(b.id, -30 * MINUTE, "x", AFTER);
  await insertProfile(b.id, -30 * MINUTE, "y", AFTER);
}, 30_000);

function diff(params: Record<string, string | undefined> = {}) {
  const search = new URLSearchParams({
    serviceName: service,
    startTime: iso(-2 * HOUR),
    endTime: iso(-HOUR),
    cStartTime: iso(-HOUR),
    cEndTime: iso(0),
  });
  for (const [key, value] of Object.entries(params))
    if (value === undefined) search.delete(key);
    else search.set(key, value);
  return get(`/api/flamegraph/diff?${search}`);
}

type Change = { key: string; totalDelta: number; selfDelta: number };
const changes = (list: Change[]) => list.map((r) => `${r.key} ${Math.round(r.totalDelta * 100) / 100}`);

describe("GET /api/flamegraph/diff", () => {
  test("normalised per core-second: twice the hosts is not a regression", async () => {
    const res = await diff();
    expect(res.status).toBe(200);
    const body = await res.json<FlamegraphDiffResponse>();
    expect(body).toMatchObject({
      normalize: "cores",
      requested: "cores",
      factor: 0.4,
      base: { serviceName: service, samples: 100, coreSeconds: 4 * 3600, agentVersion: null },
      compared: { samples: 200, coreSeconds: 4 * 3600 + 6 * 3600, startTime: iso(-HOUR), endTime: iso(0) },
    });
    expect(body.base.samplesPerCoreSecond).toBeCloseTo(100 / 14400);
    // a: 60 → 120 × 0.4 = 48 of the base's 100; b: 40 → 16; c: new, 16.
    expect(changes(body.functions.added)).toEqual(["c 16"]);
    expect(body.functions).toMatchObject({ addedCount: 1, removedCount: 0, removed: [] });
    expect(changes(body.functions.growers.total)).toEqual(["c 16"]);
    expect(changes(body.functions.shrinkers.total)).toEqual(["b -24", "main -20", "a -12"]);
    const main = body.tree.children[0].children[0];
    expect(main).toMatchObject({ name: "main", base: 100, compared: 200, baseShare: 1, comparedShare: 0.8 });
  });

  test("normalize=share compares each side's shares, raw the counts", async () => {
    const share = await (await diff({ normalize: "share" })).json<FlamegraphDiffResponse>();
    expect([share.normalize, share.factor]).toEqual(["share", 0.5]);
    expect(changes(share.functions.growers.total)).toEqual(["c 20"]);
    expect(changes(share.functions.shrinkers.total)).toEqual(["b -20"]);
    const raw = await (await diff({ normalize: "raw" })).json<FlamegraphDiffResponse>();
    expect([raw.normalize, raw.factor]).toEqual(["raw", 1]);
    expect(changes(raw.functions.growers.total)).toEqual(["main 100", "a 60", "c 40"]);
  });

  test("two agent versions over the same window: each side is the hosts that ran it", async () => {
    const body = await (
      await diff({ startTime: iso(-HOUR), endTime: iso(0), agentVersion: "1.35.0", cAgentVersion: "1.36.0" })
    ).json<FlamegraphDiffResponse>();
    expect(body.base).toMatchObject({ agentVersion: "1.35.0", samples: 100, coreSeconds: 4 * 3600 });
    expect(body.compared).toMatchObject({ agentVersion: "1.36.0", samples: 100, coreSeconds: 6 * 3600 });
    expect(body.functions.addedCount + body.functions.removedCount).toBe(0);
    // Absent c-params are the base's: the same version on both sides.
    const same = await (
      await diff({ startTime: iso(-HOUR), endTime: iso(0), agentVersion: "1.36.0" })
    ).json<FlamegraphDiffResponse>();
    expect([same.base.samples, same.compared.samples, same.compared.agentVersion]).toEqual([
      100,
      100,
      "1.36.0",
    ]);
    // An empty cAgentVersion is every version.
    const all = await (
      await diff({ agentVersion: "1.36.0", cAgentVersion: "" })
    ).json<FlamegraphDiffResponse>();
    expect([all.base.samples, all.compared.samples]).toEqual([0, 200]);
    expect(changes(all.functions.added)).toContain("c 20");
  });

  test("two hosts: the tag filter narrows the samples and the core-seconds", async () => {
    const host = (h: string) => JSON.stringify({ filter: { $and: [{ HostName: { $eq: h } }] } });
    const body = await (
      await diff({ startTime: iso(-HOUR), endTime: iso(0), filter: host("h1"), cFilter: host("h2") })
    ).json<FlamegraphDiffResponse>();
    expect(body.base).toMatchObject({ samples: 100, coreSeconds: 4 * 3600 });
    expect(body.compared).toMatchObject({ samples: 100, coreSeconds: 6 * 3600 });
  });

  test("falls back to shares when the agents' core-seconds are unknown", async () => {
    const body = await (await diff({ serviceName: bare })).json<FlamegraphDiffResponse>();
    expect(body).toMatchObject({ normalize: "share", requested: "cores", factor: 0.5 });
    expect(body.base.coreSeconds).toBeNull();
  });

  test("204 when neither side has samples", async () => {
    const res = await diff({
      startTime: iso(-10 * HOUR),
      endTime: iso(-9 * HOUR),
      cStartTime: iso(-8 * HOUR),
      cEndTime: iso(-7 * HOUR),
    });
    expect(res.status).toBe(204);
    const none = await diff({ agentVersion: "9.9.9" });
    expect(none.status).toBe(204);
  });

  test.each([
    [{ normalize: "cpu" }, 400, "'normalize' must be one of cores, share, raw"],
    [{ cAgentVersion: "latest" }, 400, "'cAgentVersion' must be a version such as 1.35.0"],
    [{ cEndTime: iso(-3 * HOUR) }, 400, "'cEndTime' must be after 'cStartTime'"],
    [{ cStartTime: "yesterday" }, 400, "Invalid date-time in 'cStartTime'"],
    [{ cFilter: "{" }, 400, "Invalid 'cFilter': 'filter' is not valid JSON"],
    [{ serviceName: undefined }, 400, "Missing query parameter 'serviceName'"],
    [{ startTime: undefined }, 400, "Missing query parameter 'startTime'"],
    [{ cServiceName: "nope-service" }, 406, "service nope-service doesn't exists"],
    [{ limit: "0" }, 400, "'limit' must be a positive integer"],
  ])("bad input %j → %i", async (params, status, message) => {
    const res = await diff(params as Record<string, string | undefined>);
    expect(res.status).toBe(status);
    expect(await res.json()).toEqual({ message });
  });
});
