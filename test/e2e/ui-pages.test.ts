// The other pages against the real stack: login (and back to where the user was going), overview,
// installation (with the real API key in every command), welcome, and the agents' log lines.
import { afterEach, beforeAll, describe, expect, test } from "vitest";
import type { Page } from "playwright-core";
import { SimulatedAgent } from "../../scripts/lib/agent.mjs";
import { openBrowser } from "./helpers";
import {
  apiAuth,
  finish,
  minutesAgo,
  openLoggedIn,
  PASSWORD,
  screenshot,
  stack,
  ui,
  upload,
  waitForFlamegraph,
} from "./ui-helpers";

const SERVICE = "ui-pages";

let page: Page;
let close: () => Promise<void> = async () => {};

beforeAll(async () => {
  await upload(SERVICE, { hostname: "ip-10-2-0-1" }, minutesAgo(20));
  await waitForFlamegraph(SERVICE, minutesAgo(60), minutesAgo(1));
});

afterEach(({ task }) => finish(page, close, task));

describe("login", () => {
  test("a signed-out visit goes to the login page, and signing in comes back to the same URL", async () => {
    await apiAuth(); // the admin user exists with the test password
    ({ page, close } = await openBrowser());
    const target = ui("/profiles", { service: SERVICE, search: "perf" });
    await page.goto(target);
    await page.waitForSelector("[data-testid=login-form]");
    expect(new URL(page.url()).pathname).toBe("/login");
    await screenshot(page, "login");
    await page.fill("[data-testid=login-username]", "admin");
    await page.fill("[data-testid=login-password]", "wrong password");
    await page.click("[data-testid=login-submit]");
    await expect
      .poll(() => page.textContent("[data-testid=login-error]"))
      .toBe("Invalid username or password");
    await page.fill("[data-testid=login-password]", PASSWORD);
    await page.click("[data-testid=login-submit]");
    await page.waitForURL(target);
    await page.waitForSelector("[data-testid=flamegraph][data-frames]", { timeout: 30_000 });
    expect(await page.textContent("[data-testid=user]")).toContain("admin");
    await page.click("[data-testid=logout]");
    await page.waitForSelector("[data-testid=login-form]");
    await page.goto(ui("/overview"));
    await page.waitForSelector("[data-testid=login-form]");
  });
});

describe("pages", () => {
  test("overview lists the service with its hosts, and links to its profiles", async () => {
    ({ page, close } = await openLoggedIn(ui("/overview")));
    const row = await page.waitForSelector(`[data-testid=overview-table] tr[data-service=${SERVICE}]`);
    expect(await row.textContent()).toContain("1.35.0");
    await page.fill("[data-testid=overview-search]", "^ui-pag");
    await expect
      .poll(() => page.$$eval("[data-testid=overview-table] tbody tr", (rows) => rows.length))
      .toBe(1);
    await screenshot(page, "overview");
    await page.click(`[data-testid=overview-table] tr[data-service=${SERVICE}] a`);
    await page.waitForSelector("[data-testid=flamegraph][data-frames]", { timeout: 30_000 });
    expect(new URL(page.url()).searchParams.get("service")).toBe(SERVICE);
  });

  test("installation: every command carries the user's API key, service name and agents' URL", async () => {
    const key = (
      (await (await fetch(`${stack.uiUrl}/api/api_key`, { headers: await apiAuth() })).json()) as {
        apiKey: string;
      }
    ).apiKey;
    expect(key).toMatch(/^\S{20,}$/);
    ({ page, close } = await openLoggedIn(ui("/installation", { service: "checkout-api" })));
    await expect.poll(() => page.textContent("[data-testid=api-key]")).toBe(key);
    const docker = await page.textContent("[data-testid=install-code-0]");
    expect(docker).toContain(`--token="${key}"`);
    expect(docker).toContain(`--service-name="checkout-api"`);
    expect(docker).toMatch(/--server-host "http:\/\/127\.0\.0\.1:\d+"/);
    await screenshot(page, "installation");
    for (const method of ["binary", "helm", "ansible"]) {
      await page.click(`[data-method=${method}]`);
      await expect.poll(() => page.textContent("[data-testid=install-commands]")).toContain(key);
    }
    // The DaemonSet is the api's rendered template: the key and the service are in the file.
    await page.click("[data-method=k8s]");
    const file = await page.waitForSelector(
      "[data-testid=install-file-daemon_set] pre, [data-testid=install-file-daemon_set] .form-error",
    );
    expect(await file.textContent()).toContain(key);
    expect(await file.textContent()).toContain("checkout-api");
    await page.fill("[data-testid=install-service]", "bad name!");
    await expect.poll(() => page.textContent("[data-testid=service-problems]")).toContain("Only letters");
  });

  test("welcome offers the way in", async () => {
    ({ page, close } = await openLoggedIn(ui("/welcome")));
    await page.waitForSelector("[data-testid=welcome]");
    await page.click("[data-testid=welcome-explain]");
    await page.waitForSelector(".modal");
    await page.keyboard.press("Escape");
    await page.click(".modal .btn");
    await screenshot(page, "welcome");
    await page.click("[data-testid=welcome-install]");
    await page.waitForSelector("[data-testid=installation]");
  });

  test("agent logs: the lines an agent shipped, filtered by severity and text", async () => {
    const agent = new SimulatedAgent({
      serverUrl: stack.ingestUrl,
      token: stack.agentToken,
      serviceName: SERVICE,
    });
    const now = Date.now();
    const record = (severity: number, message: string, ago: number) => ({
      severity,
      timestamp: now - ago,
      text: {
        logger_name: "gprofiler",
        message,
        lineno: 1,
        pathname: "main.py",
        funcname: "main",
        extra: { cycle_id: "c1" },
      },
    });
    const sent = await agent.sendLogs([
      record(3, "Profiling cycle started", 30_000),
      record(5, "Failed to upload profile: timeout", 20_000),
      record(4, "perf took too long", 10_000),
    ]);
    expect(sent.status).toBe(201);
    ({ page, close } = await openLoggedIn(ui("/agent-logs", { service: SERVICE, time: "1h" })));
    await expect
      .poll(
        async () => {
          await page.click("[aria-label=Refresh]");
          await page.waitForSelector(
            "[data-testid=logs-table], [data-testid=logs-state]:not([data-state=loading])",
          );
          return page.$$eval("[data-testid=logs-table] tbody tr", (rows) => rows.length);
        },
        { timeout: 60_000, interval: 2000 },
      )
      .toBe(3);
    expect(await page.textContent("[data-testid=logs-table]")).toContain("Failed to upload profile: timeout");
    await screenshot(page, "agent-logs");
    await page.selectOption("[data-testid=logs-severity]", "5");
    await expect
      .poll(() => page.$$eval("[data-testid=logs-table] tbody tr", (rows) => rows.map((r) => r.textContent)))
      .toEqual([expect.stringContaining("Failed to upload")]);
    await page.fill("[data-testid=logs-search]", "nothing like this");
    await page.keyboard.press("Enter");
    await page.waitForSelector("[data-testid=logs-state][data-state=empty]");
  });
});
