// The service registry and overview (backend-api.md §4.3, §4.4) and the hourly usage aggregation run by
// the Cron Trigger (§5.3, §7), against the real Postgres. One file: the aggregation's state is global.
import { env } from "cloudflare:workers";
import { describe, expect, test } from "vitest";
import { isoTime } from "../../core/src/wire/iso-time";
import type { Env } from "../src/env";
import worker from "../src/index";
import { aggregateHourlyUsage } from "../src/store/hourly-usage";
import { userSessions } from "../../../migrations/schema";
import { createUser, get, withDb } from "./helpers";
import { createService, seedProcess } from "./seed";

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;
const now = Date.now();
/** A whole hour 20 days ago: the aggregation's past timeline. */
const B = Math.floor(now / HOUR) * HOUR - 20 * DAY;
const at = (t: number) => new Date(t);
const isoOut = (t: number) => isoTime(new Date(t));

async function usages(service: number) {
  const rows = await withDb((db) =>
    db.query.profilerServiceHourlyUsages.findMany({
      where: (u, { eq }) => eq(u.service, service),
      orderBy: (u, { asc }) => asc(u.startDate),
    }),
  );
  return rows.map((r) => [r.startDate.getTime() - B, r.runningHours, r.coreHours]);
}

describe("hourly usage aggregation (Cron Trigger)", () => {
  let pastService = 0;

  test("aggregates complete hours and keeps going after hours without agents (§10.12 stall fixed)", async () => {
    pastService = (await createService({ name: `past-${now}` })).id;
    await seedProcess({
      service: pastService,
      processors: 4,
      start: at(B - 2 * HOUR),
      lastSeen: at(B - 30 * MINUTE),
    });
    const run = (t: number) => withDb((db) => aggregateHourlyUsage(db, at(t)));

    const first = await run(B + 10 * MINUTE);
    expect([first.from.getTime() - B, first.to.getTime() - B, first.inserted]).toEqual([-3 * HOUR, 0, 2]);
    expect(await usages(pastService)).toEqual([
      [-2 * HOUR, 1, 4],
      [-HOUR, 0.5, 2],
    ]);
    // four hours without any agent: nothing to insert, and nothing stalls
    for (let h = 1; h <= 4; h++) expect((await run(B + h * HOUR + 10 * MINUTE)).inserted).toBe(0);
    await seedProcess({
      service: pastService,
      processors: 2,
      start: at(B + 6 * HOUR),
      lastSeen: at(B + 7 * HOUR + 15 * MINUTE),
    });
    const later = await run(B + 8 * HOUR + 20 * MINUTE);
    // the original would now re-read [B, B+3h) forever
    expect([later.from.getTime() - B, later.to.getTime() - B, later.inserted]).toEqual([0, 8 * HOUR, 2]);
    expect((await usages(pastService)).slice(2)).toEqual([
      [6 * HOUR, 1, 2],
      [7 * HOUR, 0.25, 0.5],
    ]);
    // idempotent: a second run in the same hour adds nothing
    expect((await run(B + 8 * HOUR + 30 * MINUTE)).inserted).toBe(0);
  });

  test("the scheduled handler catches up to now and drops expired sessions", async () => {
    const user = await createUser();
    await withDb((db) =>
      db
        .insert(userSessions)
        .values({ user: user.id, tokenHash: `expired-${now}`, expiresAt: at(now - HOUR) }),
    );
    const current = await createService();
    await seedProcess({ service: current.id, processors: 1, start: at(now - 3 * HOUR), lastSeen: at(now) });
    const controller = { scheduledTime: now, cron: "10 * * * *", noRetry() {} } as ScheduledController;
    await worker.scheduled(controller, env as Env);
    const rows = await usages(current.id);
    expect(rows.length).toBeGreaterThanOrEqual(2);
    expect(rows.at(-1)![0]).toBe(Math.floor((now - 10 * MINUTE) / HOUR) * HOUR - HOUR - B);
    const left = await withDb((db) =>
      db.query.userSessions.findMany({ where: (s, { eq }) => eq(s.tokenHash, `expired-${now}`) }),
    );
    expect(left).toEqual([]);
  });

  test("/api/overview/services sums the 24 h before each service's last aggregate, plus unaggregated time", async () => {
    const res = await get("/api/overview/services");
    expect(res.status).toBe(200);
    const rows = (await res.json()) as Record<string, unknown>[];
    const past = rows.find((r) => r.serviceName === `past-${now}`);
    // 1 + 0.5 + 1 + 0.25 running hours, 4 + 2 + 2 + 0.5 core hours, over 24 h, rounded up
    expect(past).toEqual({
      agentVersionLowest: "1.35.0",
      cores: 1,
      nodes: 1,
      createDate: expect.stringMatching(/\+00:00$/),
      envType: "containers",
      lastUpdated: isoOut(B + 8 * HOUR),
      serviceId: pastService,
      serviceName: `past-${now}`,
    });
  });
});

describe("live services", () => {
  let live = { id: 0, name: "" };

  test("/api/overview: agents of the last 24 h, nodes and cores over the day", async () => {
    const before = (await (await get("/api/overview")).json()) as {
      cores: number | null;
      instances: number | null;
      services: number;
    };
    live = await createService();
    await seedProcess({
      service: live.id,
      hostname: "web-1",
      processors: 8,
      start: at(now - 48 * HOUR),
      lastSeen: at(now),
    });
    await seedProcess({
      service: live.id,
      hostname: "web-2",
      processors: 4,
      start: at(now - 6 * HOUR),
      lastSeen: at(now - 3 * HOUR),
    });
    const after = (await (await get("/api/overview")).json()) as typeof before;
    expect(after.services).toBe(before.services + 1);
    // 24 h × 8 + 3 h × 4 = 204 core-hours over 24 h ≈ 8.5 → rounded; 27 node-hours / 24 → 2 rounded up
    expect(after.cores! - (before.cores ?? 0)).toBeGreaterThanOrEqual(8);
    expect(after.instances).toBeGreaterThanOrEqual(2);
  });

  test("/api/overview/services/{name}: the service's agents", async () => {
    const agents = await (await get(`/api/overview/services/${live.name}`)).json();
    expect(agents).toEqual([
      {
        mac: expect.stringMatching(/^02:00:00(:[0-9a-f]{2}){3}$/),
        hostname: "web-1",
        processors: 8,
        version: "1.35.0",
        lastSeen: isoOut(now),
      },
      {
        mac: expect.stringMatching(/^02:00:00/),
        hostname: "web-2",
        processors: 4,
        version: "1.35.0",
        lastSeen: isoOut(now - 3 * HOUR),
      },
    ]);
    expect(await (await get("/api/overview/services/no-such-service")).json()).toEqual([]);
  });

  test("/api/services: services with data first, new ones without agents flagged, hidden ones left out", async () => {
    const fresh = await createService();
    // Pyroscope and pprof clients register no agent process: a recent profile is their data
    const sdk = await createService({ createdAt: at(now - 30 * 24 * HOUR), lastProfileAt: at(now - HOUR) });
    const stale = await createService({ createdAt: at(now - 30 * 24 * HOUR), lastProfileAt: at(now - 8 * 24 * HOUR) });
    const hidden = await createService({ hidden: true });
    await seedProcess({ service: hidden.id, start: at(now - HOUR), lastSeen: at(now) });
    const list = (await (await get("/api/services")).json()) as {
      name: string;
      hasData: boolean;
      serviceId: number;
      createDate: string;
      envType: string;
    }[];
    const mine = list.filter((s) => [live.name, fresh.name, hidden.name, sdk.name, stale.name].includes(s.name));
    expect(Object.fromEntries(mine.map((s) => [s.name, s.hasData]))).toEqual({
      [live.name]: true,
      [sdk.name]: true,
      [fresh.name]: false,
    });
    expect(mine.filter((s) => s.name !== sdk.name)).toEqual([
      {
        createDate: expect.stringMatching(/\+00:00$/),
        hasData: true,
        name: live.name,
        envType: "containers",
        serviceId: live.id,
      },
      {
        createDate: expect.stringMatching(/\+00:00$/),
        hasData: false,
        name: fresh.name,
        envType: "containers",
        serviceId: fresh.id,
      },
    ]);
    const firstWithout = list.findIndex((s) => !s.hasData);
    expect(list.slice(firstWithout).every((s) => !s.hasData)).toBe(true);
  });
});
