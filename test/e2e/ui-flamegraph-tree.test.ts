// The pruned flamegraph in Chromium against the real stack (issue 9): a profile whose narrow frames the
// api rolls up, a zoom that fetches the frame's subtree and draws it (through the runtime filter), a
// search that finds rolled-up frames, Ctrl+wheel zoom and drag-pan; and the searchable service picker.
import { afterEach, beforeAll, describe, expect, test } from "vitest";
import type { Page } from "playwright-core";
import { SimulatedAgent } from "../../scripts/lib/agent.mjs";
import {
  FIXTURE,
  finish,
  minutesAgo,
  openLoggedIn,
  screenshot,
  stack,
  ui,
  waitForFlamegraph,
} from "./ui-helpers";

const SERVICE = "ui-tree-pruned";
const OTHER = "ui-tree-other";
const LEAVES = 300;
const window = { startTime: minutesAgo(120).toISOString(), endTime: minutesAgo(1).toISOString() };

/**
 * One big stack (100,000 samples) and, under `hub_[p]`, LEAVES stacks of one sample each, each leaf
 * calling into the kernel: every leaf is far narrower than the api's minimum width (1/2000 of the
 * view), so the first view rolls them up.
 */
function profile(): string {
  const header = FIXTURE.split("\n")[0];
  const lines = [`0;;bigproc;main_[p];busy_[p] 100000`];
  for (let i = 0; i < LEAVES; i++) lines.push(`0;;bigproc;main_[p];hub_[p];leaf${i}_[p];sys_read_[k] 1`);
  return [header, ...lines].join("\n");
}

async function uploadTo(service: string) {
  const agent = new SimulatedAgent({
    serverUrl: stack.ingestUrl,
    token: stack.agentToken,
    serviceName: service,
    hostname: `host-${service}`,
  });
  const startTime = minutesAgo(30);
  const res = await agent.uploadProfile({
    profile: profile(),
    startTime,
    endTime: new Date(startTime.getTime() + 60_000),
  });
  expect(res.status, JSON.stringify(res.body)).toBe(200);
}

let page: Page;
let close: () => Promise<void> = async () => {};

beforeAll(async () => {
  await uploadTo(SERVICE);
  await uploadTo(OTHER);
  for (const service of [SERVICE, OTHER])
    await waitForFlamegraph(service, new Date(window.startTime), new Date(window.endTime), 100_000 + LEAVES);
});

afterEach(({ task }) => finish(page, close, task));

const chart = "[data-testid=flamegraph]";
const drawnNames = () => page.$$eval(`${chart} g.frame`, (gs) => gs.map((g) => g.getAttribute("name") ?? ""));

/** Opens the profiles page; the subtrees (`root=`) the page has received, as they arrive. */
async function open(params: Record<string, string> = {}) {
  ({ page, close } = await openLoggedIn());
  const subtrees: string[] = [];
  page.on("response", (r) => {
    const root = new URL(r.url()).searchParams.get("root");
    if (r.url().includes("/api/flamegraph/tree") && root) subtrees.push(root);
  });
  await page.goto(ui("/profiles", { service: SERVICE, ...window, ...params }));
  await page.waitForSelector(`${chart}[data-frames]`, { timeout: 30_000 });
  return subtrees;
}

describe("the pruned flamegraph", () => {
  test("rolls the narrow frames up, and a zoom draws the frame's prefetched subtree", async () => {
    const subtrees = await open();
    const before = await drawnNames();
    expect(before).toContain("hub_[p]");
    expect(before).toContain(`… ${LEAVES} more`);
    expect(before.some((n) => n.startsWith("leaf"))).toBe(false);
    await page.hover(`${chart} g.frame[name="… ${LEAVES} more"]`);
    await screenshot(page, "flamegraph-pruned");

    // After the paint the page prefetches the subtrees of the frames with rolled-up frames below them
    // (bigproc, main_[p], hub_[p]): the click draws hub_[p]'s from memory, without asking the api.
    await expect.poll(() => subtrees.length).toBe(3);
    // A zoom that waits for a subtree marks the chart `data-expanding` while it does.
    await page.evaluate(`{
      const el = document.querySelector("${chart}");
      new MutationObserver(() => el.dataset.expanding && (el.dataset.waited = "yes")).observe(el, { attributes: true });
    }`);
    await page.click(`${chart} g.frame[name="hub_[p]"]`);
    await page.waitForSelector(`${chart}[data-subtree]`);
    expect(await page.getAttribute(chart, "data-waited")).toBeNull();
    expect(subtrees).toHaveLength(3);
    await expect
      .poll(async () => (await drawnNames()).filter((n) => n.startsWith("leaf")).length)
      .toBe(LEAVES);
    expect(await drawnNames()).not.toContain(`… ${LEAVES} more`);
    expect((await drawnNames()).filter((n) => n === "sys_read_[k]").length).toBe(LEAVES);
    await expect.poll(() => page.textContent("[data-testid=zoom-info]")).toContain("hub_[p]");
    expect(new URL(page.url()).searchParams.get("zoom")).toBe("bigproc;main_[p];hub_[p]");
    await screenshot(page, "flamegraph-subtree");
  });

  test("a filtered-out runtime stays out of a subtree fetched on zoom", async () => {
    // Python only, mixed stacks off: the kernel frames under the leaves are spliced out.
    await open({ rt: "py", rtms: "0" });
    await page.click(`${chart} g.frame[name="hub_[p]"]`);
    await page.waitForSelector(`${chart}[data-subtree]`);
    await expect
      .poll(async () => (await drawnNames()).filter((n) => n.startsWith("leaf")).length)
      .toBe(LEAVES);
    expect(await drawnNames()).not.toContain("sys_read_[k]");
  });

  test("a search finds rolled-up frames, with their exact share", async () => {
    await open();
    expect((await drawnNames()).some((n) => n.startsWith("leaf"))).toBe(false);
    const searched = page.waitForResponse(
      (r) => r.url().includes("/api/flamegraph/tree") && r.url().includes("search="),
    );
    await page.fill("[aria-label='Search frames']", "^leaf1\\d$");
    await page.press("[aria-label='Search frames']", "Enter");
    expect((await searched).status()).toBe(200);
    // leaf10_[p] … leaf19_[p], 10 of the 100,300 samples, are in (too narrow to draw: their remainder
    // is what shows), and the share counts them.
    await expect.poll(drawnNames).toContain(`… ${LEAVES - 10} more`);
    expect(await drawnNames()).not.toContain(`… ${LEAVES} more`);
    await expect.poll(() => page.textContent("[data-testid=search-stats]")).toBe("Matched: <0.01%. Own: 0%");
    await page.fill("[aria-label='Search frames']", "leaf");
    await page.press("[aria-label='Search frames']", "Enter");
    await expect.poll(() => page.textContent("[data-testid=search-stats]")).toBe("Matched: 0.30%. Own: 0%");
    await screenshot(page, "flamegraph-pruned-search");
  });

  test("Ctrl+wheel widens the chart around the pointer, dragging pans it without zooming", async () => {
    await open();
    const box = (await page.$(chart))!;
    const { x, y, width } = (await box.boundingBox())!;
    await page.mouse.move(x + width / 2, y + 30);
    await page.keyboard.down("Control");
    await page.mouse.wheel(0, -600);
    await page.keyboard.up("Control");
    await expect.poll(async () => Number(await page.getAttribute(chart, "data-scale"))).toBeGreaterThan(2);
    const svgWidth = await page.$eval(`${chart} svg`, (svg) => svg.getBoundingClientRect().width);
    expect(svgWidth).toBeGreaterThan(2 * width);
    const left = await page.$eval(chart, (el) => el.scrollLeft);
    expect(left).toBeGreaterThan(0); // zoomed around the middle, not the left edge

    await page.mouse.move(x + width / 2, y + 30);
    await page.mouse.down();
    await page.mouse.move(x + width / 2 + 200, y + 30, { steps: 5 });
    await page.mouse.up();
    expect(await page.$eval(chart, (el) => el.scrollLeft)).toBeCloseTo(left - 200, -1);
    expect(new URL(page.url()).searchParams.get("zoom")).toBeNull(); // the drag's click did not zoom

    // A plain wheel scrolls as usual.
    await page.mouse.wheel(0, -600);
    expect(Number(await page.getAttribute(chart, "data-scale"))).toBeGreaterThan(2);
  });
});

describe("the table view", () => {
  test("has every frame (the full graph) and a trend against the window before", async () => {
    ({ page, close } = await openLoggedIn());
    const full = page.waitForResponse((r) => r.url().includes("/api/flamegraph?"));
    await page.goto(ui("/profiles", { service: SERVICE, ...window, view: "table" }));
    expect((await full).status()).toBe(200);
    await page.waitForSelector("[data-testid=function-table] tr[data-key='leaf0_[p]']");
    // Nothing ran in the window before: every function is new.
    await page.waitForSelector("[data-testid=function-table] td[data-trend]");
    const trends = await page.$$eval("[data-testid=function-table] td[data-trend]", (tds) => [
      ...new Set(tds.map((td) => td.getAttribute("data-trend"))),
    ]);
    expect(trends).toEqual(["new"]);
  });
});

describe("the service picker", () => {
  test("filters as you type and picks with the keyboard", async () => {
    await open();
    const picker = "[data-testid=service-picker]";
    await page.click(picker);
    await page.fill(picker, "tree-oth");
    const options = () =>
      page.$$eval("[data-testid=service-picker-options] [role=option]", (os) =>
        os.map((o) => o.getAttribute("data-name")),
      );
    await expect.poll(options).toEqual([OTHER]);
    await page.fill(picker, "ui-tree");
    await expect.poll(options).toEqual(expect.arrayContaining([SERVICE, OTHER]));
    await screenshot(page, "service-picker");
    await page.fill(picker, "zzz-nothing");
    await expect
      .poll(() => page.textContent("[data-testid=service-picker-options]"))
      .toContain("No service matches");

    await page.fill(picker, "ui-tree-");
    const names = await options();
    const target = names.indexOf(OTHER);
    const current = names.indexOf(SERVICE);
    // The list opens on the current service when it matches; the arrows move from the first row here.
    for (let i = 0; i < target; i++) await page.keyboard.press("ArrowDown");
    expect(current).toBeGreaterThanOrEqual(0);
    await expect
      .poll(() => page.getAttribute(picker, "aria-activedescendant"))
      .toBe(await page.$eval(`[data-name="${OTHER}"]`, (o) => o.id));
    await page.keyboard.press("Enter");
    await expect.poll(() => new URL(page.url()).searchParams.get("service")).toBe(OTHER);
    await page.waitForSelector(`${chart}[data-frames]`);
    await expect.poll(() => page.inputValue(picker)).toBe(OTHER);
    await page.keyboard.press("Escape");
  });
});
