// The UI: time to first flamegraph paint for a 10,000-frame graph in headless Chromium, and the page's
// JavaScript size. Targets: paint < 1 s, JS < 250 KB gzipped.
//
// A whole local stack (its own ports and state, name bench_ui) gets one agent upload of a synthetic
// profile whose flamegraph has FRAMES distinct frames (a prefix tree of stacks that share their first
// frames, like real ones). Then Chromium opens /profiles for it, RUNS times in fresh pages of one browser
// (the first is cold: no cached JS). "Paint" is from navigation start to the first animation frame after
// the chart is drawn (the flamegraph's `data-frames` attribute appears), with the steps on the way: the
// api request (preloaded by the document), its answer, the page's marks for "data in" and "drawn".
// JS size: every .js file the page loaded up to that paint, gzipped here as a CDN would serve it; d3 is
// counted (it loads with the chart).
// Ports are offset by STUDIO_TEST_PORT_OFFSET (default 500). Options: --frames N --runs N
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { gzipSync } from "node:zlib";
import { chromium } from "playwright-core";
import { SimulatedAgent } from "../lib/agent.mjs";
import { createAgentToken, ensureAdminUser } from "../lib/bootstrap.mjs";
import { ROOT } from "../lib/setup.mjs";
import { startStack } from "../lib/stack.mjs";

const args = process.argv.slice(2);
const flag = (name, fallback) =>
  args.includes(`--${name}`) ? Number(args[args.indexOf(`--${name}`) + 1]) : fallback;
const FRAMES = flag("frames", 10_000);
const RUNS = flag("runs", 7);
const O = Number(process.env.STUDIO_TEST_PORT_OFFSET ?? 500);
const SERVICE = "bench-ui";
/** The shared test data and generators beside the repository (STUDIO_SHARED_DIR in a worktree elsewhere). */
const SHARED = process.env.STUDIO_SHARED_DIR ?? join(ROOT, "../shared");
const PASSWORD = "bench-ui-admin-password";

/** A collapsed profile (the fixture's header, synthetic stacks) whose prefix tree has >= `frames` nodes. */
function syntheticProfile(frames) {
  const header = readFileSync(join(SHARED, "testdata/test_stackfile"), "utf8").split("\n")[0];
  let seed = 7;
  const rand = () => (seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31;
  const suffixes = ["_[p]", "_[j]", "_[k]", "", "_[pn]"];
  const nodes = new Set();
  const lines = [];
  const DEPTH = 30;
  for (let i = 0; nodes.size < frames; i++) {
    // Stacks share their first frames with their neighbours (i >> shift), so the tree fans out with depth.
    const stack = [`proc${i % 12}`];
    for (let d = 0; d < DEPTH; d++) {
      const group = i >> Math.max(0, 9 - Math.floor(d / 2));
      stack.push(`mod${d % 7}.fn_${d}_${group}${suffixes[(d + group) % suffixes.length]}`);
    }
    let path = "";
    for (const frame of stack) nodes.add((path += `;${frame}`));
    lines.push(`0;bench-container;${stack.join(";")} ${10 + Math.floor(rand() * 20)}`);
  }
  return { profile: [header, ...lines].join("\n"), lines: lines.length, nodes: nodes.size };
}

const countFrames = (node) => {
  let n = 0;
  const stack = [node];
  while (stack.length) {
    const x = stack.pop();
    n++;
    stack.push(...(x.children ?? []));
  }
  return n - 1; // the root is not a frame
};

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

const stack = await startStack({
  name: "bench_ui",
  fresh: true,
  ingestPort: 8787 + O,
  uiPort: 8788 + O,
  clickhousePort: 8123 + O,
  inspectorPort: 9229 + O,
});
const browser = await chromium.launch({
  executablePath: "/usr/bin/chromium",
  args: ["--no-sandbox", "--disable-gpu"],
});
try {
  const token = await createAgentToken(stack.postgresUrl, { name: "bench" });
  await ensureAdminUser(stack.postgresUrl, { password: PASSWORD });
  const { profile, lines, nodes } = syntheticProfile(FRAMES);
  const agent = new SimulatedAgent({ serverUrl: stack.ingestUrl, token, serviceName: SERVICE });
  const startTime = new Date(Date.now() - 20 * 60_000);
  const upload = await agent.uploadProfile({
    profile,
    startTime,
    endTime: new Date(startTime.getTime() + 60_000),
  });
  if (upload.status !== 200) throw new Error(`upload failed: ${JSON.stringify(upload)}`);

  const auth = { authorization: `Basic ${Buffer.from(`admin:${PASSWORD}`).toString("base64")}` };
  const window = {
    startTime: new Date(Date.now() - 3_600_000).toISOString(),
    endTime: new Date().toISOString(),
  };
  const query = new URLSearchParams({
    serviceName: SERVICE,
    ...window,
    enrichment: "lang",
    stacksCount: "500000",
  });
  let graphFrames = 0;
  for (const deadline = Date.now() + 120_000; graphFrames < FRAMES && Date.now() < deadline;) {
    const res = await fetch(`${stack.uiUrl}/api/flamegraph?${query}`, { headers: auth });
    if (res.status === 200) graphFrames = countFrames(await res.json());
    if (graphFrames < FRAMES) await new Promise((r) => setTimeout(r, 1000));
  }
  if (graphFrames < FRAMES) throw new Error(`the flamegraph has ${graphFrames} frames, expected ${FRAMES}`);

  const login = await fetch(`${stack.uiUrl}/api/auth/login`, {
    method: "POST",
    headers: { "content-type": "application/json", origin: stack.uiUrl },
    body: JSON.stringify({ username: "admin", password: PASSWORD }),
  });
  const [name, value] = login.headers.get("set-cookie").split(";")[0].split(/=(.*)/s);
  const context = await browser.newContext({ viewport: { width: 1400, height: 900 } });
  await context.addCookies([{ name, value, url: stack.uiUrl }]);
  // Records the first animation frame after the chart exists: the moment it can be on screen.
  await context.addInitScript(() => {
    new MutationObserver((_, observer) => {
      const chart = document.querySelector("[data-testid=flamegraph][data-frames]");
      if (!chart) return;
      observer.disconnect();
      // Two frames: d3-flame-graph sets widths and labels in a transition tick after the attribute.
      requestAnimationFrame(() =>
        requestAnimationFrame(
          () => (window.__paint = { at: performance.now(), frames: Number(chart.dataset.frames) }),
        ),
      );
    }).observe(document, {
      subtree: true,
      childList: true,
      attributes: true,
      attributeFilter: ["data-frames"],
    });
  });

  const url = `${stack.uiUrl}/profiles?${new URLSearchParams({ service: SERVICE, ...window, truncation: "1" })}`;
  const runs = [];
  let scripts = [];
  for (let i = 0; i < RUNS; i++) {
    const page = await context.newPage();
    await page.goto(url);
    await page
      .waitForFunction(() => window.__paint, null, { timeout: 60_000 })
      .catch(async (err) => {
        await page.screenshot({ path: join(stack.dataDir, "logs", "no-paint.png") });
        throw err;
      });
    const run = await page.evaluate(() => {
      const api = performance.getEntriesByType("resource").find((e) => e.name.includes("/api/flamegraph?"));
      const js = performance
        .getEntriesByType("resource")
        .filter((e) => /\.js(\?|$)/.test(e.name))
        .map((e) => new URL(e.name).pathname);
      return {
        paint: window.__paint.at,
        frames: window.__paint.frames,
        sent: api ? api.requestStart : NaN,
        api: api ? api.responseEnd : NaN,
        data: performance.getEntriesByName("studio:flamegraph-data")[0]?.startTime ?? NaN,
        drawn: performance.getEntriesByName("studio:flamegraph-drawn")[0]?.startTime ?? NaN,
        js,
      };
    });
    runs.push(run);
    if (i === 0) scripts = run.js;
    await page.close();
  }

  const files = [...new Set(scripts)].map((path) => {
    const bytes = readFileSync(join(ROOT, "web/dist", path));
    return {
      path,
      raw: bytes.length,
      gzip: gzipSync(bytes, { level: 9 }).length,
    };
  });
  const kb = (n) => `${(n / 1024).toFixed(1)} KB`;
  const sum = (xs, key) => xs.reduce((s, x) => s + x[key], 0);
  const warm = runs.slice(1);
  const ms = (n) => `${Math.round(n)} ms`;
  console.log(
    `profile: ${lines} stacks, ${nodes} distinct frames; the api's flamegraph: ${graphFrames} frames; drawn (≥ 1 px wide): ${runs[0].frames}`,
  );
  console.log(`runs: ${RUNS} page loads (1 cold, ${warm.length} warm), viewport 1400×900`);
  // Milliseconds from navigation start; the page's own marks are set in routes/profiles and flame-graph.tsx.
  const row = (pick) => ({ cold: ms(pick(runs[0])), "warm median": ms(median(warm.map(pick))) });
  console.table({
    "first flamegraph paint": { ...row((r) => r.paint), target: "< 1000 ms" },
    "  the page asks the api at": row((r) => r.sent),
    "  the api has answered at": row((r) => r.api),
    "  the page has the data at": row((r) => r.data),
    "  the chart is drawn at": row((r) => r.drawn),
    "  data to drawn (the chart's work)": row((r) => r.drawn - r.data),
  });
  console.table({
    "page JS up to the first paint": {
      files: files.length,
      raw: kb(sum(files, "raw")),
      gzip: kb(sum(files, "gzip")),
      target: "< 250 KB gzip",
    },
  });
} finally {
  await browser.close();
  await stack.stop();
}
