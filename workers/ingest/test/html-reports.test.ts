// The Intel/Pinterest fork's HTML report (core/html-report.ts): `htmlblob` in the profile header is stored
// gzipped beside the profile in R2, under the fork's key, and its row in flamedb.html_reports names it.
import { beforeAll, describe, expect, test } from "vitest";
import {
  clickhouse,
  ingest,
  insertAgentToken,
  profileWith,
  serviceId,
  storedProfiles,
  testEnv,
  uniqueName,
  uploadRequest,
} from "./fixtures";

const HTML = "<html><body><h1>PerfSpect</h1><p>ünïcode ✓</p></body></html>";
const base64 = (text: string) => {
  let binary = "";
  for (const byte of new TextEncoder().encode(text)) binary += String.fromCharCode(byte);
  return btoa(binary);
};

let token = "";
beforeAll(async () => {
  token = await insertAgentToken();
});

// a recent start: the table keeps 30 days
const START = new Date(Date.now() - 3_600_000).toISOString().slice(0, 19);

function request(service: string, header: Record<string, unknown>) {
  const body = {
    start_time: START,
    end_time: START,
    hostname: "ip-172-31-33-27",
    profile: profileWith({ header }),
    cpu_avg: 8.8,
    mem_avg: 39.8,
    spawn_time: START,
    gpid: "",
  };
  return uploadRequest({ token, service }, { body });
}

async function upload(service: string, header: Record<string, unknown>) {
  return ingest(await request(service, header));
}

const rows = (service: number) =>
  clickhouse<{
    Timestamp: string;
    ServiceId: number;
    InstanceType: string;
    HostName: string;
    HTMLPath: string;
  }>("SELECT * FROM flamedb.html_reports WHERE ServiceId = {s:UInt32} ORDER BY Timestamp", {
    s: String(service),
  });

describe("an upload with an HTML report", () => {
  test("stores the report gzipped at the profile's key with .html, records it, and keeps it out of the profile", async () => {
    const service = uniqueName("html");
    const res = await upload(service, { htmlblob: base64(HTML) });
    expect(res.status).toBe(200);
    const stored = await storedProfiles(`products/${service}/stacks/`);
    const profile = stored.find((o) => o.key.endsWith(".gz"))!;
    const report = stored.find((o) => o.key.endsWith(".html"))!;
    expect(report.key).toBe(profile.key.replace(/\.gz$/, ".html"));
    expect(report.text).toBe(HTML);
    const object = await testEnv.PROFILES.head(report.key);
    expect(object?.httpMetadata).toMatchObject({
      contentType: "text/html; charset=utf-8",
      contentEncoding: "gzip",
    });
    expect(profile.text.slice(0, profile.text.indexOf("\n"))).not.toContain("htmlblob");

    const id = (await serviceId(service))!;
    expect(await rows(id)).toEqual([
      {
        Timestamp: START.replace("T", " "),
        ServiceId: id,
        InstanceType: "t2.medium",
        HostName: "ip-172-31-33-27",
        HTMLPath: report.key,
      },
    ]);
  });

  test("a report of a few MB fits in the header (PerfSpect's are), stored whole", async () => {
    const service = uniqueName("bightml");
    const big = `<html>${"<tr><td>cpu</td><td>42</td></tr>".repeat(120_000)}</html>`; // ~4 MB, ~5.3 MB base64
    expect((await upload(service, { htmlblob: base64(big) })).status).toBe(200);
    const report = (await storedProfiles(`products/${service}/stacks/`)).find((o) =>
      o.key.endsWith(".html"),
    )!;
    expect(report.text).toBe(big);
  });

  test("without htmlblob, or with an empty one, nothing but the profile is stored", async () => {
    for (const header of [{}, { htmlblob: "" }]) {
      const service = uniqueName("nohtml");
      expect((await upload(service, header)).status).toBe(200);
      expect((await storedProfiles(`products/${service}/stacks/`)).map((o) => o.key)).toEqual([
        expect.stringMatching(/\.gz$/),
      ]);
      expect(await rows((await serviceId(service))!)).toEqual([]);
    }
  });

  test("a report that is not base64 is left out and the profile kept, as the fork's indexer did", async () => {
    const service = uniqueName("badhtml");
    expect((await upload(service, { htmlblob: "<html>not base64</html>" })).status).toBe(200);
    const stored = await storedProfiles(`products/${service}/stacks/`);
    expect(stored.map((o) => o.key)).toEqual([expect.stringMatching(/\.gz$/)]);
    expect(stored[0].text.slice(0, stored[0].text.indexOf("\n"))).not.toContain("htmlblob");
    expect(await rows((await serviceId(service))!)).toEqual([]);
  });

  test("when ClickHouse is down the upload is 503 and nothing is kept, so the agent's retry starts afresh", async () => {
    const service = uniqueName("htmldown");
    const res = await ingest(
      await uploadRequest(
        { token, service },
        { profile: profileWith({ header: { htmlblob: base64(HTML) } }) },
      ),
      {
        CLICKHOUSE_URL: "http://127.0.0.1:9",
      },
    );
    expect(res.status).toBe(503);
    expect(await storedProfiles(`products/${service}/stacks/`)).toEqual([]);
  });
});
