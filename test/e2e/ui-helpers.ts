// Helpers of the UI and operator tests: real agent uploads of the fixture profile (and variants of it
// for a second host or a changed workload), a Chromium page signed in as any user, and page screenshots.
import { createHash } from "node:crypto";
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { expect, inject } from "vitest";
import type { Page } from "playwright-core";
import { SimulatedAgent } from "../../scripts/lib/agent.mjs";
import { ensureAdminUser } from "../../scripts/lib/bootstrap.mjs";
import { ensureDir, eventually, openBrowser } from "./helpers";

export const stack = inject("stack");
export const PASSWORD = "ui-tests-admin-password";

/** The agent fixture, from ../shared beside the checkout or, from a git worktree, /work/shared. */
const BESIDE = new URL("../../../shared/testdata/test_stackfile", import.meta.url);
export const FIXTURE = readFileSync(existsSync(BESIDE) ? BESIDE : "/work/shared/testdata/test_stackfile", "utf8");

export interface Machine {
  hostname: string;
  instanceType?: string;
}

/**
 * The fixture as another machine would send it (its header names the host, MAC and instance), with the
 * counts of stacks matching `scale.match` multiplied, to make a workload that grew there. Each test
 * service gets machines of its own: the studio files an agent process under the service of the
 * machine's latest upload, so a shared machine would move between services.
 */
export function variantProfile(
  { hostname, instanceType = "t2.medium" }: Machine,
  scale?: { match: RegExp; factor: number },
): string {
  const [header, ...lines] = FIXTURE.split("\n");
  const meta = JSON.parse(header.slice(2));
  const mac =
    `0E:${createHash("md5").update(hostname).digest("hex").slice(0, 10).match(/../g)!.join(":")}`.toUpperCase();
  Object.assign(meta.metadata, { hostname, mac_address: mac });
  meta.metadata.cloud_info = {
    ...meta.metadata.cloud_info,
    instance_type: instanceType,
    instance_id: `i-${hostname}`,
  };
  const body = lines.map((line) => {
    if (!scale || !scale.match.test(line)) return line;
    const at = line.lastIndexOf(" ");
    return `${line.slice(0, at)} ${Number(line.slice(at + 1)) * scale.factor}`;
  });
  return [`# ${JSON.stringify(meta)}`, ...body].join("\n");
}

/** One agent upload of the fixture from `machine`, covering the minute from `startTime`. */
export async function upload(
  service: string,
  machine: Machine,
  startTime: Date,
  scale?: { match: RegExp; factor: number },
) {
  const profile = variantProfile(machine, scale);
  const agent = new SimulatedAgent({
    serverUrl: stack.ingestUrl,
    token: stack.agentToken,
    serviceName: service,
    hostname: machine.hostname,
  });
  const res = await agent.uploadProfile({
    profile,
    startTime,
    endTime: new Date(startTime.getTime() + 60_000),
  });
  expect(res.status, JSON.stringify(res.body)).toBe(200);
  return agent;
}

/** Basic-auth header of the UI user, for the test's own api calls. */
export async function apiAuth(): Promise<Record<string, string>> {
  await ensureAdminUser(stack.postgresUrl, { password: PASSWORD });
  return { authorization: `Basic ${Buffer.from(`admin:${PASSWORD}`).toString("base64")}` };
}

/** Waits until the indexer has made the service's data queryable over [start, end]. */
export async function waitForFlamegraph(service: string, start: Date, end: Date, minSamples = 1) {
  const headers = await apiAuth();
  const query = new URLSearchParams({
    serviceName: service,
    startTime: start.toISOString(),
    endTime: end.toISOString(),
  });
  return eventually(async () => {
    const res = await fetch(`${stack.uiUrl}/api/flamegraph?${query}`, { headers });
    expect(res.status).toBe(200);
    const body = (await res.json()) as { value: number };
    expect(body.value).toBeGreaterThanOrEqual(minSamples);
    return body.value;
  }, 90_000);
}

export interface Credentials {
  username: string;
  password: string;
}

/**
 * The session cookie (`name=value`) of a UI user, the admin by default, from the api's login route as the
 * login page posts it.
 */
export async function sessionCookie(user?: Credentials): Promise<string> {
  if (!user) await ensureAdminUser(stack.postgresUrl, { password: PASSWORD });
  const { username, password } = user ?? { username: "admin", password: PASSWORD };
  const login = await fetch(`${stack.uiUrl}/api/auth/login`, {
    method: "POST",
    headers: { "content-type": "application/json", origin: stack.uiUrl },
    body: JSON.stringify({ username, password }),
  });
  expect(login.status).toBe(200);
  return login.headers.get("set-cookie")!.split(";")[0];
}

/**
 * A Chromium page signed in as `user` (the admin by default) with the clipboard allowed, at `url` when
 * given (after `viewport` is set).
 */
export async function openLoggedIn(
  url?: string,
  { user, viewport }: { user?: Credentials; viewport?: { width: number; height: number } } = {},
): Promise<{ page: Page; close: () => Promise<void> }> {
  const cookie = await sessionCookie(user);
  const split = cookie.indexOf("=");
  const browser = await openBrowser();
  const context = browser.page.context();
  await context.addCookies([{ name: cookie.slice(0, split), value: cookie.slice(split + 1), url: stack.uiUrl }]);
  await context.grantPermissions(["clipboard-read", "clipboard-write"], { origin: stack.uiUrl });
  if (viewport) await browser.page.setViewportSize(viewport);
  if (url) await browser.page.goto(url);
  return browser;
}

/**
 * Screenshots go to the stack's data dir; with STUDIO_UPDATE_SCREENSHOTS=1 they replace the ones in
 * docs/screenshots/ that the README shows.
 */
export async function screenshot(page: Page, name: string) {
  const dir = process.env.STUDIO_UPDATE_SCREENSHOTS
    ? new URL("../../docs/screenshots/", import.meta.url).pathname
    : ensureDir(join(stack.dataDir, "screenshots"));
  await page.waitForTimeout(400); // let transitions (zoom, d3's 250 ms) settle
  await page.screenshot({ path: join(dir, `${name}.png`) });
}

export const minutesAgo = (m: number) => new Date(Date.now() - m * 60_000);

/** `/path?params` on the UI. */
export const ui = (path: string, params: Record<string, string> = {}) => {
  const search = new URLSearchParams(params).toString();
  return `${stack.uiUrl}${path}${search ? `?${search}` : ""}`;
};

/** After each test: a screenshot of a failed test's page (in the data dir, for diagnosis), then close. */
export async function finish(
  page: Page | undefined,
  close: () => Promise<void>,
  task: { name: string; result?: { state?: string } },
) {
  if (page && task.result?.state === "fail") {
    const path = join(
      ensureDir(join(stack.dataDir, "screenshots")),
      `failed-${task.name.replace(/\W+/g, "-").slice(0, 60)}.png`,
    );
    await page.screenshot({ path, fullPage: true }).catch(() => {});
  }
  await close();
}
