// The UI: time to first flamegraph paint and to a zoom, in headless Chromium, for a 10,000-frame graph and
// for a profile of 1,000,000 distinct stacks; and the page's JavaScript size. Targets: paint < 1 s,
// zoom < 200 ms, JS < 250 KB gzipped.
//
// A whole local stack (its own ports and state, name bench_ui_<offset>). The 10,000-frame graph is one agent upload
// of a synthetic profile whose prefix tree has FRAMES nodes. The 1,000,000-stack profile comes from
// ../shared/bench/gen-profiles.mjs (~1.1 GB of collapsed text): pushing it through ingest and the indexer
// would take far longer than the bench is worth, so its prefix tree (one row per distinct stack prefix,
// as the indexer writes them) is built here and inserted straight into flamedb.samples; everything the
// page reads goes through the real api and UI. `--big-stacks 0` skips it.
//
// Chromium (lib/chromium.mjs: without the browser's own omnibox UI, which headless Chromium would rebuild
// beside every page load) opens /profiles for each, RUNS times in fresh pages of one browser (the first is
// cold: no cached JS, and no answer in the api's edge cache). "Paint" is from navigation start to the first
// animation frame after the chart is drawn (the flamegraph's `data-frames` attribute appears), with the
// steps on the way. "Zoom" is from the click on the widest frame that has rolled-up frames below it to
// the first animation frame after its subtree, fetched from the api, is drawn (`data-subtree`); the
// click comes --zoom-after ms (1000) after the paint, as a user's would, while the page prefetches the
// widest frames' subtrees, and the api's time for those subtrees is shown beside it.
// JS size: every .js file the page loaded up to that paint, gzipped here as a CDN would serve it.
// Ports are offset by STUDIO_TEST_PORT_OFFSET (default 500). Options: --frames N --runs N --big-stacks N
// --zoom-after MS
import { execFileSync } from "node:child_process";
import { createReadStream, existsSync, readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { createInterface } from "node:readline";
import { gzipSync } from "node:zlib";
import { SimulatedAgent } from "../lib/agent.mjs";
import { createAgentToken, ensureAdminUser } from "../lib/bootstrap.mjs";
import { launchChromium } from "../lib/chromium.mjs";
import { ROOT } from "../lib/setup.mjs";
import { startStack } from "../lib/stack.mjs";

const args = process.argv.slice(2);
const flag = (name, fallback) =>
  args.includes(`--${name}`) ? Number(args[args.indexOf(`--${name}`) + 1]) : fallback;
const FRAMES = flag("frames", 10_000);
const RUNS = flag("runs", 7);
const BIG_STACKS = flag("big-stacks", 1_000_000);
/** The pause before each page load, for the previous page's requests to finish. */
const SETTLE_MS = 2000;
/** The wait between the paint and the zoom's click, as a user's. */
const ZOOM_AFTER_MS = flag("zoom-after", 1000);
const O = Number(process.env.STUDIO_TEST_PORT_OFFSET ?? 500);
const SERVICE = "bench-ui";
const BIG_SERVICE = "bench-ui-1m";
/** The shared test data and generators beside the repository. */
const SHARED = join(ROOT, "../shared");
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

/**
 * gen-profiles.mjs's collapsed file of `stacks` distinct stacks, kept in .data/bench-profiles between runs
 * (same seed, same bytes).
 */
function bigProfileFile(stacks) {
  const dir = join(ROOT, ".data/bench-profiles", `stacks-${stacks}`);
  if (!existsSync(dir) || readdirSync(dir).length === 0) {
    console.log(`generating a profile of ${stacks} stacks`);
    execFileSync("node", [join(SHARED, "bench/gen-profiles.mjs"), "--files", "1", "--lines-per-file",
      String(stacks), "--plain", "--seed", "9", "--out", dir, "--quiet"], { stdio: "inherit" });
  }
  return join(dir, readdirSync(dir)[0]);
}

/**
 * The profile's prefix tree as the indexer writes it (one row per distinct stack prefix, samples summed;
 * the app index and container fields dropped), inserted into flamedb.samples in TSV batches. Names are
 * interned and tree keys are numbers, so a tree of millions of nodes fits in memory.
 */
async function insertPrefixTree(file, { clickhouseUrl, serviceId, at }) {
  const vocab = [];
  const nameIds = new Map();
  const ids = new Map();
  const parents = [];
  const names = [];
  const samples = [];
  let lines = 0;
  for await (const line of createInterface({ input: createReadStream(file), crlfDelay: Infinity })) {
    if (line.startsWith("#") || !line) continue;
    const space = line.lastIndexOf(" ");
    const count = Number(line.slice(space + 1));
    let parent = 0;
    for (const name of line.slice(0, space).split(";").slice(2)) {
      let nameId = nameIds.get(name);
      if (nameId === undefined) {
        nameId = vocab.push(JSON.parse(JSON.stringify(name))) - 1; // a flat copy, not a slice of the line
        nameIds.set(vocab[nameId], nameId);
      }
      const key = parent * 2 ** 20 + nameId;
      let id = ids.get(key);
      if (id === undefined) {
        id = names.push(nameId);
        parents.push(parent);
        samples.push(0);
        ids.set(key, id);
      }
      samples[id - 1] += count;
      parent = id;
    }
    lines++;
  }
  ids.clear();
  const stamp = at.toISOString().slice(0, 19).replace("T", " ");
  const escape = (text) => text.replace(/[\\\t\n]/g, (c) => ({ "\\": "\\\\", "\t": "\\t", "\n": "\\n" })[c]);
  const query = "INSERT INTO flamedb.samples (Timestamp, ServiceId, InstanceType, ContainerEnvName, HostName, " +
    "ContainerName, NumSamples, CallStackHash, CallStackName, CallStackParent, InsertionTimestamp, ErrNumSamples) " +
    "FORMAT TabSeparated";
  for (let from = 0; from < names.length; from += 500_000) {
    const rows = [];
    for (let i = from; i < Math.min(from + 500_000, names.length); i++)
      rows.push(`${stamp}\t${serviceId}\tbench\t\tbench-host\t\t${samples[i]}\t${i + 1}\t${escape(vocab[names[i]])}\t${parents[i]}\t${stamp}\t0`);
    const res = await fetch(`${clickhouseUrl}/?${new URLSearchParams({ query })}`, {
      method: "POST",
      body: rows.join("\n") + "\n",
    });
    if (!res.ok) throw new Error(`ClickHouse insert ${res.status}: ${await res.text()}`);
  }
  return { lines, nodes: names.length };
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

/** One page load: the paint and its steps, the JS loaded, then one zoom into a pruned frame. */
async function pageLoad(context, url, { dataDir }) {
  const page = await context.newPage();
  try {
    await page.goto(url);
    await page.waitForFunction(() => window.__paint, null, { timeout: 120_000 }).catch(async (err) => {
      await page.screenshot({ path: join(dataDir, "logs", "no-paint.png") });
      throw err;
    });
    const run = await page.evaluate(() => {
      const api = performance.getEntriesByType("resource").find((e) => e.name.includes("/api/flamegraph"));
      return {
        paint: window.__paint.at,
        frames: window.__paint.frames,
        sent: api ? api.requestStart : NaN,
        api: api ? api.responseEnd : NaN,
        data: performance.getEntriesByName("studio:flamegraph-data")[0]?.startTime ?? NaN,
        drawn: performance.getEntriesByName("studio:flamegraph-drawn")[0]?.startTime ?? NaN,
        js: performance
          .getEntriesByType("resource")
          .filter((e) => /\.js(\?|$)/.test(e.name))
          .map((e) => new URL(e.name).pathname),
      };
    });
    // A user's first click comes a moment after the paint: meanwhile the page prefetches the subtrees of
    // the widest frames with rolled-up frames below them (lib/flame/subtrees.ts).
    await new Promise((r) => setTimeout(r, ZOOM_AFTER_MS));
    run.zoom = await page.evaluate(
      () =>
        new Promise((resolve, reject) => {
          const chart = document.querySelector("[data-testid=flamegraph]");
          const rolledUp = (node) => {
            const todo = [...node.children];
            for (let n = todo.pop(); n; n = todo.pop()) {
              if (n.rolledUp !== undefined) return true;
              todo.push(...n.children);
            }
            return false;
          };
          let best = null;
          for (const g of chart.querySelectorAll("g.frame")) {
            const d = g.__data__;
            if (d.depth >= 1 && d.data.hash && rolledUp(d.data) && (!best || d.value > best.__data__.value)) best = g;
          }
          if (!best) return resolve({ ms: NaN, waited: false });
          const hash = best.__data__.data.hash;
          const start = performance.now();
          // `data-expanding` while the chart waits for the subtree: it was not prefetched yet.
          let waited = false;
          new MutationObserver((_, observer) => {
            waited ||= Boolean(chart.dataset.expanding);
            if (chart.dataset.subtree !== hash) return;
            observer.disconnect();
            requestAnimationFrame(() => requestAnimationFrame(() => resolve({ ms: performance.now() - start, waited })));
          }).observe(chart, { attributes: true, attributeFilter: ["data-subtree", "data-expanding"] });
          best.dispatchEvent(new MouseEvent("click", { bubbles: true }));
          setTimeout(() => reject(new Error("no subtree drawn within 60 s")), 60_000);
        }),
    );
    run.framesAfterZoom = Number(await page.getAttribute("[data-testid=flamegraph]", "data-frames"));
    // The api's answers for subtrees (prefetched or asked on the click): request to response, longest.
    run.subtreeApi = await page.evaluate(() => {
      const times = performance
        .getEntriesByType("resource")
        .filter((e) => e.name.includes("/api/flamegraph/tree") && e.name.includes("root="))
        .map((e) => e.responseEnd - e.requestStart);
      return times.length ? Math.max(...times) : NaN;
    });
    return run;
  } finally {
    await page.close();
  }
}

const stack = await startStack({
  // Its own Postgres database and data directory per port offset: benches run side by side.
  name: `bench_ui_${O}`,
  fresh: true,
  ingestPort: 8787 + O,
  uiPort: 8788 + O,
  clickhousePort: 8123 + O,
  inspectorPort: 9229 + O,
});
const browser = await launchChromium();
try {
  const token = await createAgentToken(stack.postgresUrl, { name: "bench" });
  await ensureAdminUser(stack.postgresUrl, { password: PASSWORD });
  const auth = { authorization: `Basic ${Buffer.from(`admin:${PASSWORD}`).toString("base64")}` };
  const startTime = new Date(Date.now() - 20 * 60_000);
  const upload = async (service, profile) => {
    const agent = new SimulatedAgent({ serverUrl: stack.ingestUrl, token, serviceName: service });
    const send = () => agent.uploadProfile({ profile, startTime, endTime: new Date(startTime.getTime() + 60_000) });
    // After minutes of generating the big profile, the pooled keep-alive connection may have been closed
    // by the server just as it is reused: one retry on a fresh one.
    const res = await send().catch((error) => (error?.cause?.code === "UND_ERR_SOCKET" ? send() : Promise.reject(error)));
    if (res.status !== 200) throw new Error(`upload failed: ${JSON.stringify(res)}`);
  };
  const window = {
    startTime: new Date(Date.now() - 3_600_000).toISOString(),
    endTime: new Date().toISOString(),
  };
  /** Polls the api until `ready` accepts the flamegraph at `path`. */
  const waitForGraph = async (path, params, ready) => {
    for (const deadline = Date.now() + 300_000; Date.now() < deadline; ) {
      const res = await fetch(`${stack.uiUrl}${path}?${new URLSearchParams({ ...window, ...params })}`, { headers: auth });
      if (res.status === 200) {
        const graph = await res.json();
        if (ready(graph)) return graph;
      }
      await new Promise((r) => setTimeout(r, 1000));
    }
    throw new Error(`${path} ${JSON.stringify(params)} never became ready`);
  };

  const small = syntheticProfile(FRAMES);
  await upload(SERVICE, small.profile);
  const graphFrames = countFrames(
    await waitForGraph("/api/flamegraph", { serviceName: SERVICE, enrichment: "lang", stacksCount: "500000" },
      (graph) => countFrames(graph) >= FRAMES),
  );

  let big = null;
  if (BIG_STACKS > 0) {
    const file = bigProfileFile(BIG_STACKS);
    await upload(BIG_SERVICE, syntheticProfile(10).profile); // registers the service
    const services = await (await fetch(`${stack.uiUrl}/api/services`, { headers: auth })).json();
    const serviceId = services.find((s) => s.name === BIG_SERVICE).serviceId;
    const started = performance.now();
    big = await insertPrefixTree(file, { clickhouseUrl: stack.clickhouseUrl, serviceId, at: startTime });
    big.loadSeconds = (performance.now() - started) / 1000;
    await waitForGraph("/api/flamegraph/tree", { serviceName: BIG_SERVICE, maxNodes: "10" }, (g) => g.value > 0);
  }

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

  const profilesUrl = (service) => `${stack.uiUrl}/profiles?${new URLSearchParams({ service, ...window })}`;
  const measure = async (service) => {
    const runs = [];
    for (let i = 0; i < RUNS; i++) {
      // Each load starts on a settled stack: the previous page's last requests (the prefetches its zoom
      // started) are done, as they would be long before a user opens the next page.
      await new Promise((r) => setTimeout(r, SETTLE_MS));
      runs.push(await pageLoad(context, profilesUrl(service), stack));
    }
    return runs;
  };
  const smallRuns = await measure(SERVICE);
  const bigRuns = big ? await measure(BIG_SERVICE) : [];

  const files = [...new Set(smallRuns[0].js)].map((path) => {
    const bytes = readFileSync(join(ROOT, "web/dist", path));
    return { path, raw: bytes.length, gzip: gzipSync(bytes, { level: 9 }).length };
  });
  const kb = (n) => `${(n / 1024).toFixed(1)} KB`;
  const sum = (xs, key) => xs.reduce((s, x) => s + x[key], 0);
  const ms = (n) => `${Math.round(n)} ms`;
  const row = (runs, pick) => ({ cold: ms(pick(runs[0])), "warm median": ms(median(runs.slice(1).map(pick))) });
  // Milliseconds from navigation start; the page's own marks are set in routes/profiles and flame-graph.tsx.
  const steps = (runs) => ({
    "first flamegraph paint": { ...row(runs, (r) => r.paint), target: "< 1000 ms" },
    "  the page asks the api at": row(runs, (r) => r.sent),
    "  the api has answered at": row(runs, (r) => r.api),
    "  the page has the data at": row(runs, (r) => r.data),
    "  the chart is drawn at": row(runs, (r) => r.drawn),
    "  data to drawn (the chart's work)": row(runs, (r) => r.drawn - r.data),
    [`zoom: click (${ZOOM_AFTER_MS} ms after the paint) to subtree drawn`]: { ...row(runs, (r) => r.zoom.ms), target: "< 200 ms" },
    "  the click waited for the subtree (not prefetched yet)": {
      cold: runs[0].zoom.waited ? "yes" : "no",
      "warm median": `${runs.slice(1).filter((r) => r.zoom.waited).length} of ${runs.length - 1}`,
    },
    "  the api's slowest subtree answer": row(runs, (r) => r.subtreeApi),
  });
  console.log(`runs: ${RUNS} page loads each (1 cold, ${RUNS - 1} warm: JS and the api's edge cache), viewport 1400×900`);
  console.log(
    `\n${FRAMES.toLocaleString("en-US")}-frame graph: ${small.lines} stacks, ${small.nodes} distinct frames; ` +
      `/api/flamegraph has ${graphFrames} frames; drawn: ${smallRuns[0].frames} frames (pruned graph), ` +
      `${smallRuns[0].framesAfterZoom} after the zoom`,
  );
  console.table(steps(smallRuns));
  if (big) {
    console.log(
      `\n${big.lines.toLocaleString("en-US")} distinct stacks (${big.nodes.toLocaleString("en-US")} prefix-tree ` +
        `frames, built and inserted in ${big.loadSeconds.toFixed(0)} s): drawn ${bigRuns[0].frames} frames, ` +
        `${bigRuns[0].framesAfterZoom} after the zoom`,
    );
    console.table(steps(bigRuns));
  }
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
