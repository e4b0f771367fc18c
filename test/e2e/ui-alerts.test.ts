// Regression alerts end to end: a service whose `hot` function jumps after a deployment (posted to
// /api/v1/deployments), the evaluation run on demand, the webhook post received by a real HTTP server
// and its signature checked with node:crypto, and the UI: the /alerts page (list, compare link,
// acknowledge, settings with the signing secret shown once, read-only to non-admins) and the deployment
// marker on the service view's chart.
import { createHmac } from "node:crypto";
import { createServer, type IncomingHttpHeaders, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import postgres from "postgres";
import { afterAll, afterEach, beforeAll, describe, expect, test } from "vitest";
import type { Page } from "playwright-core";
import { apiAuth, finish, openLoggedIn, screenshot, stack, ui } from "./ui-helpers";

const SERVICE = "ui-alerts-shop";
const HOUR = 3_600_000;
const now = Date.now();
const windowStart = Math.floor(now / HOUR) * HOUR - HOUR;

let page: Page;
let close: () => Promise<void> = async () => {};
let receiver: Server;
const received: { path?: string; headers: IncomingHttpHeaders; raw: string; body: Record<string, any> }[] = [];
let secret = "";

const chTime = (t: number) => new Date(t).toISOString().slice(0, 19).replace("T", " ");

/** app → main → {steady, hot} at `t`, `hot` samples of 1000. */
function stackRows(serviceId: number, t: number, hot: number) {
  const node = (hash: number, name: string, parent: number, n: number) => ({
    Timestamp: chTime(t),
    ServiceId: serviceId,
    InstanceType: "c5.large",
    ContainerEnvName: "",
    HostName: "ip-10-9-0-1",
    ContainerName: "",
    NumSamples: n,
    CallStackHash: String(9_000_000 + serviceId * 10 + hash),
    CallStackName: name,
    CallStackParent: parent ? String(9_000_000 + serviceId * 10 + parent) : "0",
    InsertionTimestamp: chTime(now),
    ErrNumSamples: 0,
  });
  return [node(1, "app", 0, 1000), node(2, "main", 1, 1000), node(3, "steady", 2, 1000 - hot), node(4, "hot_[p]", 2, hot)];
}

async function api(method: string, path: string, body?: unknown) {
  const res = await fetch(`${stack.uiUrl}${path}`, {
    method,
    headers: { ...(await apiAuth()), ...(body === undefined ? {} : { "content-type": "application/json" }) },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await res.text();
  return { status: res.status, body: text ? JSON.parse(text) : null };
}

beforeAll(async () => {
  receiver = createServer((req, res) => {
    let data = "";
    req.on("data", (chunk) => (data += chunk));
    req.on("end", () => {
      received.push({ path: req.url, headers: req.headers, raw: data, body: JSON.parse(data) });
      res.writeHead(200).end("ok");
    });
  });
  await new Promise<void>((resolve) => receiver.listen(0, "127.0.0.1", resolve));
  const port = (receiver.address() as AddressInfo).port;

  const sql = postgres(stack.postgresUrl, { onnotice: () => {} });
  const [{ id }] = await sql`INSERT INTO services (name) VALUES (${SERVICE}) RETURNING id`;
  await sql.end();
  const serviceId = Number(id);
  // The baseline: every 4th hour of the last week at 10% `hot`; the last complete hour: 60%.
  const rows = [
    ...Array.from({ length: 42 }, (_, i) => stackRows(serviceId, windowStart - (i * 4 + 1) * HOUR + 5 * 60_000, 100)),
    stackRows(serviceId, windowStart + 40 * 60_000, 600),
  ].flat();
  const insert = new URLSearchParams({ query: "INSERT INTO flamedb.samples FORMAT JSONEachRow" });
  const res = await fetch(`${stack.clickhouseUrl}/?${insert}`, { method: "POST", body: rows.map((r) => JSON.stringify(r)).join("\n") });
  expect(res.status, await res.text()).toBe(200);

  const deployment = await api("POST", "/api/v1/deployments", {
    serviceName: SERVICE,
    version: "2.4.1",
    time: new Date(windowStart + 20 * 60_000).toISOString(),
    description: "checkout rewrite",
    commit: "9f3c2ab",
  });
  expect(deployment.status).toBe(201);
  const settings = await api("PUT", `/api/alerts/settings?serviceName=${SERVICE}`, {
    enabled: true,
    minSelfDelta: 0.02,
    minTotalDelta: 0.05,
    minRatio: 1.5,
    minSamples: 500,
    topFunctions: 200,
    webhookUrl: `http://127.0.0.1:${port}/hooks/studio`,
  });
  expect(settings.status, JSON.stringify(settings.body)).toBe(200);
  secret = settings.body.webhookSecret;
  expect(secret).toMatch(/^whsec_[0-9a-f]{64}$/);
});

afterAll(() => new Promise<void>((resolve) => (receiver ? receiver.close(() => resolve()) : resolve())));
afterEach(({ task }) => finish(page, close, task));

describe("regression alerts", () => {
  test("the evaluation records one alert citing the deployment and posts it to the webhook", async () => {
    const run = await api("POST", "/api/alerts/evaluate");
    expect(run.status, JSON.stringify(run.body)).toBe(200);
    expect(run.body.hours[0].start).toBe(new Date(windowStart).toISOString().replace(".000Z", "+00:00"));
    const again = await api("POST", "/api/alerts/evaluate");
    expect(again.status).toBe(200);

    const posts = received.filter((r) => r.body.service === SERVICE);
    expect(posts).toHaveLength(1);
    const [post] = posts;
    expect(post.path).toBe("/hooks/studio");
    expect(post.body).toMatchObject({
      function: "hot_[p]",
      deployment: { version: "2.4.1", description: "checkout rewrite", commit: "9f3c2ab" },
    });
    expect(post.body.self.before).toBeCloseTo(0.1);
    expect(post.body.self.after).toBeCloseTo(0.6);
    const permalink = new URL(post.body.permalink);
    expect(permalink.pathname).toBe("/compare");
    expect(permalink.searchParams.get("cStartTime")).toBe(new Date(windowStart).toISOString());
    // The receiver's checks (workers/api/README.md): signed with the secret, recently, over this body.
    const [, t, v1] = /^t=(\d+),v1=([0-9a-f]{64})$/.exec(String(post.headers["x-studio-signature"]))!;
    expect(Math.abs(Date.now() / 1000 - Number(t))).toBeLessThan(300);
    expect(createHmac("sha256", secret).update(`${t}.${post.raw}`).digest("hex")).toBe(v1);
    expect(createHmac("sha256", secret).update(`${t}.${post.raw.replace("hot_[p]", "cold")}`).digest("hex")).not.toBe(v1);

    const alerts = await api("GET", `/api/alerts?serviceName=${SERVICE}`);
    expect(alerts.body).toHaveLength(1);
    expect(post.headers["x-studio-delivery"]).toBe(alerts.body[0].deliveryId);
  });

  test("the alerts page lists it, links to the differential flamegraph and acknowledges it", async () => {
    ({ page, close } = await openLoggedIn(ui("/alerts", { service: SERVICE })));
    const row = page.locator("[data-testid=alerts-table] tbody tr");
    await row.first().waitFor({ timeout: 30_000 });
    expect(await row.count()).toBe(1);
    expect(await row.textContent()).toMatch(/hot_\[p\].*10\.0% → 60\.0%.*2\.4\.1/);
    await page.locator("[data-testid=alert-settings] form").waitFor();
    await screenshot(page, "alerts");

    const href = await page.getAttribute("[data-testid=alert-compare]", "href");
    const compare = new URL(href!, stack.uiUrl);
    expect(compare.pathname).toBe("/compare");
    expect(compare.searchParams.get("service")).toBe(SERVICE);
    expect(compare.searchParams.get("fn")).toBe("hot_[p]");

    await page.click("[data-testid=alert-ack]");
    await page.waitForSelector("[data-testid=alerts-state-message]");
    expect(await page.textContent("[data-testid=alerts-state-message]")).toContain("No open alerts");
    await page.selectOption("[data-testid=alerts-state]", "acknowledged");
    await page.waitForSelector("[data-testid=alerts-table] tr[data-state=acknowledged]");
    expect(await page.textContent("[data-testid=alerts-table] tbody")).toContain("acknowledged by admin");
  });

  test("the settings form saves the service's thresholds; bad webhooks are refused", async () => {
    ({ page, close } = await openLoggedIn(ui("/alerts", { service: SERVICE })));
    await page.waitForSelector("[data-testid=alert-settings-source]");
    expect(await page.textContent("[data-testid=alert-settings-source]")).toContain("its own settings");
    await page.fill("[data-testid=alert-webhook]", "http://hooks.example.com/x");
    await page.click("[data-testid=alert-settings-save]");
    await expect.poll(() => page.textContent("[data-testid=alert-settings-status]")).toMatch(/https/);
    await page.fill("input[name=minRatio]", "3");
    await page.fill("[data-testid=alert-webhook]", "https://hooks.example.com/x");
    await page.click("[data-testid=alert-settings-save]");
    await expect.poll(() => page.textContent("[data-testid=alert-settings-status]")).toBe("Saved");
    const saved = await api("GET", `/api/alerts/settings?serviceName=${SERVICE}`);
    expect(saved.body.settings).toMatchObject({ minRatio: 3, webhookUrl: "https://hooks.example.com/x" });
    // A new URL: its signing secret, shown once; rotating shows another.
    const shown = page.locator("[data-testid=alert-webhook-secret-value]");
    const first = await shown.textContent();
    expect(first).toMatch(/^whsec_[0-9a-f]{64}$/);
    await page.click("[data-testid=alert-rotate-secret]");
    await expect.poll(() => shown.textContent()).not.toBe(first);
    expect(await shown.textContent()).toMatch(/^whsec_[0-9a-f]{64}$/);
    await page.reload();
    await page.waitForSelector("[data-testid=alert-settings-source]");
    expect(await page.locator("[data-testid=alert-webhook-secret]").count()).toBe(0);
  });

  test("other users see the settings read-only", async () => {
    const username = `alerts-viewer-${Date.now().toString(36)}`;
    const created = await api("POST", "/api/users", { username, password: "viewer-password-1", isAdmin: false });
    expect(created.status, JSON.stringify(created.body)).toBe(201);
    ({ page, close } = await openLoggedIn(ui("/alerts", { service: SERVICE }), {
      user: { username, password: "viewer-password-1" },
    }));
    await page.waitForSelector("[data-testid=alert-settings-readonly]");
    expect(await page.locator("[data-testid=alert-settings-save]").count()).toBe(0);
    expect(await page.locator("[data-testid=alert-rotate-secret]").count()).toBe(0);
    expect(await page.isDisabled("[data-testid=alert-webhook]")).toBe(true);
    expect(await page.inputValue("input[name=minRatio]")).toBe("3");
  });

  test("the service view's chart marks the deployment with its version", async () => {
    ({ page, close } = await openLoggedIn(ui("/profiles", { service: SERVICE, view: "service", gtab: "3", time: "1d" }), {
      viewport: { width: 1400, height: 700 },
    }));
    const marker = page.locator("[data-testid=service-chart] [data-testid=chart-marker]");
    await marker.first().waitFor({ timeout: 30_000 });
    expect(await marker.first().textContent()).toContain("2.4.1");
    await screenshot(page, "service-deployments");
  });
});
