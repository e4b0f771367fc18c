// Debian's Chromium for the UI tests, benches and the soak, driven by playwright-core.
import { chromium } from "playwright-core";

export const CHROMIUM = "/usr/bin/chromium";

const ARGS = [
  "--no-sandbox",
  "--disable-gpu",
  "--no-first-run",
  "--disable-quic",
  "--disable-background-networking",
  "--disable-component-update",
  "--disable-sync",
  // Debian's Chromium is the full browser, and headless it still builds its own UI: the omnibox popup is a
  // WebUI page that reloads with every navigation, ~400 ms of CPU each time on this 2-core machine, spent
  // beside the page under test. No page sees it, so it is switched off.
  "--disable-features=WebUIOmniboxPopup,WebUIOmniboxAimPopup,WebUIOmniboxFullPopup",
];

/** A headless Chromium for tests and benches. */
export function launchChromium() {
  return chromium.launch({ executablePath: CHROMIUM, args: ARGS });
}
