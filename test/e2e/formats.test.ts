// Other clients in, every format out, on the whole local stack: Pyroscope's /ingest (folded and a
// pyroscope-go style multipart pprof) and /api/v1/pprof through the ingest Worker, the unchanged indexer,
// the api's exports; an export re-ingested gives the same tree; the profiles page's Export menu downloads.
import { readFileSync } from "node:fs";
import { gunzipSync } from "node:zlib";
import { Profile } from "pprof-format";
import { afterEach, beforeAll, describe, expect, test } from "vitest";
import type { Page } from "playwright-core";
import { eventually, withoutTimings } from "./helpers";
import { apiAuth, finish, openLoggedIn, screenshot, stack, ui } from "./ui-helpers";

const run = Date.now().toString(36);
const SOURCE = `formats-src-${run}`;
const TESTDATA = new URL("../../workers/core/testdata/pprof/", import.meta.url);
// Older than the 5 minutes the flamegraph query trims from "now" (indexer-flamedb.md §4.5).
const from = Math.floor(Date.now() / 1000) - 10 * 60;
const window = { startTime: new Date((from - 3600) * 1000).toISOString(), endTime: new Date().toISOString() };

/** The source profile: Pyroscope folded from two hosts, one of them in a k8s pod. */
const FOLDED = {
  "host-a": "main;handler;parse 30\nmain;handler;render 20\nmain;gc 5\n",
  "host-b": "main;handler;parse 10\nworker;poll 7\n",
};

let auth: Record<string, string> = {};
beforeAll(async () => {
  auth = await apiAuth();
  for (const [host, body] of Object.entries(FOLDED)) {
    const labels = host === "host-a" ? `hostname=${host},pod=shop-5d78c9869d-8rq4p,namespace=prod,container=shop` : `hostname=${host}`;
    const res = await pyroscopeIngest(`${SOURCE}.cpu{${labels}}`, body);
    expect(res.status).toBe(200);
  }
  await waitForSamples(SOURCE, 72);
});

async function ingestPost(path: string, body: Uint8Array | string, headers: Record<string, string> = {}) {
  return fetch(`${stack.ingestUrl}${path}`, {
    method: "POST",
    headers: { authorization: `Bearer ${stack.agentToken}`, ...headers },
    body,
  });
}

const pyroscopeIngest = (name: string, body: Uint8Array | string, params: Record<string, string> = {}, headers: Record<string, string> = {}) =>
  ingestPost(`/ingest?${new URLSearchParams({ name, from: String(from), until: String(from + 10), spyName: "gospy", sampleRate: "100", ...params })}`, body, headers);

const apiGet = (path: string, params: Record<string, string>) =>
  fetch(`${stack.uiUrl}${path}?${new URLSearchParams({ ...window, ...params })}`, { headers: auth });

async function flamegraph(service: string, params: Record<string, string> = {}) {
  const res = await apiGet("/api/flamegraph", { serviceName: service, ...params });
  expect(res.status).toBe(200);
  return withoutTimings((await res.json()) as Record<string, unknown>);
}

const waitForSamples = (service: string, samples: number) =>
  eventually(async () => {
    const res = await apiGet("/api/flamegraph", { serviceName: service });
    expect(res.status).toBe(200);
    expect(((await res.json()) as { value: number }).value).toBe(samples);
  }, 90_000);

async function exported(service: string, format: string, params: Record<string, string> = {}) {
  const res = await apiGet("/api/flamegraph/export", { serviceName: service, format, ...params });
  expect(res.status).toBe(200);
  return new Uint8Array(await res.arrayBuffer());
}

const stacksOf = (text: string) =>
  new Map(text.split("\n").filter(Boolean).map((l) => [l.slice(0, l.lastIndexOf(" ")), Number(l.slice(l.lastIndexOf(" ") + 1))]));

describe("Pyroscope ingest", () => {
  test("labels become the studio's tags: hosts, the k8s container and workload", async () => {
    const hosts = await apiGet("/api/v1/filters/tags/HostName", { serviceName: SOURCE });
    expect(((await hosts.json()) as { name: string }[]).map((t) => t.name).sort()).toEqual(["host-a", "host-b"]);
    const workloads = await apiGet("/api/v1/filters/tags/ContainerEnvName", { serviceName: SOURCE });
    expect(((await workloads.json()) as { name: string }[]).map((t) => t.name)).toContain("shop_prod");
  });

  test("the tree and counts are the folded input's, at the `from` time", async () => {
    const collapsed = new TextDecoder().decode(await exported(SOURCE, "collapsed"));
    expect(stacksOf(collapsed)).toEqual(
      new Map([
        ["main;handler;parse", 40],
        ["main;handler;render", 20],
        ["main;gc", 5],
        ["worker;poll", 7],
      ]),
    );
    const before = await apiGet("/api/flamegraph", { serviceName: SOURCE, startTime: window.startTime, endTime: new Date((from - 60) * 1000).toISOString() });
    expect(((await before.json()) as { value: number }).value).toBe(0);
  });

  test.each(["go-cpu", "node-wall"])("the golden %s pprof, sent as pyroscope-go's multipart form, indexes to its expected stacks", async (name) => {
    const service = `formats-${name}-${run}`;
    const form = new FormData();
    form.append("profile", new Blob([readFileSync(new URL(`${name}.pb.gz`, TESTDATA))]), "profile.pprof");
    const body = new Response(form);
    const res = await pyroscopeIngest(`${service}.cpu{hostname=h1}`, new Uint8Array(await body.arrayBuffer()), { format: "pprof" }, {
      "content-type": body.headers.get("content-type")!,
    });
    expect(res.status).toBe(200);
    const expected = stacksOf(readFileSync(new URL(`${name}.expected.txt`, TESTDATA), "utf8"));
    await waitForSamples(service, [...expected.values()].reduce((a, b) => a + b, 0));
    expect(stacksOf(new TextDecoder().decode(await exported(service, "collapsed")))).toEqual(expected);
  });
});

describe("export → re-ingest gives the same tree", () => {
  test("pprof through POST /api/v1/pprof", async () => {
    const pprof = await exported(SOURCE, "pprof");
    const profile = Profile.decode(gunzipSync(pprof));
    expect(profile.stringTable.strings[0]).toBe("");
    const copy = `formats-pprof-copy-${run}`;
    const res = await ingestPost(`/api/v1/pprof?service=${copy}&from=${from}`, pprof);
    expect(res.status).toBe(200);
    await waitForSamples(copy, 72);
    expect(await flamegraph(copy)).toEqual(await flamegraph(SOURCE));
  });

  test("collapsed through Pyroscope's folded /ingest, with a filter applied on the way out", async () => {
    const filter = JSON.stringify({ filter: { $and: [{ HostName: { $eq: "host-b" } }] } });
    const collapsed = await exported(SOURCE, "collapsed", { filter });
    const copy = `formats-folded-copy-${run}`;
    expect((await pyroscopeIngest(copy, collapsed)).status).toBe(200);
    await waitForSamples(copy, 17);
    expect(await flamegraph(copy)).toEqual(await flamegraph(SOURCE, { filter }));
  });

  test("speedscope is a valid file of the same stacks; svg is standalone", async () => {
    const file = JSON.parse(new TextDecoder().decode(await exported(SOURCE, "speedscope")));
    expect(file.$schema).toBe("https://www.speedscope.app/file-format-schema.json");
    const [profile] = file.profiles;
    expect(profile).toMatchObject({ type: "sampled", unit: "none", startValue: 0, endValue: 72 });
    const svg = new TextDecoder().decode(await exported(SOURCE, "svg"));
    expect(svg).toContain("<script");
  });
});

describe("the profiles page", () => {
  let page: Page | undefined;
  let close: () => Promise<void> = async () => {};
  afterEach(({ task }) => finish(page, close, task));

  test("its Export menu downloads the view in each format", async () => {
    ({ page, close } = await openLoggedIn(ui("/profiles", { service: SOURCE, ...window })));
    await page.waitForSelector("[data-testid=flamegraph][data-frames]", { timeout: 30_000 });
    const files = [["pprof", ".pb.gz"], ["speedscope", ".speedscope.json"], ["collapsed", ".collapsed.txt"], ["svg", ".svg"], ["json", ".json"]];
    for (const [format, suffix] of files) {
      await page.click("[data-testid=export-menu]");
      const [download] = await Promise.all([page.waitForEvent("download"), page.click(`[data-testid=export-${format}]`)]);
      expect(download.suggestedFilename()).toBe(`${SOURCE}_custom${suffix}`);
      const bytes = readFileSync((await download.path())!);
      if (format === "collapsed") expect(stacksOf(bytes.toString("utf8")).get("main;handler;parse")).toBe(40);
      if (format === "pprof") expect(Profile.decode(gunzipSync(bytes)).sample.length).toBe(4);
    }
    await page.click("[data-testid=export-menu]");
    await screenshot(page, "profiles-export");
  });
});
