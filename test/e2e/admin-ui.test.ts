// The administrators' pages against the real stack: a service's downsampling threshold set in the UI
// drops that share of the agent's uploads before storage (deterministic at the ends: 100% drops every
// upload, 0% keeps every one), and the Status page shows the checks of GET /api/admin/status.
import postgres from "postgres";
import { afterAll, afterEach, beforeAll, describe, expect, test } from "vitest";
import type { Page } from "playwright-core";
import { SimulatedAgent } from "../../scripts/lib/agent.mjs";
import { hashPassword } from "../../scripts/lib/bootstrap.mjs";
import { readR2Objects } from "./helpers";
import { apiAuth, finish, openLoggedIn, screenshot, stack, ui, variantProfile } from "./ui-helpers";

const SERVICE = "admin-downsampled";
// A machine of its own: an agent process stays filed under the service of its machine's first upload.
const HOST = "ip-10-7-0-1";
const agent = new SimulatedAgent({ serverUrl: stack.ingestUrl, token: stack.agentToken, serviceName: SERVICE, hostname: HOST });
const upload = async () => expect((await agent.uploadProfile({ profile: variantProfile({ hostname: HOST }) })).status).toBe(200);
const sql = postgres(stack.postgresUrl, { onnotice: () => {} });
afterAll(() => sql.end());

let page: Page;
let close: () => Promise<void> = async () => {};
afterEach(({ task }) => finish(page, close, task));

const storedProfiles = async () => (await readR2Objects(stack.dataDir, `products/${SERVICE}/stacks/`)).length;

beforeAll(async () => {
  await upload(); // the agent's first upload creates the service
});

describe("downsampling", () => {
  test("100% set in the UI drops every following upload; 0% from the admin API keeps every one", async () => {
    expect(await storedProfiles()).toBe(1);
    ({ page, close } = await openLoggedIn(ui("/overview")));
    await page.click("[data-testid=nav-admin]");
    await page.waitForSelector("[data-testid=admin-status]");
    await page.click("text=Service settings");
    await page.waitForSelector("[data-testid=admin-services]");
    await page.click("[data-testid=service-picker]");
    await page.fill("[data-testid=service-picker]", SERVICE);
    await page.click(`[data-testid=service-picker-options] [data-name="${SERVICE}"]`);
    await expect.poll(() => page.inputValue("[data-testid=threshold-input]"), { timeout: 15_000 }).toBe("0");
    expect(await page.textContent("[data-testid=threshold-description]")).toBe("Every upload is kept.");

    await page.fill("[data-testid=threshold-input]", "150");
    expect(await page.isDisabled("[data-testid=threshold-save]")).toBe(true);
    await page.fill("[data-testid=threshold-input]", "100");
    await page.click("[data-testid=threshold-save]");
    await expect.poll(() => page.textContent("[data-testid=threshold-result]"), { timeout: 15_000 }).toBe("Saved: 100% dropped from the next upload on.");
    const [row] = await sql`SELECT profiler_sample_threshold AS t FROM services WHERE name = ${SERVICE}`;
    expect(row.t).toBe(1);
    await page.fill("[data-testid=threshold-input]", "25");
    await screenshot(page, "admin-services");

    for (let i = 0; i < 5; i++) await upload();
    expect(await storedProfiles()).toBe(1);

    const headers = { ...(await apiAuth()), "content-type": "application/json" };
    const res = await fetch(ui(`/api/admin/services/${SERVICE}/settings`), {
      method: "PUT",
      headers,
      body: JSON.stringify({ sampleThreshold: 0 }),
    });
    expect([res.status, await res.json()]).toEqual([200, { name: SERVICE, sampleThreshold: 0 }]);
    for (let i = 0; i < 3; i++) await upload();
    expect(await storedProfiles()).toBe(4);

    await page.reload();
    await expect.poll(() => page.inputValue("[data-testid=threshold-input]"), { timeout: 15_000 }).toBe("0");
  });
});

describe("status page", () => {
  test("lists every check with its state, failing ones first", async () => {
    ({ page, close } = await openLoggedIn(ui("/admin/status")));
    await page.waitForSelector("[data-testid=status-table]");
    for (const id of ["postgres", "clickhouse", "clock", "r2", "queue", "dead-letters", "alerts", `index:${SERVICE}`]) {
      expect([id, await page.getAttribute(`[data-check="${id}"]`, "data-level")]).toEqual([id, expect.stringMatching(/^(ok|warn)$/)]);
    }
    expect(await page.getAttribute("[data-check=postgres]", "data-level")).toBe("ok");
    expect(await page.textContent("[data-check=clickhouse]")).toContain("schema at version 12");
    const levels = await page.$$eval("[data-testid=status-table] tbody tr", (rows) => rows.map((r) => r.getAttribute("data-level")));
    const rank = (l: string | null) => ["fail", "warn", "ok"].indexOf(l ?? "");
    expect(levels).toEqual([...levels].sort((a, b) => rank(a) - rank(b)));
    await screenshot(page, "admin-status");
  });

  test("a user who is not an administrator has no Admin link and is refused the page", async () => {
    const username = `not-admin-${Date.now()}`;
    await sql`INSERT INTO users (username, password_hash, is_admin) VALUES (${username}, ${hashPassword("not-an-admin")}, false)`;
    ({ page, close } = await openLoggedIn(ui("/overview"), { user: { username, password: "not-an-admin" } }));
    await page.waitForSelector("[data-testid=topnav]");
    expect(await page.$("[data-testid=nav-admin]")).toBeNull();
    await page.goto(ui("/admin/status"));
    await expect.poll(() => page.textContent("[data-testid=status-state]"), { timeout: 15_000 }).toContain("Administrators only");
  });
});
