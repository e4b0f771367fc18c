// Share links and the admin pages against the real stack: a link made on the profiles page opens in a
// fresh browser without login and shows the frozen graph; an agent key made on the keys page uploads,
// and once revoked it is refused at ingest; the users page creates a user who can sign in.
import { afterEach, beforeAll, describe, expect, test } from "vitest";
import type { Page } from "playwright-core";
import { SimulatedAgent } from "../../scripts/lib/agent.mjs";
import { eventually, openBrowser } from "./helpers";
import {
  finish,
  FIXTURE,
  minutesAgo,
  openLoggedIn,
  screenshot,
  stack,
  ui,
  upload,
  waitForFlamegraph,
} from "./ui-helpers";

const SERVICE = "ui-share";

let page: Page;
let close: () => Promise<void> = async () => {};

beforeAll(async () => {
  await upload(SERVICE, { hostname: "ip-10-3-0-1" }, minutesAgo(20));
  await waitForFlamegraph(SERVICE, minutesAgo(60), minutesAgo(1));
});

afterEach(({ task }) => finish(page, close, task));

describe("share links", () => {
  test("a link made on the profiles page opens without login and shows the frozen graph with its search", async () => {
    ({ page, close } = await openLoggedIn(ui("/profiles", { service: SERVICE, time: "1h", search: "python" })));
    await page.waitForSelector("[data-testid=flamegraph][data-frames]", { timeout: 30_000 });
    const frames = Number(await page.getAttribute("[data-testid=flamegraph]", "data-frames"));
    await page.click("[data-testid=share-button]");
    await page.selectOption("[data-testid=share-expiry]", "7");
    await page.click("[data-testid=share-create]");
    const link = await eventually(async () => {
      const value = await page.inputValue("[data-testid=share-link]");
      expect(value).toMatch(/\/share\/[\w-]{43}$/);
      return value;
    }, 30_000);
    await screenshot(page, "share-dialog");
    await close();

    // A fresh browser: no cookie, no login.
    ({ page, close } = await openBrowser());
    await page.goto(link);
    await page.waitForSelector("[data-testid=flamegraph][data-frames]", { timeout: 30_000 });
    expect(new URL(page.url()).pathname).toBe(new URL(link).pathname);
    expect(await page.textContent("[data-testid=share-service]")).toBe(SERVICE);
    expect(await page.textContent("[data-testid=share-redacted]")).toBe("Not redacted");
    const expires = await page.textContent("[data-testid=share-expires]");
    expect(expires).not.toBe("never");
    expect(Number(await page.getAttribute("[data-testid=flamegraph]", "data-frames"))).toBe(frames);
    expect(await page.inputValue("[data-testid=flamegraph-search]")).toBe("python");
    await expect.poll(() => page.textContent("[data-testid=search-stats]")).toMatch(/Matched: [\d.]+%/);
    expect(await page.locator("[data-testid=topnav]").count()).toBe(0);
    await screenshot(page, "share");

    // Zoom works on the frozen graph: clicking a frame narrows the view.
    await page.locator("[data-testid=flamegraph] g.frame").nth(1).click();
    await expect.poll(() => page.locator("[data-testid=zoom-info]").count()).toBeGreaterThan(0);

    // Everything else still needs a login, and a made-up link is "no such share".
    await page.goto(ui("/profiles", { service: SERVICE }));
    await page.waitForSelector("[data-testid=login-form]");
    await page.goto(ui(`/share/${"x".repeat(43)}`));
    await expect.poll(() => page.textContent("[data-testid=share-page]")).toContain("No such share");
  });

  test("a compare page share shows the differential graph of both windows", async () => {
    ({ page, close } = await openLoggedIn(ui("/compare", { service: SERVICE, time: "1h", cService: SERVICE, cTime: "6h" })));
    await page.waitForSelector("[data-testid=flamegraph-diff][data-frames]", { timeout: 30_000 });
    await page.click("[data-testid=share-button]");
    await page.click("[data-testid=share-create]");
    const link = await eventually(async () => {
      const value = await page.inputValue("[data-testid=share-link]");
      expect(value).toMatch(/\/share\/[\w-]{43}$/);
      return value;
    }, 30_000);
    await close();

    ({ page, close } = await openBrowser());
    await page.goto(link);
    await page.waitForSelector("[data-testid=flamegraph][data-frames]", { timeout: 30_000 });
    expect(await page.textContent("[data-testid=share-compared]")).toContain(SERVICE);
    expect(await page.locator("[data-testid=diff-legend], [data-testid=legend]").count()).toBe(0);
  });
});

describe("admin pages", () => {
  test("an agent key made on the keys page uploads; revoked, ingest refuses it within seconds", async () => {
    ({ page, close } = await openLoggedIn());
    page.on("dialog", (dialog) => dialog.accept());
    await page.goto(ui("/admin/tokens"));
    await page.waitForSelector("[data-testid=tokens-table]");
    const name = `e2e key ${Date.now()}`;
    await page.fill("[data-testid=token-name]", name);
    await page.fill("[data-testid=token-service]", "ui-token-svc");
    await page.click("[data-testid=token-create]");
    const token = (await eventually(() => page.textContent("[data-testid=token-value]"), 15_000))!;
    expect(token).toMatch(/^[\w-]{43}$/);
    const row = page.locator(`tr[data-token="${name}"]`);
    await expect.poll(() => row.getAttribute("data-state")).toBe("active");
    await screenshot(page, "admin-tokens");

    const agent = new SimulatedAgent({ serverUrl: stack.ingestUrl, token, serviceName: "ui-token-svc" });
    const accepted = await agent.uploadProfile({
      profile: FIXTURE,
      startTime: minutesAgo(5),
      endTime: minutesAgo(4),
    });
    expect(accepted.status, JSON.stringify(accepted.body)).toBe(200);
    // Scoped: another service is refused.
    const other = new SimulatedAgent({ serverUrl: stack.ingestUrl, token, serviceName: "another-svc" });
    expect((await other.uploadProfile({ profile: FIXTURE })).status).toBe(403);

    await row.locator("[data-testid=token-revoke]").click();
    await expect.poll(() => row.getAttribute("data-state")).toBe("revoked");
    // The ingest Worker caches a key's answer for at most 5 s.
    const refused = await eventually(async () => {
      const res = await agent.uploadProfile({
        profile: FIXTURE,
        startTime: minutesAgo(3),
        endTime: minutesAgo(2),
      });
      expect(res.status).toBe(400);
      return res;
    }, 15_000);
    expect(refused.body).toEqual({ message: "Invalid API key" });
    const logs = await agent.sendLogs([]);
    expect(logs.status).toBe(401);
  });

  test("the users page creates a user who can sign in", async () => {
    ({ page, close } = await openLoggedIn(ui("/admin/users")));
    await page.waitForSelector("[data-testid=users-table]");
    const username = `e2e-user-${Date.now().toString(36)}`;
    await page.fill("[data-testid=user-name]", username);
    await page.fill("[data-testid=user-password]", "e2e-password-1");
    await page.click("[data-testid=user-create]");
    await page.waitForSelector(`tr[data-user="${username}"]`);
    await screenshot(page, "admin-users");
    const login = await fetch(`${stack.uiUrl}/api/auth/login`, {
      method: "POST",
      headers: { "content-type": "application/json", origin: stack.uiUrl },
      body: JSON.stringify({ username, password: "e2e-password-1" }),
    });
    expect(login.status).toBe(200);
    expect(await login.json()).toEqual({ username, isAdmin: false });
  });
});
