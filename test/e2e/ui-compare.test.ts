// The compare page: two windows of one service, where the second host's gunicorn work tripled, drawn as
// a differential flamegraph (red grew, blue shrank), side by side, and as a table whose functions show
// their CPU over time in both windows.
import { afterEach, beforeAll, describe, expect, test } from "vitest";
import type { Page } from "playwright-core";
import { finish, minutesAgo, openLoggedIn, screenshot, ui, upload, waitForFlamegraph } from "./ui-helpers";

const SERVICE = "ui-compare";
// Base: the fixture as is, 3 hours ago. Compared: the last hour, where every gunicorn stack counts 3×.
const baseWindow = { startTime: minutesAgo(200).toISOString(), endTime: minutesAgo(160).toISOString() };
const comparedWindow = { cStartTime: minutesAgo(60).toISOString(), cEndTime: minutesAgo(1).toISOString() };
const params = { service: SERVICE, ...baseWindow, ...comparedWindow };

let page: Page;
let close: () => Promise<void> = async () => {};

beforeAll(async () => {
  await upload(SERVICE, { hostname: "ip-10-3-0-1" }, minutesAgo(180));
  await upload(SERVICE, { hostname: "ip-10-3-0-2", instanceType: "c5.xlarge" }, minutesAgo(30), {
    match: /;gunicorn[;:]/,
    factor: 3,
  });
  await waitForFlamegraph(SERVICE, new Date(baseWindow.startTime), new Date(baseWindow.endTime));
  await waitForFlamegraph(SERVICE, new Date(comparedWindow.cStartTime), new Date(comparedWindow.cEndTime));
});

afterEach(({ task }) => finish(page, close, task));

/** The fill of the drawn frame `name` at depth 1, as [r, g, b]. */
const rgbOf = (name: string) =>
  page.$eval(`[data-testid=flamegraph-diff] g.frame[name="${name}"] rect`, (r) =>
    r.getAttribute("fill")!.match(/\d+/g)!.map(Number),
  );

describe("compare page", () => {
  test("the differential flamegraph paints the grown process red and the others blue", async () => {
    ({ page, close } = await openLoggedIn(ui("/compare", params)));
    await page.waitForSelector("[data-testid=flamegraph-diff][data-frames]", { timeout: 30_000 });
    const [r, g, b] = await rgbOf("gunicorn");
    expect(r).toBeGreaterThan(b + 40);
    expect(r).toBeGreaterThan(g + 40);
    const [r2, , b2] = await rgbOf("perf");
    expect(b2).toBeGreaterThan(r2);
    // Widths merge both profiles: every process of either side is drawn.
    expect(Number(await page.getAttribute("[data-testid=flamegraph-diff]", "data-frames"))).toBeGreaterThan(
      600,
    );
    await page.hover("[data-testid=flamegraph-diff] g.frame[name=gunicorn]");
    await expect.poll(() => page.textContent("[data-testid=flamegraph-tooltip]")).toMatch(/Base.*Compared/);
    await expect.poll(() => page.textContent("[data-testid=compare-metrics]")).toContain("Difference");
    await screenshot(page, "compare");
  });

  test("side by side draws both windows; the table ranks the change", async () => {
    ({ page, close } = await openLoggedIn(ui("/compare", { ...params, cview: "side" })));
    await page.waitForSelector("[data-testid=flamegraph-base][data-frames]", { timeout: 30_000 });
    await page.waitForSelector("[data-testid=flamegraph-compared][data-frames]");
    await page.click("[data-testid=compare-view-switch] [data-view=table]");
    await page.waitForSelector("[data-testid=compare-table] tbody tr");
    expect(new URL(page.url()).searchParams.get("cview")).toBe("table");
    const first = await page.$eval(
      "[data-testid=compare-table] tbody tr",
      (tr) => tr.querySelector("td")!.textContent,
    );
    expect(first).toMatch(/gunicorn|appid|worker|threading|anyio|usr/i);
    const change = await page.$eval(
      "[data-testid=compare-table] tbody tr td:nth-child(4)",
      (td) => td.textContent,
    );
    expect(change).toMatch(/^\+\d/);
  });

  test("a function clicked in the table shows its CPU over time in both windows", async () => {
    ({ page, close } = await openLoggedIn(ui("/compare", { ...params, cview: "table" })));
    const row = page.locator("[data-testid=compare-table] tbody tr").first();
    await row.waitFor({ timeout: 30_000 });
    const key = (await row.getAttribute("data-key"))!;
    await row.click();
    await expect.poll(() => new URL(page.url()).searchParams.get("fn")).toBe(key);
    const panel = "[data-testid=compare-function]";
    expect(await page.textContent(`${panel} .split-title`)).toBe(key);
    await page.waitForSelector(`${panel} [data-testid=function-cpu-chart]`, { timeout: 30_000 });
    // Both windows drawn, the compared one dashed, each with its points.
    const series = await page.$$eval(`${panel} g[data-series]`, (groups) =>
      groups.map((g) => ({
        label: g.getAttribute("data-series"),
        points: Number(g.getAttribute("data-points")),
        dashed: g.querySelector("path")!.hasAttribute("stroke-dasharray"),
      })),
    );
    expect(series).toEqual([
      { label: expect.stringMatching(/^Base · ui-compare/), points: expect.any(Number), dashed: false },
      { label: expect.stringMatching(/^Compared · ui-compare/), points: expect.any(Number), dashed: true },
    ]);
    for (const s of series) expect(s.points).toBeGreaterThan(0);
    await screenshot(page, "compare-function");

    // The same row again closes it; a function with no samples says so.
    await row.click();
    await expect.poll(() => page.$(panel)).toBeNull();
    await page.goto(ui("/compare", { ...params, cview: "table", fn: "no_such_function_[p]" }));
    await expect
      .poll(() => page.textContent(`${panel} [data-testid=function-cpu-state]`), { timeout: 30_000 })
      .toContain("No data was found for the selected function");
  });
});
