// Analysis beyond the original (issue 9): the compare page normalised per core-second of each side's
// machines, by shares or raw, with its lists of growers and shrinkers; and the sandwich view of one
// function of the golden profile on the profiles page.
import postgres from "postgres";
import { afterEach, beforeAll, describe, expect, test } from "vitest";
import type { Page } from "playwright-core";
import {
  finish,
  minutesAgo,
  openLoggedIn,
  screenshot,
  stack,
  ui,
  upload,
  waitForFlamegraph,
} from "./ui-helpers";

const SERVICE = "ui-analysis";
// Two one-hour windows. Base: host A alone. Compared: A again plus B, where every gunicorn stack counts
// 3×. Twice the machines: per core-second only gunicorn grew; by share everything else shrank.
const base = { start: minutesAgo(221), end: minutesAgo(161) };
const compared = { start: minutesAgo(61), end: minutesAgo(1) };
const params = {
  service: SERVICE,
  startTime: base.start.toISOString(),
  endTime: base.end.toISOString(),
  cStartTime: compared.start.toISOString(),
  cEndTime: compared.end.toISOString(),
};
const A = { hostname: "ip-10-9-0-1" };
const B = { hostname: "ip-10-9-0-2" };

/** The base window on the profiles page. */
const window1 = { service: SERVICE, startTime: base.start.toISOString(), endTime: base.end.toISOString() };

const COPY = "copy.copy (/usr/local/lib/python3.10/copy.py:66 [standard-library==3.10.13])_[p]";

let page: Page;
let close: () => Promise<void> = async () => {};

beforeAll(async () => {
  await upload(SERVICE, A, minutesAgo(190));
  await upload(SERVICE, A, minutesAgo(30));
  await upload(SERVICE, B, minutesAgo(30), { match: /;gunicorn[;:]/, factor: 3 });
  // The simulated agents uploaded just now; real ones run all along: A through both windows, B through
  // the compared one, as their processes' lifetimes say.
  const sql = postgres(stack.postgresUrl, { onnotice: () => {} });
  try {
    const lifetime = async (hostname: string, from: Date) =>
      sql`UPDATE profiler_processes SET ts = ${from}, last_seen = ${minutesAgo(-10)}
          WHERE hostname = ${hostname} AND service = (SELECT id FROM services WHERE name = ${SERVICE})`;
    await lifetime(A.hostname, minutesAgo(300));
    await lifetime(B.hostname, compared.start);
  } finally {
    await sql.end();
  }
  await waitForFlamegraph(SERVICE, base.start, base.end);
  await waitForFlamegraph(SERVICE, compared.start, compared.end);
});

afterEach(({ task }) => finish(page, close, task));

const listKeys = (id: string) =>
  page.$$eval(`[data-testid=function-changes] [data-list=${id}] tr[data-key]`, (rows) =>
    rows.map((r) => r.getAttribute("data-key")!),
  );

describe("compare, normalised", () => {
  test("per core-second only gunicorn grew; the toggle switches to shares and raw samples", async () => {
    ({ page, close } = await openLoggedIn(ui("/compare", { ...params, cview: "changes" })));
    await page.waitForSelector("[data-testid=function-changes]", { timeout: 30_000 });
    expect(await page.getAttribute("[data-testid=normalise-info]", "data-normalise")).toBe("cores");
    expect(await page.textContent("[data-testid=normalise-info]")).toMatch(/core-hours/);
    const growers = await listKeys("growers-total");
    expect(growers.length).toBeGreaterThan(0);
    expect(growers[0]).toMatch(/gunicorn|appid|threading|anyio|usr\.src|botocore|boto3/);
    // Twice the cores and twice the samples of everything else: no shrinkers per core-second.
    expect(await listKeys("shrinkers-total")).toEqual([]);
    await screenshot(page, "compare-normalised");

    await page.click("[data-testid=normalise-switch] [data-normalise=share]");
    await expect
      .poll(() => page.getAttribute("[data-testid=normalise-info]", "data-normalise"))
      .toBe("share");
    expect(new URL(page.url()).searchParams.get("norm")).toBe("share");
    await expect.poll(() => listKeys("shrinkers-total").then((k) => k.length)).toBeGreaterThan(0);

    await page.click("[data-testid=normalise-switch] [data-normalise=raw]");
    await expect.poll(() => page.getAttribute("[data-testid=normalise-info]", "data-normalise")).toBe("raw");
    await expect.poll(() => listKeys("shrinkers-total")).toEqual([]);
    expect((await listKeys("growers-total")).length).toBeGreaterThan(growers.length - 1);

    // The differential graph reads the same normaliser; the view switch keeps it in the URL.
    await page.click("[data-testid=compare-view-switch] [data-view=diff]");
    await page.waitForSelector("[data-testid=flamegraph-diff][data-frames]");
    expect(new URL(page.url()).searchParams.get("norm")).toBe("raw");

    // An agent version per side, hinted from the agents' records.
    await expect
      .poll(() => page.$$eval("#agent-versions-1 option", (os) => os.map((o) => o.getAttribute("value"))))
      .toEqual(["1.35.0"]);
    await page.fill("[data-testid=compare-agent-version]", "1.35.0");
    await page.press("[data-testid=compare-agent-version]", "Enter");
    await expect.poll(() => new URL(page.url()).searchParams.get("cAgentVersion")).toBe("1.35.0");
    // the graph of the previous request is still drawn until the new answer arrives
    await expect
      .poll(() => page.textContent("[data-testid=diff-legend]"), { timeout: 30_000 })
      .toContain("agent 1.35.0");
  });
});

describe("sandwich view", () => {
  test("a golden function's callers above and callees below, deep-linked", async () => {
    ({ page, close } = await openLoggedIn(
      ui("/profiles", { ...window1, view: "sandwich", fn: COPY }),
    ));
    await page.waitForSelector("[data-testid=sandwich-callers][data-frames]", { timeout: 30_000 });
    await page.waitForSelector("[data-testid=sandwich-callees][data-frames]");
    const keys = (list: string) =>
      page.$$eval(`[data-testid=sandwich] [data-list=${list}] tr[data-key]`, (rows) =>
        rows.map((r) => r.getAttribute("data-key")),
      );
    expect(await keys("callers")).toEqual([
      "botocore.args.ClientArgsCreator.get_client_args (/usr/local/lib/python3.10/site-packages/botocore/args.py:68 [botocore==1.20.24])_[p]",
    ]);
    expect(await keys("callees")).toEqual([
      "botocore.hooks.EventAliaser.__copy__ (/usr/local/lib/python3.10/site-packages/botocore/hooks.py:429 [botocore==1.20.24])_[p]",
    ]);
    // copy.copy recurses through __copy__: the callees graph holds it again, each sample counted once.
    expect(await page.textContent("[data-testid=sandwich-fn]")).toContain("(2)");
    expect(
      await page.$$eval(
        `[data-testid=sandwich-callees] g.frame`,
        (frames) => frames.filter((f) => f.getAttribute("name")?.startsWith("copy.copy")).length,
      ),
    ).toBeGreaterThanOrEqual(3);
    await screenshot(page, "sandwich");

    // A caller in the table becomes the next sandwich.
    await page.click("[data-testid=sandwich] [data-list=callers] tr[data-key] button");
    await expect.poll(() => new URL(page.url()).searchParams.get("fn")).toMatch(/^botocore\.args/);
  });

  test("from the flamegraph's right-click menu, the table and picked by name", async () => {
    ({ page, close } = await openLoggedIn(ui("/profiles", window1)));
    await page.waitForSelector("[data-testid=flamegraph][data-frames]", { timeout: 30_000 });
    await page.click(`[data-testid=flamegraph] g.frame[name="${COPY}"]`, { button: "right", force: true });
    await page.click("[data-testid=frame-menu] [data-action=sandwich]");
    await page.waitForSelector(`[data-testid=sandwich][data-fn="${COPY}"]`);
    expect(new URL(page.url()).searchParams.get("view")).toBe("sandwich");

    // From the table's split view of a function.
    await page.goto(ui("/profiles", { ...window1, view: "table", fn: COPY }));
    await page.click("[data-testid=split-sandwich]");
    await page.waitForSelector(`[data-testid=sandwich][data-fn="${COPY}"]`);

    await page.goto(
      ui("/profiles", {
        service: SERVICE,
        startTime: params.startTime,
        endTime: params.endTime,
        view: "sandwich",
      }),
    );
    await page.fill("[data-testid=sandwich-search]", "_recursive_copy");
    await page.click("[data-testid=sandwich-picker] li button");
    await page.waitForSelector("[data-testid=sandwich-callees][data-frames]");
    expect(new URL(page.url()).searchParams.get("fn")).toMatch(/_recursive_copy/);
  });
});
