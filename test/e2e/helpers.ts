// Test helpers that read the real stores the way an operator would: ClickHouse over HTTP, the local
// R2 state through wrangler's platform proxy, and the UI through Debian's Chromium.
import { mkdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import type { Page } from "playwright-core";
import { getPlatformProxy } from "wrangler";
import { launchChromium } from "../../scripts/lib/chromium.mjs";
import { clickhouseQuery as sharedClickhouseQuery } from "../../scripts/lib/clickhouse-http.mjs";

export { eventually } from "../../scripts/lib/eventually.mjs";

export function clickhouseQuery(url: string, query: string, params: Record<string, string | number> = {}) {
  return sharedClickhouseQuery({ url }, query, params) as Promise<Record<string, unknown>[]>;
}

/** Objects under `prefix` in the stack's persisted local R2 bucket. */
export async function readR2Objects(dataDir: string, prefix: string) {
  const proxy = await getPlatformProxy<{ PROFILES: R2Bucket }>({
    configPath: new URL("../../wrangler.toml", import.meta.url).pathname,
    persist: { path: join(dataDir, "wrangler", "v3") },
  });
  try {
    const listed = await proxy.env.PROFILES.list({ prefix });
    return await Promise.all(
      listed.objects.map(async ({ key }) => {
        const object = await proxy.env.PROFILES.get(key);
        return { key, body: Buffer.from(await object!.arrayBuffer()) };
      }),
    );
  } finally {
    await proxy.dispose();
  }
}

export function goldenRows() {
  const [header, ...lines] = readFileSync(
    new URL("../../../shared/testdata/golden/test_stackfile.rows.tsv", import.meta.url),
    "utf8",
  )
    .split("\n")
    .filter(Boolean);
  const columns = header.split("\t");
  return lines.map((line) => Object.fromEntries(line.split("\t").map((v, i) => [columns[i], v])));
}

/** The flamegraph JSON without the per-request timings. */
export function withoutTimings(graph: Record<string, unknown>) {
  const { exec_time: _e, olap_time: _o, ...rest } = graph;
  return rest;
}

export async function openBrowser(): Promise<{ page: Page; close: () => Promise<void> }> {
  const browser = await launchChromium();
  const page = await browser.newPage({ viewport: { width: 1400, height: 900 } });
  return { page, close: () => browser.close() };
}

export function ensureDir(path: string) {
  mkdirSync(path, { recursive: true });
  return path;
}
