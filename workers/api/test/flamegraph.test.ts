// GET /api/flamegraph and its downloads against the real ClickHouse, with the golden profile's rows
// (indexer-flamedb.md §4.6, §5.6): the JSON equals the Go output, whichever tables the window reads.
import goldenCollapsed from "../../../../shared/testdata/golden/test_stackfile.collapsed.sorted.txt?raw";
import goldenJson from "../../../../shared/testdata/golden/test_stackfile.flamegraph.json?raw";
import goldenLangJson from "../../../../shared/testdata/golden/test_stackfile.flamegraph.lang.json?raw";
import { beforeAll, describe, expect, test } from "vitest";
import {
  compareUint64,
  flameGraphResponse,
  prepareGraph,
  type FrameAggregate,
} from "../../core/src/flamegraph";
import { flamegraphTableRanges } from "../../core/src/flamegraph-tables";
import { getTimeRanges } from "../../core/src/time-ranges";
import { toClickHouseDateTime } from "../../core/src/wire/clickhouse-row";
import { api, clickhouse, get, ORIGIN, session } from "./helpers";
import { createService, insertGoldenSamples } from "./seed";

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;
const now = Date.now();
const at = (offset: number) => new Date(now + offset);

const golden = JSON.parse(goldenJson);
const goldenLang = JSON.parse(goldenLangJson);
const withoutTimings = ({ exec_time: _e, olap_time: _o, ...rest }: Record<string, unknown>) => rest;
const EMPTY = { name: "root", value: 0, children: [], percentiles: {} };

function query(params: Record<string, string | number | undefined>): string {
  const search = new URLSearchParams();
  for (const [key, value] of Object.entries(params))
    if (value !== undefined) search.append(key, String(value));
  return search.toString();
}

async function flamegraph(params: Record<string, string | number | undefined>, path = "/api/flamegraph") {
  const res = await get(`${path}?${query(params)}`);
  return {
    status: res.status,
    res,
    body: res.status === 200 && path === "/api/flamegraph" ? withoutTimings(await res.json()) : null,
  };
}

let service = "";
let historical = "";
let multiDay = "";

beforeAll(async () => {
  // recent data (raw head/tail), data 3 days old (hourly and daily rollups), and 20 days old (historical)
  const recent = await createService();
  service = recent.name;
  await insertGoldenSamples({ serviceId: recent.id, at: at(-10 * MINUTE) });
  const old = await createService();
  historical = old.name;
  await insertGoldenSamples({ serviceId: old.id, at: at(-20 * DAY) });
  const middle = await createService();
  multiDay = middle.name;
  await insertGoldenSamples({ serviceId: middle.id, at: at(-3 * DAY) });
}, 30_000);

const window = (start: number, end: number) => ({
  startTime: at(start).toISOString(),
  endTime: at(end).toISOString(),
});

describe("GET /api/flamegraph", () => {
  test("equals the golden flamegraph (raw table), with and without lang enrichment", async () => {
    const plain = await flamegraph({ serviceName: service, ...window(-HOUR, 0) });
    expect(plain.status).toBe(200);
    expect(plain.res.headers.get("content-type")).toMatch(/^application\/json/);
    expect(plain.body).toEqual(golden);
    expect(
      (await flamegraph({ serviceName: service, ...window(-HOUR, 0), enrichment: "lang" })).body,
    ).toEqual(goldenLang);
  });

  test("equals the golden flamegraph through hourly and daily rollups (multi slicing)", async () => {
    expect((await flamegraph({ serviceName: multiDay, ...window(-5 * DAY, -DAY) })).body).toEqual(golden);
  });

  test("equals the golden flamegraph from the daily tables for windows 14+ days old", async () => {
    expect((await flamegraph({ serviceName: historical, ...window(-21 * DAY, -19 * DAY) })).body).toEqual(
      golden,
    );
  });

  test("days samples_1day_all no longer holds come from samples_1day, each day counted once", async () => {
    // a day ~200 days ago, which no other test uses: its daily rows in both tables, then dropped from
    // samples_1day_all as its old 30-day TTL did (clickhouse/schema/011)
    const day = Math.floor((now - 200 * DAY) / DAY) * DAY;
    const aged = await createService();
    await insertGoldenSamples({ serviceId: aged.id, at: new Date(day + 12 * HOUR) });
    const range = {
      serviceName: aged.name,
      startTime: new Date(day).toISOString(),
      endTime: new Date(day + DAY - 1000).toISOString(),
    };
    expect((await flamegraph(range)).body).toEqual(golden);
    const partition = new Date(day).toISOString().slice(0, 10).replaceAll("-", "");
    await clickhouse(`ALTER TABLE flamedb.samples_1day_all DROP PARTITION {p:String}`, { p: partition });
    expect(
      await clickhouse(`SELECT count() AS n FROM flamedb.samples_1day_all WHERE ServiceId = {s:UInt32}`, {
        s: aged.id,
      }),
    ).toEqual([{ n: "0" }]);
    expect((await flamegraph(range)).body).toEqual(golden);
  });

  test("counts samples once when the end lies in the future (§7.14)", async () => {
    const { body } = await flamegraph({ serviceName: service, ...window(-90 * MINUTE, 2 * HOUR) });
    expect(body).toMatchObject({ value: 79 });
  });

  test("stacksCount truncates to the top stacks (golden: 34 = gunicorn 11 + perf 23)", async () => {
    const { body } = await flamegraph({ serviceName: service, ...window(-HOUR, 0), stacksCount: 20 });
    expect(body).toMatchObject({ value: 34 });
    expect((body!.children as { name: string; value: number }[]).map((c) => [c.name, c.value])).toEqual([
      ["gunicorn", 11],
      ["perf", 23],
    ]);
  });

  test("truncated windows are cut and merged as flamedb did, one query per window then prepareGraph", async () => {
    const hour = Math.floor(now / HOUR) * HOUR;
    const start = hour - 5 * DAY + 30 * MINUTE;
    const end = hour - DAY + 20 * MINUTE;
    const spread = await createService();
    for (const t of [start + 10 * MINUTE, start + 2 * DAY, start + 2 * DAY + 5 * HOUR, end - 5 * MINUTE]) {
      await insertGoldenSamples({ serviceId: spread.id, at: new Date(t) });
    }
    const stacksNum = 25;
    const windows = flamegraphTableRanges(
      getTimeRanges(new Date(start), new Date(end), "multi", new Date()),
      { filtered: false },
    );
    expect(windows.map((w) => w.table)).toEqual([
      "samples",
      "samples_1hour_all",
      "samples_1day_all",
      "samples_1hour_all",
      "samples",
    ]);
    // the reference: each window queried alone, as flamedb did, and merged by the core's prepareGraph
    const resultSets = await Promise.all(
      windows.map(async (w) => {
        const rows = await clickhouse(
          `SELECT toString(CallStackHash) AS hash, any(CallStackName) AS name, toString(any(CallStackParent)) AS parent,
                  sum(NumSamples) AS samples FROM flamedb.${w.table}
           WHERE ServiceId = {s:UInt32} AND Timestamp BETWEEN {a:DateTime('UTC')} AND {b:DateTime('UTC')}
           GROUP BY CallStackHash ORDER BY samples DESC, CallStackHash LIMIT {n:UInt32}`,
          { s: spread.id, a: toClickHouseDateTime(w.start), b: toClickHouseDateTime(w.end), n: stacksNum },
        );
        return rows
          .map((r) => ({ ...r, samples: Number(r.samples) }) as FrameAggregate)
          .sort((a, b) => b.samples - a.samples || compareUint64(a.hash, b.hash));
      }),
    );
    expect(resultSets.filter((rows) => rows.length === stacksNum)).toHaveLength(3); // three windows truncated
    const expected = withoutTimings(
      flameGraphResponse(prepareGraph(resultSets, { stacksNum, lang: true }), {
        execTime: 0,
        olapTime: 0,
      }) as unknown as Record<string, unknown>,
    );
    const { body } = await flamegraph({
      serviceName: spread.name,
      startTime: new Date(start).toISOString(),
      endTime: new Date(end).toISOString(),
      stacksCount: stacksNum,
      enrichment: "lang",
    });
    expect(body).toEqual(JSON.parse(JSON.stringify(expected)));
  });

  test("filters by host, container or instance type through the per-container tables", async () => {
    const host = JSON.stringify({ filter: { $and: [{ HostName: { $eq: "ip-172-31-33-27" } }] } });
    expect((await flamegraph({ serviceName: service, ...window(-HOUR, 0), filter: host })).body).toEqual(
      golden,
    );
    expect(
      (await flamegraph({ serviceName: multiDay, ...window(-5 * DAY, -DAY), filter: host })).body,
    ).toEqual(golden);
    expect(
      (await flamegraph({ serviceName: historical, ...window(-21 * DAY, -19 * DAY), filter: host })).body,
    ).toEqual(golden);

    const webapp = JSON.stringify({
      id: "",
      filter: { $and: [{ ContainerName: { $eq: "gprofiler-ps-webapp" } }] },
    });
    for (const [name, range] of [
      [service, window(-HOUR, 0)],
      [multiDay, window(-5 * DAY, -DAY)],
    ] as const) {
      const { body } = await flamegraph({ serviceName: name, ...range, filter: webapp });
      expect(body).toMatchObject({ value: 19 }); // the container's root samples (samples_1min, §3.1)
    }
    const notWebapp = JSON.stringify({ filter: { ContainerName: { $neq: "gprofiler-ps-webapp" } } });
    expect(
      (await flamegraph({ serviceName: service, ...window(-HOUR, 0), filter: notWebapp })).body,
    ).toMatchObject({ value: 60 });
    const otherType = JSON.stringify({
      filter: { $or: [{ InstanceType: "m5.large" }, { HostName: "nope" }] },
    });
    expect((await flamegraph({ serviceName: service, ...window(-HOUR, 0), filter: otherType })).body).toEqual(
      EMPTY,
    );
  });

  test("hostile filter values are data, not SQL: no match, never an error", async () => {
    for (const value of [
      "x' OR 1=1 --",
      "'); DROP TABLE flamedb.samples; --",
      "{service:UInt32}",
      "\\'",
      "%",
    ]) {
      const filter = JSON.stringify({
        filter: { $or: [{ HostName: value }, { ContainerName: { $like: `${value}_nothing` } }] },
      });
      const { status, body } = await flamegraph({ serviceName: service, ...window(-HOUR, 0), filter });
      expect(status).toBe(200);
      expect(body).toEqual(EMPTY);
    }
    expect((await flamegraph({ serviceName: service, ...window(-HOUR, 0) })).body).toEqual(golden);
  });

  test("an empty window is an empty tree, as flamedb answered", async () => {
    expect((await flamegraph({ serviceName: service, ...window(-5 * HOUR, -4 * HOUR) })).body).toEqual(EMPTY);
  });

  test("bad parameters are 4xx with a message, an unknown service 406", async () => {
    const cases: [Record<string, string | number | undefined>, number, string][] = [
      [
        { serviceName: "no-such-service", ...window(-HOUR, 0) },
        406,
        "service no-such-service doesn't exists",
      ],
      [{ ...window(-HOUR, 0) }, 400, "Missing query parameter 'serviceName'"],
      [{ serviceName: service, endTime: at(0).toISOString() }, 400, "Missing query parameter 'startTime'"],
      [
        { serviceName: service, startTime: "yesterday", endTime: at(0).toISOString() },
        400,
        "Invalid date-time in 'startTime'",
      ],
      [{ serviceName: service, ...window(0, -HOUR) }, 400, "'endTime' must be after 'startTime'"],
      [
        { serviceName: service, ...window(-HOUR, 0), stacksCount: "-1" },
        400,
        "'stacksCount' must be a positive integer",
      ],
      [
        { serviceName: service, ...window(-HOUR, 0), stacksCount: "1e9" },
        400,
        "'stacksCount' must be a positive integer",
      ],
      [
        { serviceName: service, ...window(-HOUR, 0), filter: "{bad" },
        400,
        "Invalid 'filter': 'filter' is not valid JSON",
      ],
      [
        { serviceName: service, ...window(-HOUR, 0), filter: '{"filter":{"CallStackName":"x"}}' },
        400,
        `Invalid 'filter': unrecognized key "CallStackName" for filtering`,
      ],
      [
        { serviceName: service, ...window(-HOUR, 0), filter: '{"filter":{"HostName":{"$in":["a"]}}}' },
        400,
        `Invalid 'filter': can not apply op "$in" on field "HostName"`,
      ],
    ];
    for (const [params, status, message] of cases) {
      const res = await get(`/api/flamegraph?${query(params)}`);
      expect(res.status, JSON.stringify(params)).toBe(status);
      expect(await res.json()).toEqual({ message });
    }
  });

  test("accepts unix seconds and leading underscores in serviceName, as the original", async () => {
    const params = {
      serviceName: `__${service}`,
      startTime: Math.floor((now - HOUR) / 1000),
      endTime: Math.floor(now / 1000),
    };
    expect((await flamegraph(params)).body).toEqual(golden);
  });
});

describe("downloads", () => {
  test("collapsed text equals the golden collapsed file", async () => {
    const res = await get(
      `/api/flamegraph/download_collapsed?${query({ serviceName: service, ...window(-HOUR, 0) })}`,
    );
    expect(res.status).toBe(200);
    expect(res.headers.get("content-disposition")).toBe(
      `attachment; filename="${service}_hourly.collapsed.txt"; filename*=UTF-8''${service}_hourly.collapsed.txt`,
    );
    const lines = (await res.text()).split("\n");
    expect(lines.pop()).toBe("");
    expect(lines.sort()).toEqual(goldenCollapsed.split("\n").filter(Boolean).sort());
  });

  test("the SVG is a standalone flame graph named like the original's download", async () => {
    const res = await get(
      `/api/flamegraph/download_svg?${query({ serviceName: service, ...window(-DAY, 0) })}`,
    );
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toBe("image/svg+xml; charset=utf-8");
    expect(res.headers.get("content-disposition")).toMatch(
      new RegExp(`^attachment; filename="${service}_daily.svg"`),
    );
    const svg = await res.text();
    expect(svg).toMatch(/^<\?xml[^>]*>\n<svg /);
    expect(svg).toContain("<title>all (79 samples, 100.00%)</title>");
    expect(svg.match(/<g class="f"/g)).toHaveLength(651);
  });

  test("the UI's trailing-slash URL is redirected, as Starlette did", async () => {
    const search = query({ serviceName: service, ...window(-HOUR, 0) });
    const res = await api(`/api/flamegraph/download_svg/?${search}`, {
      headers: await session(),
      redirect: "manual",
    });
    expect(res.status).toBe(301);
    expect(res.headers.get("location")).toBe(`${ORIGIN}/api/flamegraph/download_svg?${search}`);
    expect(await (await get(`/api/flamegraph/download_svg/?${search}`)).text()).toContain("<svg ");
  });

  test("no data is 204 for both downloads", async () => {
    for (const path of ["download_svg", "download_collapsed"]) {
      const res = await get(
        `/api/flamegraph/${path}?${query({ serviceName: service, ...window(-5 * HOUR, -4 * HOUR) })}`,
      );
      expect(res.status).toBe(204);
      expect(await res.text()).toBe("");
    }
  });
});

describe("GET /api/flamegraph/datetime_with_data", () => {
  test("the first and last minute with samples, last one minute after the last bucket", async () => {
    const res = await get(`/api/flamegraph/datetime_with_data?serviceName=${historical}`);
    expect(res.status).toBe(200);
    const minute = new Date(Math.floor((now - 20 * DAY) / MINUTE) * MINUTE);
    expect(await res.json()).toEqual({
      firstDateTime: minute.toISOString().replace(".000Z", "+00:00"),
      lastDateTime: new Date(minute.getTime() + MINUTE).toISOString().replace(".000Z", "+00:00"),
    });
  });

  test("204 without data (the original answered 1970 dates, §7.11), filters apply, 406/400 otherwise", async () => {
    const empty = await createService();
    expect((await get(`/api/flamegraph/datetime_with_data?serviceName=${empty.name}`)).status).toBe(204);
    const filter = encodeURIComponent(JSON.stringify({ filter: { HostName: "other" } }));
    expect(
      (await get(`/api/flamegraph/datetime_with_data?serviceName=${service}&filter=${filter}`)).status,
    ).toBe(204);
    expect((await get(`/api/flamegraph/datetime_with_data?serviceName=nope-${now}`)).status).toBe(406);
    const missing = await get("/api/flamegraph/datetime_with_data");
    expect(missing.status).toBe(400); // the original answered 500 (§10.17)
  });
});

test("flamegraph routes need a user", async () => {
  expect((await api(`/api/flamegraph?${query({ serviceName: service, ...window(-HOUR, 0) })}`)).status).toBe(
    401,
  );
});
