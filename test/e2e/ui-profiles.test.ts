// The profiles page in Chromium against the real stack: the fixture profile uploaded by a simulated
// agent from two hosts, drawn, searched, zoomed, filtered, tabulated, and reopened from a deep link.
import { readFileSync } from "node:fs";
import { afterEach, beforeAll, describe, expect, test } from "vitest";
import type { Page } from "playwright-core";
import { finish, minutesAgo, openLoggedIn, screenshot, ui, upload, waitForFlamegraph } from "./ui-helpers";

const SERVICE = "ui-profiles";
const HOST_A = "ip-10-1-0-1";
const HOST_B = "ip-10-1-0-2";
const golden = JSON.parse(
  readFileSync(
    new URL("../../../shared/testdata/golden/test_stackfile.flamegraph.lang.json", import.meta.url),
    "utf8",
  ),
);
const goldenProcesses: string[] = golden.children.map((c: { name: string }) => c.name).sort();
const window = { startTime: minutesAgo(120).toISOString(), endTime: minutesAgo(1).toISOString() };
const base = { service: SERVICE, ...window };

let page: Page;
let close: () => Promise<void> = async () => {};

beforeAll(async () => {
  await upload(SERVICE, { hostname: HOST_A }, minutesAgo(30));
  await upload(SERVICE, { hostname: HOST_B, instanceType: "m5.large" }, minutesAgo(50));
  await waitForFlamegraph(SERVICE, new Date(window.startTime), new Date(window.endTime), 2 * golden.value);
});

afterEach(({ task }) => finish(page, close, task));

async function open(params: Record<string, string>) {
  ({ page, close } = await openLoggedIn(ui("/profiles", params)));
  return page.waitForSelector("[data-testid=flamegraph][data-frames]", { timeout: 30_000 });
}

/** Names of drawn frames at `depth` (1 = processes), read from d3's data on the elements. */
const namesAtDepth = (depth: number) =>
  page.$$eval(
    "[data-testid=flamegraph] g.frame",
    (els, d) =>
      els
        .filter((el) => (el as unknown as { __data__: { depth: number } }).__data__.depth === d)
        .map((el) => el.getAttribute("name")!),
    depth,
  );

const frames = async () => Number(await page.getAttribute("[data-testid=flamegraph]", "data-frames"));

describe("profiles page", () => {
  test("draws the golden flamegraph: every process of the fixture, all its frames, twice the samples", async () => {
    await open(base);
    expect((await namesAtDepth(1)).sort()).toEqual(goldenProcesses);
    expect(await frames()).toBeGreaterThan(600);
    await expect
      .poll(() => page.textContent("[data-testid=profile-summary]"))
      .toContain(`${2 * golden.value} samples`);
    const label = await page.getAttribute("[data-testid=flamegraph] g.frame[name=gunicorn]", "name");
    expect(label).toBe("gunicorn");
    await screenshot(page, "profiles");
  });

  test("search highlights matches, fades the rest and reports Matched/Own; the URL keeps it", async () => {
    await open(base);
    await page.fill("[data-testid=flamegraph-search]", "uvicorn");
    await expect
      .poll(() => page.textContent("[data-testid=search-stats]"))
      .toMatch(/^Matched: [\d.]+%\. Own: [\d.<]+%$/);
    const dim = await page.$$eval("[data-testid=flamegraph] g.frame.dim", (els) => els.length);
    const lit = await page.$$eval("[data-testid=flamegraph] g.frame:not(.dim)", (els) =>
      els.map((e) => e.getAttribute("name")).filter((n) => n !== "All"),
    );
    expect(dim).toBeGreaterThan(500);
    expect(lit.length).toBeGreaterThan(0);
    for (const name of lit) expect(name).toMatch(/uvicorn/i);
    expect(new URL(page.url()).searchParams.get("search")).toBe("uvicorn");
    await page.fill("[data-testid=flamegraph-search]", "(");
    await expect.poll(() => page.textContent("[data-testid=search-stats]")).toBe("Bad Regex");
  });

  test("click zooms into a frame, Ctrl+[ goes back, Ctrl+] forward, Ctrl+U resets; the zoom is in the URL", async () => {
    await open(base);
    const before = await frames();
    await page.click("[data-testid=flamegraph] g.frame[name=perf]");
    await expect.poll(() => page.textContent("[data-testid=zoom-info]")).toContain("perf");
    await expect.poll(() => new URL(page.url()).searchParams.get("zoom")).toBe("perf");
    expect(await frames()).toBeLessThan(before);
    expect(await page.isEnabled("[data-testid=reset-zoom]")).toBe(true);
    await page.keyboard.press("Control+BracketLeft");
    await expect.poll(() => page.textContent("[data-testid=zoom-info]")).toContain("All");
    await page.keyboard.press("Control+BracketRight");
    await expect.poll(() => page.textContent("[data-testid=zoom-info]")).toContain("perf");
    await page.keyboard.press("Control+u");
    await expect.poll(() => new URL(page.url()).searchParams.get("zoom")).toBeNull();
    await expect.poll(frames).toBe(before);
  });

  test("a deep link restores search, zoom, depth and the tag filter", async () => {
    await open({
      ...base,
      search: "anyio",
      zoom: "gunicorn: worke",
      depth: "200",
      filter: `hn,is,${HOST_A}`,
    });
    await expect.poll(() => page.textContent("[data-testid=zoom-info]")).toContain("gunicorn: worke");
    expect(await page.inputValue("[data-testid=flamegraph-search]")).toBe("anyio");
    await expect.poll(() => page.textContent("[data-testid=search-stats]")).toMatch(/^Matched: /);
    expect(await page.inputValue("[data-testid=depth-limit]")).toBe("200");
    // The host filter keeps one of the two uploads.
    await expect
      .poll(() => page.textContent("[data-testid=profile-summary]"))
      .toContain(`${golden.value} samples`);
    expect(await page.textContent("[data-testid=tag-filter-button] .badge")).toBe("1");
  });

  test("the tag filter editor applies a host filter through the api's values", async () => {
    await open(base);
    await page.click("[data-testid=tag-filter-button]");
    await page.selectOption("[data-testid=tag-type]", "HostName");
    await page.fill("[data-testid=tag-value]", HOST_B);
    await page.click("[data-testid=tag-filter-apply]");
    await expect.poll(() => new URL(page.url()).searchParams.get("filter")).toBe(`hn,is,${HOST_B}`);
    await expect
      .poll(() => page.textContent("[data-testid=profile-summary]"), { timeout: 20_000 })
      .toContain(`${golden.value} samples`);
    // Saved filters (A.3.8): save the active one, find it in the Saved tab.
    await page.click("[data-testid=tag-filter-button]");
    await page.click("[data-testid=tag-filter-save]");
    await expect.poll(() => page.textContent("[data-testid=tag-filter-saved-tab]")).toBe("Saved (1)");
    await page.click("[data-testid=tag-filter-saved-tab]");
    expect(await page.textContent("[data-testid=tag-filter] .saved-filters")).toContain(
      `Host name Is ${HOST_B}`,
    );
  });

  test("the runtime legend filters frames; Kernel only keeps kernel frames below the processes", async () => {
    await open(base);
    await page.click("[data-testid=legend] [data-runtime=Kernel]");
    await expect.poll(() => new URL(page.url()).searchParams.get("rt")).toBe("ke");
    const runtimesBelowProcesses = () =>
      page.$$eval("[data-testid=flamegraph] g.frame", (els) => [
        ...new Set(
          els
            .map(
              (el) =>
                (el as unknown as { __data__: { depth: number; data: { language?: string } } }).__data__,
            )
            .filter((d) => d.depth === 2)
            .map((d) => d.data.language),
        ),
      ]);
    await expect.poll(runtimesBelowProcesses).toEqual(["Kernel"]);
  });

  test("the table lists functions, sorts by any column and opens the callers of a function", async () => {
    ({ page, close } = await openLoggedIn(ui("/profiles", { ...base, view: "table" })));
    await page.waitForSelector("[data-testid=function-table] tbody tr", { timeout: 30_000 });
    const totals = await page.$$eval("[data-testid=function-table] tbody tr td:nth-child(3)", (tds) =>
      tds.slice(0, 30).map((td) => Number(td.textContent!.replace(/,/g, ""))),
    );
    expect(totals).toEqual([...totals].sort((a, b) => b - a));
    await page.click("[data-testid=function-table] th button[data-sort=self]");
    await expect.poll(() => new URL(page.url()).searchParams.get("sort")).toBe("self.desc");
    const selfs = () =>
      page.$$eval("[data-testid=function-table] tbody tr td:nth-child(5)", (tds) =>
        tds.slice(0, 30).map((td) => Number(td.textContent!.replace(/,/g, ""))),
      );
    await expect.poll(async () => (await selfs())[0]).toBeGreaterThan(0);
    expect(await selfs()).toEqual([...(await selfs())].sort((a, b) => b - a));
    await page.click("[data-testid=function-table] th button[data-sort=name]");
    await expect.poll(() => new URL(page.url()).searchParams.get("sort")).toBe("name.asc");
    await expect
      .poll(() => page.$eval("[data-testid=function-table] tbody tr", (tr) => tr.getAttribute("data-key")))
      .not.toBe("do_syscall_64_[k]");
    const names = await page.$$eval("[data-testid=function-table] tbody tr", (trs) =>
      trs.map((tr) => tr.getAttribute("data-key")!.replace(/_\[\w+\]$/, "")),
    );
    expect(names.length).toBeGreaterThan(10);
    for (let i = 1; i < names.length; i++)
      expect(names[i - 1].localeCompare(names[i])).toBeLessThanOrEqual(0);
    await page.click("[data-testid=function-table] th button[data-sort=total]");
    await page.click("[data-testid=function-table] tbody tr[data-key='do_syscall_64_[k]']");
    await page.click("[data-testid=split-view] [data-tab=calledby]");
    await page.waitForSelector("[data-testid=split-calledby][data-frames]");
    const callers = await page.$$eval("[data-testid=split-calledby] g.frame", (els) =>
      els.map((e) => e.getAttribute("name")),
    );
    expect(callers).toContain("entry_SYSCALL_64_after_hwframe_[k]");
    expect(new URL(page.url()).searchParams.get("fn")).toBe("do_syscall_64_[k]");
    await screenshot(page, "profiles-table");
  });

  test("the table and the flamegraph link both ways", async () => {
    await open(base);
    await page.click("[data-testid=flamegraph] g.frame[name=main]", { button: "right" });
    await page.click("[data-testid=frame-menu] >> text=Show in table");
    await page.waitForSelector("[data-testid=split-view]");
    expect(new URL(page.url()).searchParams.get("view")).toBe("table");
    expect(new URL(page.url()).searchParams.get("fn")).toBe("main");
    await page.click("[data-testid=split-view] >> text=Show in flame graph");
    await page.waitForSelector("[data-testid=flamegraph][data-frames]");
    await expect.poll(() => page.textContent("[data-testid=search-stats]")).toMatch(/^Matched: /);
  });

  test("the service view charts the service and zooms the range by dragging", async () => {
    ({ page, close } = await openLoggedIn(ui("/profiles", { ...base, view: "service", gtab: "3" })));
    const chart = await page.waitForSelector(
      "[data-testid=service-chart], [data-testid=service-chart-state][data-state=error]",
      { timeout: 30_000 },
    );
    expect(await chart.getAttribute("data-testid"), (await chart.textContent()) ?? "").toBe("service-chart");
    expect(Number(await chart.getAttribute("data-points"))).toBeGreaterThan(0);
    await expect.poll(() => page.textContent("[data-testid=instance-types]")).toContain("m5.large");
    await screenshot(page, "profiles-service");
    const box = (await chart.boundingBox())!;
    await page.mouse.move(box.x + box.width * 0.3, box.y + 100);
    await page.mouse.down();
    await page.mouse.move(box.x + box.width * 0.7, box.y + 100, { steps: 5 });
    await page.mouse.up();
    await expect.poll(() => new URL(page.url()).searchParams.get("startTime")).not.toBe(window.startTime);
    const url = new URL(page.url());
    expect(new Date(url.searchParams.get("startTime")!).getTime()).toBeGreaterThan(
      new Date(window.startTime).getTime(),
    );
    expect(new Date(url.searchParams.get("endTime")!).getTime()).toBeLessThan(
      new Date(window.endTime).getTime(),
    );
  });

  test("minesweeper: marked frames save as a snapshot that a link brings back", async () => {
    await open({ service: SERVICE, time: "1h" });
    await page.click("[data-testid=mines-toggle]");
    // The last hour is still filling: turning mines on moves the window 10 minutes back (A.3.10).
    await page.waitForSelector("[data-testid=mines-save]");
    await expect.poll(() => new URL(page.url()).searchParams.get("time")).toBeNull();
    const end = new Date(new URL(page.url()).searchParams.get("endTime")!).getTime();
    expect(Date.now() - end).toBeGreaterThan(9 * 60_000);
    await page.waitForSelector("[data-testid=flamegraph][data-frames]");
    await page.click("[data-testid=flamegraph] g.frame[name=perf]", { button: "right" });
    await page.click("[data-testid=mine-toggle]");
    await page.click("[data-testid=mines-save]");
    await expect.poll(() => new URL(page.url()).searchParams.get("snapshot")).toMatch(/^\d+$/);
    const link = page.url();
    const fill = await page.$eval("[data-testid=flamegraph] g.frame[name=perf] rect", (r) =>
      r.getAttribute("fill"),
    );
    expect(fill).toBe("#bfbfbf");
    await close();
    ({ page, close } = await openLoggedIn(link));
    await page.waitForSelector("[data-testid=flamegraph][data-frames]");
    await expect
      .poll(() =>
        page.$eval("[data-testid=flamegraph] g.frame[name=perf] rect", (r) => r.getAttribute("fill")),
      )
      .toBe("#bfbfbf");
  });

  test("fullscreen hides the header and Esc leaves it", async () => {
    await open(base);
    await page.click("[data-testid=fullscreen-toggle]");
    await expect.poll(() => new URL(page.url()).searchParams.get("fullscreen")).toBe("1");
    await page.waitForSelector("[data-testid=topnav]", { state: "detached" });
    await page.waitForSelector("[data-testid=profiles-header]", { state: "detached" });
    await page.waitForSelector("[data-testid=flamegraph][data-frames]");
    await screenshot(page, "profiles-fullscreen");
    await page.keyboard.press("Escape");
    await expect.poll(() => new URL(page.url()).searchParams.get("fullscreen")).toBeNull();
    await page.waitForSelector("[data-testid=topnav]");
  });
});
