// Helpers of the operator tests (doctor, admin-ui): the agent fixture, and a Chromium page signed in as
// any user. The fixture is read from ../shared beside the checkout, or /work/shared from a git worktree
// (ui-helpers reads it at import time and so cannot load there).
import { existsSync, readFileSync } from "node:fs";
import { expect, inject } from "vitest";
import { openBrowser } from "./helpers";

const stack = inject("stack");

export function fixtureProfile(): string {
  const beside = new URL("../../../shared/testdata/test_stackfile", import.meta.url);
  return readFileSync(existsSync(beside) ? beside : "/work/shared/testdata/test_stackfile", "utf8");
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
