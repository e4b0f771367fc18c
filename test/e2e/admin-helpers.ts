// Helpers of the operator tests (doctor, admin-ui): the agent fixture, and a Chromium page signed in as
// any user. The fixture is read from ../shared beside the checkout, or /work/shared from a git worktree
// (ui-helpers reads it at import time and so cannot load there).
import { createHash } from "node:crypto";
import { existsSync, readFileSync } from "node:fs";
import { expect, inject } from "vitest";
import { openBrowser } from "./helpers";

const stack = inject("stack");

/**
 * The agent fixture as sent from machine `hostname` (its header names the host and MAC): the studio files
 * an agent process under the service of its machine's first upload, so each test service needs its own.
 */
export function fixtureProfile(hostname: string): string {
  const beside = new URL("../../../shared/testdata/test_stackfile", import.meta.url);
  const [header, ...lines] = readFileSync(existsSync(beside) ? beside : "/work/shared/testdata/test_stackfile", "utf8").split("\n");
  const meta = JSON.parse(header.slice(2));
  const mac = createHash("md5").update(hostname).digest("hex").slice(0, 10).match(/../g)!.join(":");
  Object.assign(meta.metadata, { hostname, mac_address: `0E:${mac}`.toUpperCase() });
  return [`# ${JSON.stringify(meta)}`, ...lines].join("\n");
}

/** A browser page with the session cookie of `username` (the api's login route, as the UI posts it). */
export async function openLoggedInAs(username: string, password: string) {
  const login = await fetch(`${stack.uiUrl}/api/auth/login`, {
    method: "POST",
    headers: { "content-type": "application/json", origin: stack.uiUrl },
    body: JSON.stringify({ username, password }),
  });
  expect(login.status).toBe(200);
  const cookie = login.headers.get("set-cookie")!.split(";")[0];
  const split = cookie.indexOf("=");
  const browser = await openBrowser();
  await browser.page.context().addCookies([{ name: cookie.slice(0, split), value: cookie.slice(split + 1), url: stack.uiUrl }]);
  return browser;
}
