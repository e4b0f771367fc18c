// POST /ingest (Pyroscope's ingest API) and POST /api/v1/pprof inside workerd, against the real Postgres,
// local R2 and the local Queue: what is stored is the agent's own profile format, under the original's
// key layout, with the Queue message the indexer reads.
import { Function, Line, Location, Profile, Sample, StringTable, ValueType } from "pprof-format";
import { beforeAll, beforeEach, describe, expect, test } from "vitest";
import { gzip, ingest, insertAgentToken, sentMessages, serviceId, sql, storedProfiles, uniqueName } from "./fixtures";

let token = "";
beforeAll(async () => {
  token = await insertAgentToken();
});
beforeEach(() => {
  sentMessages.length = 0;
});

const FROM = 1_764_064_800; // 2025-11-25T10:00:00Z

async function post(path: string, body: BodyInit | Uint8Array, headers: Record<string, string> = {}) {
  const bytes = body instanceof Uint8Array ? body : new Uint8Array(await new Response(body).arrayBuffer());
  const request = new Request(`http://ingest${path}`, {
    method: "POST",
    headers: { authorization: `Bearer ${token}`, "content-length": String(bytes.byteLength), ...headers },
    body: bytes,
  });
  const res = await ingest(request);
  return { status: res.status, body: (await res.json()) as Record<string, unknown>, headers: res.headers };
}

const ingestPath = (name: string, params: Record<string, string> = {}) =>
  `/ingest?${new URLSearchParams({ name, from: String(FROM), until: String(FROM + 10), sampleRate: "100", spyName: "gospy", ...params })}`;

/** The stored profile of a service: its key and its text split into the header and the stack lines. */
async function stored(service: string) {
  const objects = await storedProfiles(`products/${service}/stacks/`);
  expect(objects).toHaveLength(1);
  const [header, ...lines] = objects[0].text.split("\n").filter(Boolean);
  return { key: objects[0].key, header: JSON.parse(header.slice(1)), lines: lines.sort() };
}

/**
 * A Go-like CPU profile: samples/count and cpu/nanoseconds, one location with an inlined function
 * (lines leaf first), main.main → main.work → main.hash (inlined) 7 samples, main.main 2.
 */
function goProfile(): Uint8Array {
  const st = new StringTable();
  const fn = (id: number, name: string) => new Function({ id, name: st.dedup(name) });
  return new Profile({
    sampleType: [
      new ValueType({ type: st.dedup("samples"), unit: st.dedup("count") }),
      new ValueType({ type: st.dedup("cpu"), unit: st.dedup("nanoseconds") }),
    ],
    sample: [new Sample({ locationId: [2, 1], value: [7, 70_000_000] }), new Sample({ locationId: [1], value: [2, 20_000_000] })],
    location: [
      new Location({ id: 1, line: [new Line({ functionId: 1 })] }),
      new Location({ id: 2, line: [new Line({ functionId: 3 }), new Line({ functionId: 2 })] }),
    ],
    function: [fn(1, "main.main"), fn(2, "main.work"), fn(3, "main.hash")],
    stringTable: st,
    timeNanos: BigInt(FROM - 3600) * 1_000_000_000n,
    periodType: new ValueType({ type: st.dedup("cpu"), unit: st.dedup("nanoseconds") }),
    period: 10_000_000,
  }).encode();
}
const GO_LINES = (container: string) => [`${container};main.main 2`, `${container};main.main;main.work;main.hash 7`];

/** The multipart form pyroscope-go sends: the gzipped pprof as the `profile` file. */
async function multipart(profile: Uint8Array, extra: Record<string, string> = {}) {
  const form = new FormData();
  form.append("profile", new Blob([await gzip(profile)]), "profile.pprof");
  for (const [key, value] of Object.entries(extra)) form.append(key, value);
  const response = new Response(form);
  return { body: new Uint8Array(await response.arrayBuffer()), contentType: response.headers.get("content-type")! };
}

describe("POST /ingest", () => {
  test("folded: the app becomes the service, labels the tags, `from` the object's time", async () => {
    const app = uniqueName("pyro-folded");
    const name = `${app}.cpu{hostname=web-1,instance_type=m5.large,pod=shop-5d78c9869d-8rq4p,namespace=prod,container=shop,env=staging}`;
    const res = await post(ingestPath(name), "foo;bar 100\nfoo;baz 200\nnot a count\n");
    expect(res).toMatchObject({ status: 200, body: { message: "ok", service: app, stacks: 2, skipped: 1 } });

    const { key, header, lines } = await stored(app);
    expect(key).toMatch(new RegExp(`^products/${app}/stacks/2025-11-25T10:00:00_[0-9a-f]{32}_[0-9a-f]{32}\\.gz$`));
    expect(header.metadata).toEqual({ hostname: "web-1", cloud_info: { instance_type: "m5.large" } });
    expect(header.source).toMatchObject({ format: "folded", api: "pyroscope", spyName: "gospy", sampleRate: 100, name });
    const container = "k8s_shop_shop-5d78c9869d-8rq4p_prod_0_0";
    expect(lines).toEqual([`${container};foo;bar 100`, `${container};foo;baz 200`]);
    const id = await serviceId(app);
    expect(sentMessages).toEqual([{ filename: key.split("/").at(-1), service: app, service_id: id }]);
    expect(
      await sql("SELECT env_type, last_profile_at > now() - interval '1 minute' AS fresh FROM services WHERE id = $1", [id]),
    ).toEqual([{ env_type: "k8s", fresh: true }]);
  });

  test("lines: one sample per line; no labels means no tags; `from` in nanoseconds (pyroscope-go) too", async () => {
    const app = uniqueName("pyro-lines");
    const res = await post(ingestPath(app, { format: "lines", from: `${FROM}000000000` }), "a;b\na;b\na;c\n");
    expect(res).toMatchObject({ status: 200, body: { stacks: 3 } });
    const { key, header, lines } = await stored(app);
    expect(key).toContain("/2025-11-25T10:00:00_");
    expect(header.metadata).toEqual({ hostname: "", cloud_info: { instance_type: "" } });
    expect(lines).toEqual([";a;b 1", ";a;b 1", ";a;c 1"]);
  });

  test("pprof as pyroscope-go sends it: a multipart form with the gzipped profile", async () => {
    const app = uniqueName("pyro-pprof");
    const form = await multipart(goProfile());
    const res = await post(ingestPath(`${app}.cpu{container=api}`, { format: "pprof" }), form.body, { "content-type": form.contentType });
    expect(res).toMatchObject({ status: 200, body: { stacks: 2 } });
    const { key, header, lines } = await stored(app);
    expect(lines).toEqual(GO_LINES("api"));
    expect(header.source).toMatchObject({ format: "pprof", sampleType: "samples/count" });
    expect(key).toContain("/2025-11-25T10:00:00_"); // `from` wins over the profile's own time
  });

  test("pprof as a raw body, gzipped or not, told by its content type; sample_type_config picks the column", async () => {
    const app = uniqueName("pyro-raw");
    const res = await post(ingestPath(`${app}.cpu`), await gzip(goProfile()), { "content-type": "application/octet-stream" });
    expect(res).toMatchObject({ status: 200, body: { stacks: 2 } });
    expect((await stored(app)).lines).toEqual(GO_LINES(""));

    // the cpu column (nanoseconds ÷ the 10 ms period) chosen through sample_type_config
    const other = uniqueName("pyro-config");
    const form = await multipart(goProfile(), { sample_type_config: JSON.stringify({ cpu: { units: "samples", "display-name": "cpu" } }) });
    await post(ingestPath(`${other}.cpu`, { format: "pprof" }), form.body, { "content-type": form.contentType });
    expect((await stored(other)).header.source.sampleType).toBe("cpu/nanoseconds");
    expect((await stored(other)).lines).toEqual(GO_LINES(""));
  });

  test("an empty profile is answered but nothing is stored", async () => {
    const app = uniqueName("pyro-empty");
    expect(await post(ingestPath(app), "")).toMatchObject({ status: 200, body: { stacks: 0 } });
    expect(await storedProfiles(`products/${app}/`)).toEqual([]);
    expect(await serviceId(app)).toBeNull();
  });

  test("our API keys: Bearer or Basic password; 401 without or with a bad one, 403 out of scope", async () => {
    const app = uniqueName("pyro-auth");
    const basic = `Basic ${btoa(`12345:${token}`)}`;
    expect((await post(ingestPath(app), "a 1\n", { authorization: basic })).status).toBe(200);
    const missing = await post(ingestPath(app), "a 1\n", { authorization: "" });
    expect(missing.status).toBe(401);
    expect(missing.headers.get("www-authenticate")).toMatch(/^Bearer/);
    expect(await post(ingestPath(app), "a 1\n", { authorization: "Bearer nope" })).toMatchObject({
      status: 401,
      body: { message: "Invalid API key" },
    });
    const scoped = await insertAgentToken({ service: uniqueName("elsewhere") });
    expect((await post(ingestPath(app), "a 1\n", { authorization: `Bearer ${scoped}` })).status).toBe(403);
  });

  test.each([
    ["a name without an app", { name: "{a=b}" }, "", 400],
    ["malformed labels", { name: "app{ab}" }, "", 400],
    ["a heap profile type", { name: "app.alloc_objects" }, "a 1\n", 422],
    ["units other than samples", { name: "app", units: "bytes" }, "a 1\n", 422],
    ["JFR", { name: "app", format: "jfr" }, "x", 415],
    ["a bad from", { name: "app", from: "yesterday" }, "a 1\n", 400],
    ["a from far in the future", { name: "app", from: "99999999999" }, "a 1\n", 400],
    ["a body that is not pprof", { name: "app", format: "pprof" }, "foo;bar 1\n", 400],
  ])("%s is a %s with a message", async (_, params, body, status) => {
    const res = await post(ingestPath(params.name, params as Record<string, string>), body);
    expect(res.status).toBe(status);
    expect(res.body.message).toEqual(expect.any(String));
  });

  test("a profile without a CPU or wall column is a 422 naming the columns it has", async () => {
    const st = new StringTable();
    const heap = new Profile({
      sampleType: [new ValueType({ type: st.dedup("inuse_space"), unit: st.dedup("bytes") })],
      sample: [new Sample({ locationId: [1], value: [4096] })],
      location: [new Location({ id: 1, line: [new Line({ functionId: 1 })] })],
      function: [new Function({ id: 1, name: st.dedup("alloc") })],
      stringTable: st,
    }).encode();
    const res = await post(ingestPath("app", { format: "pprof" }), heap);
    expect(res).toMatchObject({ status: 422, body: { message: expect.stringContaining("inuse_space/bytes") } });
  });
});

describe("POST /api/v1/pprof", () => {
  test("service and tags from the query, the time from the profile", async () => {
    const service = uniqueName("pprof");
    const res = await post(`/api/v1/pprof?service=${service}&hostname=h1&container=api`, await gzip(goProfile()));
    expect(res).toMatchObject({ status: 200, body: { message: "ok", service, sampleType: "samples/count", stacks: 2 } });
    const { key, header, lines } = await stored(service);
    expect(key).toContain("/2025-11-25T09:00:00_");
    expect(header.metadata).toEqual({ hostname: "h1", cloud_info: { instance_type: "" } });
    expect(lines).toEqual(GO_LINES("api"));
  });

  test("sample_type reads another column; Pyroscope's name works too; errors are 4xx", async () => {
    const service = uniqueName("pprof-cpu");
    const res = await post(`/api/v1/pprof?name=${encodeURIComponent(`${service}{hostname=h2}`)}&sample_type=cpu`, goProfile());
    expect(res).toMatchObject({ status: 200, body: { sampleType: "cpu/nanoseconds", stacks: 2 } });
    expect((await stored(service)).header.metadata.hostname).toBe("h2");
    expect((await post(`/api/v1/pprof?service=x&sample_type=alloc_space`, goProfile())).status).toBe(422);
    expect((await post(`/api/v1/pprof`, goProfile())).status).toBe(400);
    expect((await post(`/api/v1/pprof?service=x`, "not a profile")).status).toBe(400);
    expect((await post(`/api/v1/pprof?service=x`, goProfile(), { authorization: "" })).status).toBe(401);
  });
});
