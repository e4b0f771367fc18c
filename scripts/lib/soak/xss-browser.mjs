// The profiles page in Debian's Chromium, showing frames named with markup: the page must draw them as
// text (the payloads readable in the page, no element injected, no script run).
import { existsSync } from "node:fs";
import { CHROMIUM, launchChromium } from "../chromium.mjs";

export async function xssShownAsText({ uiUrl, session, service, range, payloads }) {
  if (!existsSync(CHROMIUM)) return { ok: false, detail: "no Chromium at /usr/bin/chromium" };
  const browser = await launchChromium();
  try {
    const page = await browser.newPage({ viewport: { width: 1400, height: 900 } });
    const [name, value] = [session.slice(0, session.indexOf("=")), session.slice(session.indexOf("=") + 1)];
    await page.context().addCookies([{ name, value, url: uiUrl }]);
    let alerts = 0;
    page.on("dialog", (dialog) => {
      alerts++;
      void dialog.dismiss();
    });
    const violations = [];
    page.on("console", (message) => {
      if (/Content Security Policy/i.test(message.text())) violations.push(message.text().slice(0, 200));
    });
    const query = new URLSearchParams({ service, startTime: range.startTime, endTime: range.endTime, view: "table" });
    await page.goto(`${uiUrl}/profiles?${query}`);
    await page.waitForFunction((texts) => texts.every((t) => document.body.innerText.includes(t)), payloads, { timeout: 30_000 });
    const injected = await page.evaluate(
      () => document.querySelectorAll("img[src=x], svg[onload]").length + [...document.scripts].filter((s) => s.text.includes("alert(1)")).length,
    );
    const ok = alerts === 0 && injected === 0 && violations.length === 0;
    return { ok, detail: `payloads shown as text, ${alerts} alerts, ${injected} injected elements, ${violations.length} CSP violations${violations[0] ? ` (${violations[0]})` : ""}` };
  } finally {
    await browser.close();
  }
}
