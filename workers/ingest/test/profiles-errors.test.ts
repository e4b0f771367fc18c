// Every way an upload can fail, each answered with a status and a JSON `message` the agent logs (B.2),
// never a 500, and never leaving anything half-registered (backend-api.md §3.2, §10.7, §10.10, §10.19).
import { beforeAll, beforeEach, describe, expect, test } from "vitest";
import { DEFAULT_LIMITS } from "../src/body";
import {
  gzip,
  ingest,
  insertAgentToken,
  profileWith,
  sentMessages,
  serviceId,
  STACKFILE,
  storedProfiles,
  testEnv,
  uniqueName,
  uploadRequest,
} from "./fixtures";

let token = "";
beforeAll(async () => {
  token = await insertAgentToken();
});
beforeEach(() => {
  sentMessages.length = 0;
});

async function expectError(res: Response, status: number, message: string | RegExp) {
  expect(res.status).toBe(status);
  expect(res.headers.get("content-type")).toMatch(/^application\/json/);
  const body = (await res.json()) as { message: string };
  if (typeof message === "string") expect(body).toEqual({ message });
  else expect(body.message).toMatch(message);
}

/** An upload request with its body or headers replaced. */
async function rawUpload(service: string, body: BodyInit | null, headers: Record<string, string | null> = {}) {
  const base = await uploadRequest({ token, service });
  const merged = new Headers(base.headers);
  for (const [name, value] of Object.entries(headers)) value === null ? merged.delete(name) : merged.set(name, value);
  return new Request(base.url, { method: "POST", headers: merged, body });
}

/** Nothing of the service exists: no Postgres row, no R2 object, no Queue message. */
async function expectNothingStored(service: string) {
  expect(await serviceId(service)).toBeNull();
  expect(await storedProfiles(`products/${service}/`)).toEqual([]);
  expect(sentMessages.filter((m) => m.service === service)).toEqual([]);
}

describe("transport (§3.2.1)", () => {
  test("411 without Content-Length: chunked uploads are refused", async () => {
    const service = uniqueName("chunked");
    const res = await ingest(await rawUpload(service, await gzip("{}"), { "Content-Length": null }));
    await expectError(res, 411, "Length Required");
  });

  test("413 above the compressed limit, decided from Content-Length before reading", async () => {
    const service = uniqueName("big");
    const body = crypto.getRandomValues(new Uint8Array(65536));
    const res = await ingest(await rawUpload(service, body, { "Content-Length": String(DEFAULT_LIMITS.maxCompressed + 1) }));
    await expectError(res, 413, /^Request Entity Too Large/);
    await expectNothingStored(service);
  });

  test.each(["abc", "-1", "1e3", "", "12345678901234567890"])("400 for Content-Length %j", async (length) => {
    const res = await ingest(await rawUpload(uniqueName("length"), await gzip("{}"), { "Content-Length": length }));
    await expectError(res, length === "12345678901234567890" ? 400 : 400, "Invalid Content-Length header");
  });

  test("413 above the decompressed limit", async () => {
    const service = uniqueName("inflated");
    const profile = STACKFILE + "a;b;c 1\n".repeat(5_000_000); // ~40 MB of text, a few hundred KB gzipped
    const res = await ingest(await uploadRequest({ token, service }, { profile }));
    await expectError(res, 413, /after decompression/);
    await expectNothingStored(service);
  });

  test("400 for a body that is not gzip although it says so", async () => {
    const service = uniqueName("notgzip");
    const res = await ingest(await rawUpload(service, "{}", { "Content-Length": "2" }));
    await expectError(res, 400, "There was an error parsing the body");
  });

  test("400 for a truncated gzip stream", async () => {
    const data = (await gzip(JSON.stringify({ start_time: "2023-12-03T16:36:27", profile: STACKFILE, gpid: "" }))).slice(0, 2000);
    const res = await ingest(await rawUpload(uniqueName("truncated"), data, { "Content-Length": String(data.byteLength) }));
    await expectError(res, 400, /There was an error parsing the body|truncated/);
  });

  test("a body without Content-Encoding is read as plain JSON, as the original does", async () => {
    const service = uniqueName("plain");
    const json = JSON.stringify({ start_time: "2023-12-03T16:36:27", profile: STACKFILE, gpid: "" });
    const bytes = new TextEncoder().encode(json);
    const res = await ingest(
      await rawUpload(service, bytes, { "Content-Encoding": null, "Content-Length": String(bytes.byteLength) }),
    );
    expect(res.status).toBe(200);
  });
});

describe("a gzip bomb", () => {
  /** gzip of `prefix` followed by 1 GiB of `fill`: about 1 MiB, under the compressed cap. */
  async function bomb(prefix: string, fill: number): Promise<Uint8Array> {
    const block = new Uint8Array(1 << 20).fill(fill);
    const compression = new CompressionStream("gzip");
    const writer = compression.writable.getWriter();
    const compressed = new Response(compression.readable).arrayBuffer();
    await writer.write(new TextEncoder().encode(prefix));
    for (let i = 0; i < 1024; i++) await writer.write(block);
    await writer.close();
    return new Uint8Array(await compressed);
  }

  test.each([
    ["1 GiB of zeros", "", 0, 400, "Body must be a JSON object"],
    ["a valid upload whose profile is 1 GiB of 'a'", '{"start_time":"2023-12-03T16:36:27","gpid":"","profile":"# {}\\n', 0x61, 413, /after decompression/],
  ])("%s is cut off at the cap, the upload read to its end, and the next upload accepted", async (_, prefix, fill, status, message) => {
    const data = await bomb(prefix, fill);
    expect(data.byteLength).toBeLessThan(DEFAULT_LIMITS.maxCompressed);
    let pulled = 0;
    const body = new ReadableStream<Uint8Array>({
      pull(controller) {
        if (pulled >= data.byteLength) return controller.close();
        const chunk = data.slice(pulled, pulled + 4096);
        pulled += chunk.byteLength;
        controller.enqueue(chunk);
      },
    });
    const service = uniqueName("bomb");
    const res = await ingest(await rawUpload(service, body, { "Content-Length": String(data.byteLength) }));
    await expectError(res, status, message);
    // gunzip stopped at the cap, but the client was not left mid-send: answering before the upload is
    // read whole killed `wrangler dev` (docs/reliability.md) and spoils a keep-alive connection
    expect(pulled).toBe(data.byteLength);
    await expectNothingStored(service);
    const next = uniqueName("after-bomb");
    expect((await ingest(await uploadRequest({ token, service: next }))).status).toBe(200);
  }, 30_000);
});

describe("body and metadata (§3.2.1, §3.2.3)", () => {
  const base = { start_time: "2023-12-03T16:36:27", profile: STACKFILE, gpid: "" };
  test.each([
    ["not JSON", "nope", "Body must be a JSON object"],
    ["a JSON array", "[1]", "Body must be a JSON object"],
    ["truncated JSON", JSON.stringify(base).slice(0, 500), "Body is truncated JSON"],
    ["no profile", { ...base, profile: undefined }, "Missing parameter 'profile'"],
    ["a profile that is not a string", { ...base, profile: ["x"] }, "'profile' must be a string"],
    ["no gpid", { ...base, gpid: undefined }, "Missing parameter 'gpid'"],
    ["a null gpid", { ...base, gpid: null }, "Missing parameter 'gpid'"],
    ["no start_time", { ...base, start_time: undefined }, "Invalid or missing 'start_time'"],
    ["a bad start_time", { ...base, start_time: "2023-02-30T00:00:00" }, "Invalid or missing 'start_time'"],
    ["a gpid that is not an integer", { ...base, gpid: "12abc" }, "Failed to parse v2 metadata: gpid must be an integer"],
    ["no header line", { ...base, profile: "a;b 1\n" }, "Failed to parse v2 metadata: Profile has no header line"],
    ["an empty profile", { ...base, profile: "" }, "Failed to parse v2 metadata: Profile has no header line"],
    ["a header that is not JSON", { ...base, profile: "# {oops\na;b 1" }, "Failed to parse v2 metadata: Profile header is not a JSON object"],
    ["no metadata", { ...base, profile: profileWith({ header: { metadata: undefined } }) }, /old agent/],
    ["--disable-metadata-collection", { ...base, profile: profileWith({ header: { metadata: { hostname: "h", profiling_mode: "cpu" } } }) }, /metadata\.\w+ is missing/],
    ["a bad cloud_provider", { ...base, profile: profileWith({ metadata: { cloud_provider: "moon" } }) }, /cloud_provider must be one of/],
    ["a bad run_mode", { ...base, profile: profileWith({ metadata: { run_mode: "daemon" } }) }, /run_mode must be one of/],
    ["a bad processors", { ...base, profile: profileWith({ metadata: { processors: "2.5" } }) }, "Failed to parse v2 metadata: metadata.processors must be an integer"],
    ["a header line over 16 MiB", { ...base, profile: `# {"x": "${"a".repeat(16 << 20)}"}` }, /header line is too long/],
  ])("400 for %s", async (_, body, message) => {
    const service = uniqueName("bad");
    const res = await ingest(await uploadRequest({ token, service }, { body }));
    await expectError(res, 400, message);
    await expectNothingStored(service);
  });

  test("400 for a body that is not UTF-8", async () => {
    const bytes = new Uint8Array([...new TextEncoder().encode('{"profile": "'), 0xff, 0xfe, ...new TextEncoder().encode('"}')]);
    const data = await gzip(bytes);
    const res = await ingest(await rawUpload(uniqueName("utf8"), data, { "Content-Length": String(data.byteLength) }));
    await expectError(res, 400, "Body is not valid UTF-8");
  });

  test("400 when Postgres refuses a value, and the transaction leaves nothing behind", async () => {
    const service = uniqueName("badmac");
    const res = await ingest(await uploadRequest({ token, service }, { profile: profileWith({ metadata: { mac_address: "not-a-mac" } }) }));
    await expectError(res, 400, /^Failed to parse v2 metadata: invalid input syntax for type macaddr/);
    await expectNothingStored(service);
  });
});

describe("keys and service names (§3.2.2)", () => {
  test("400 without a key", async () => {
    const request = await uploadRequest({ token: "", service: uniqueName("nokey") });
    await expectError(await ingest(request), 400, "Missing GPROFILER-API-KEY header");
  });

  test("400 for an unknown key, before the body is read", async () => {
    const service = uniqueName("badkey");
    const res = await ingest(await rawUpload(service, "not even gzip", { "GPROFILER-API-KEY": "nope", "Content-Length": "13" }));
    await expectError(res, 400, "Invalid API key");
  });

  test.each(["!!!", "..", "x".repeat(256)])("400 for the service name %j", async (service) => {
    await expectError(await ingest(await uploadRequest({ token, service })), 400, "Invalid GPROFILER-SERVICE-NAME header");
  });

  test("403 for a key scoped to another service; it writes to its own", async () => {
    const own = uniqueName("own");
    const scoped = await insertAgentToken({ service: own });
    const other = uniqueName("other");
    const res = await ingest(await uploadRequest({ token: scoped, service: other }));
    await expectError(res, 403, `This API key may not write to service ${other}`);
    await expectNothingStored(other);
    expect((await ingest(await uploadRequest({ token: scoped, service: own }))).status).toBe(200);
  });

  test("hostile header values are only ever sanitized", async () => {
    const res = await ingest(
      await uploadRequest(
        { token, service: "x" },
        { headers: { "GPROFILER-SERVICE-NAME": "\u00e9\u00e8 ../x\u00ff", "X-Forwarded-For": "'; DROP TABLE services; --" } },
      ),
    );
    expect(res.status).toBe(200);
    expect(sentMessages[0].service).toBe("..x");
  });
});

describe("store failures: 503 so the agent retries next cycle, nothing half-registered (§3.2.6)", () => {
  /** A binding whose `method` throws, as a store outage would. */
  const failing = <T extends object>(binding: T, method: string): T =>
    new Proxy(binding, {
      get: (target, prop) =>
        prop === method
          ? () => Promise.reject(new Error(`${method} failed`))
          : (Reflect.get(target, prop) as Function)?.bind?.(target) ?? Reflect.get(target, prop),
    });

  test("Postgres down", async () => {
    const service = uniqueName("pgdown");
    const dead = { ...testEnv.HYPERDRIVE, connectionString: "postgres://studio:studio@127.0.0.1:1/none" } as Hyperdrive;
    const res = await ingest(await uploadRequest({ token: `${token}-unseen`, service }), { HYPERDRIVE: dead });
    await expectError(res, 503, "Postgres unavailable, retry later");
    await expectNothingStored(service);
  });

  test("R2 down: the registration is rolled back", async () => {
    const service = uniqueName("r2down");
    const res = await ingest(await uploadRequest({ token, service }), { PROFILES: failing(testEnv.PROFILES, "put") });
    await expectError(res, 503, "R2 unavailable, retry later");
    await expectNothingStored(service);
  });

  test("Queue down: the R2 object is deleted and the registration rolled back", async () => {
    const service = uniqueName("queuedown");
    const res = await ingest(await uploadRequest({ token, service }), { INDEX_QUEUE: failing(testEnv.INDEX_QUEUE, "send") });
    await expectError(res, 503, "Queue unavailable, retry later");
    await expectNothingStored(service);
  });
});
