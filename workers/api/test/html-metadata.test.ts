// GET /api/metrics/html_metadata: the Intel/Pinterest fork's route over the reports the ingest Worker
// stores (R2 object + flamedb.html_reports row, core/html-report.ts), against the real ClickHouse and R2.
import { env } from "cloudflare:workers";
import { beforeAll, describe, expect, test } from "vitest";
import { toClickHouseDateTime } from "../../core/src/wire/clickhouse-row";
import { api, get, insertRows } from "./helpers";
import { createService } from "./seed";

const HOUR = 3_600_000;
const NOW = Math.floor(Date.now() / HOUR) * HOUR;
const PROFILES = (env as unknown as { PROFILES: R2Bucket }).PROFILES;

let service = { id: 0, name: "" };
let other = { id: 0, name: "" };

/** A report as the ingest Worker leaves it: gzipped object, then its row. */
async function report(svc: { id: number; name: string }, host: string, at: number, html: string | null) {
  const key = `products/${svc.name}/stacks/${new Date(at).toISOString().slice(0, 19)}_${crypto.randomUUID().replaceAll("-", "")}_x.html`;
  if (html !== null) {
    const gzipped = await new Response(
      new Blob([html]).stream().pipeThrough(new CompressionStream("gzip")),
    ).arrayBuffer();
    await PROFILES.put(key, gzipped, { httpMetadata: { contentEncoding: "gzip" } });
  }
  await insertRows("flamedb.html_reports", [
    {
      Timestamp: toClickHouseDateTime(new Date(at)),
      ServiceId: svc.id,
      InstanceType: "m5.large",
      HostName: host,
      HTMLPath: key,
    },
  ]);
}

const hostFilter = (...hosts: string[]) =>
  JSON.stringify({ filter: { $or: hosts.map((host) => ({ HostName: { $eq: host } })) } });

async function htmlMetadata(params: Record<string, string>, svc = service) {
  const search = new URLSearchParams({
    serviceName: svc.name,
    startTime: new Date(NOW - 6 * HOUR).toISOString(),
    endTime: new Date(NOW).toISOString(),
    ...params,
  });
  const res = await get(`/api/metrics/html_metadata?${search}`);
  return {
    status: res.status,
    type: res.headers.get("content-type"),
    body: (await res.json()) as Record<string, string>,
  };
}

beforeAll(async () => {
  service = await createService();
  other = await createService();
  await report(service, "host-a", NOW - 5 * HOUR, "<html>a, old</html>");
  await report(service, "host-a", NOW - 2 * HOUR, "<html>a, newest <script>alert(1)</script></html>");
  await report(service, "host-a", NOW - 8 * HOUR, "<html>a, before the window</html>");
  await report(service, "host-b", NOW - HOUR, "<html>b, newer than any of a</html>");
  await report(other, "host-a", NOW - HOUR, "<html>another service's host-a</html>");
  await report(service, "host-gone", NOW - HOUR, null);
});

describe("GET /api/metrics/html_metadata", () => {
  test("the host's newest report in the window, as a JSON string", async () => {
    const res = await htmlMetadata({ filter: hostFilter("host-a") });
    expect(res).toEqual({
      status: 200,
      type: expect.stringMatching(/^application\/json/),
      body: { content: "<html>a, newest <script>alert(1)</script></html>" },
    });
    expect((await htmlMetadata({ filter: hostFilter("host-b") })).body).toEqual({
      content: "<html>b, newer than any of a</html>",
    });
  });

  test("another host's or another service's report is never returned", async () => {
    // the first HostName $eq decides, whatever else the filter lets through
    expect((await htmlMetadata({ filter: hostFilter("host-a", "host-b") })).body).toEqual({
      content: "<html>a, newest <script>alert(1)</script></html>",
    });
    expect(await htmlMetadata({ filter: hostFilter("host-b") }, other)).toMatchObject({ status: 404 });
    expect((await htmlMetadata({ filter: hostFilter("host-a") }, other)).body).toEqual({
      content: "<html>another service's host-a</html>",
    });
  });

  test("400 without a hostname filter", async () => {
    const message = { message: "Must filter by hostname to get the html metadata" };
    expect(await htmlMetadata({})).toMatchObject({ status: 400, body: message });
    const byContainer = JSON.stringify({ filter: { ContainerName: { $eq: "host-a" } } });
    expect(await htmlMetadata({ filter: byContainer })).toMatchObject({ status: 400, body: message });
    const notEq = JSON.stringify({ filter: { HostName: { $neq: "host-a" } } });
    expect(await htmlMetadata({ filter: notEq })).toMatchObject({ status: 400, body: message });
  });

  test("404 when the host has no report in the window, or its object is gone", async () => {
    expect(await htmlMetadata({ filter: hostFilter("host-none") })).toMatchObject({
      status: 404,
      body: { message: "The html metadata path not found in CH" },
    });
    const early = {
      startTime: new Date(NOW - 30 * HOUR).toISOString(),
      endTime: new Date(NOW - 20 * HOUR).toISOString(),
    };
    expect(await htmlMetadata({ filter: hostFilter("host-a"), ...early })).toMatchObject({ status: 404 });
    expect(await htmlMetadata({ filter: hostFilter("host-gone") })).toMatchObject({
      status: 404,
      body: { message: "The html metadata file not found in S3" },
    });
  });

  test("only for a signed-in user", async () => {
    const search = new URLSearchParams({
      serviceName: service.name,
      startTime: new Date(NOW - 6 * HOUR).toISOString(),
      endTime: new Date(NOW).toISOString(),
      filter: hostFilter("host-a"),
    });
    expect((await api(`/api/metrics/html_metadata?${search}`)).status).toBe(401);
  });

  test("bad parameters are 4xx with a message", async () => {
    expect(
      await htmlMetadata({ filter: hostFilter("host-a"), serviceName: "no-such-service" }),
    ).toMatchObject({ status: 406 });
    expect(await htmlMetadata({ filter: "{not json" })).toMatchObject({
      status: 400,
      body: { message: expect.any(String) },
    });
    expect(await htmlMetadata({ filter: hostFilter("x' OR 1=1 --") })).toMatchObject({ status: 404 });
  });
});
