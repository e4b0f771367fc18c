import { afterEach, expect, test, vi } from "vitest";
import {
  ApiError,
  fetchFlamegraph,
  flamegraphParams,
  parseAgentLogs,
  queryString,
  requestedInterval,
  responseMessage,
  safeNext,
  saveSnapshot,
} from "./api-client";

const range = { start: new Date("2026-11-24T10:00:00Z"), end: new Date("2026-11-24T11:00:00Z") };

test("query strings as the original builds them: sorted keys, no empty values, repeated arrays", () => {
  expect(queryString({ z: 1, a: "x y", n: null, u: undefined, arr: ["1", "2"], b: false })).toBe(
    "a=x+y&arr=1&arr=2&b=false&z=1",
  );
});

test("flamegraph params: ISO UTC times, lang enrichment, stacksCount only with truncation, RQL filter", () => {
  const filter = {
    logic: "$and" as const,
    rules: [{ type: "HostName" as const, op: "$eq" as const, value: "h1" }],
  };
  expect(queryString(flamegraphParams({ service: "web", range, truncation: true, filter }))).toBe(
    "endTime=2026-11-24T11%3A00%3A00.000Z&enrichment=lang" +
      "&filter=%7B%22filter%22%3A%7B%22%24and%22%3A%5B%7B%22HostName%22%3A%7B%22%24eq%22%3A%22h1%22%7D%7D%5D%7D%7D" +
      "&serviceName=web&stacksCount=500000&startTime=2026-11-24T10%3A00%3A00.000Z",
  );
  expect(flamegraphParams({ service: "web", range })).not.toHaveProperty("stacksCount", 500000);
});

test("requested_interval: singular for ClickHouse routes, plural for nodes_and_cores (A.3.5)", () => {
  expect(requestedInterval(5, false)).toBe("5 minute");
  expect(requestedInterval(60, false)).toBe("1 hour");
  expect(requestedInterval(360, true)).toBe("6 hours");
  expect(requestedInterval(0, true)).toBeUndefined();
});

test("error messages: {message}, the original's bare JSON string, short text, else the status", async () => {
  expect(await responseMessage(Response.json({ message: "Invalid API key" }, { status: 400 }))).toBe(
    "Invalid API key",
  );
  expect(await responseMessage(Response.json("Failed getting data", { status: 502 }))).toBe(
    "Failed getting data",
  );
  expect(await responseMessage(new Response("Worker not found", { status: 503 }))).toBe("Worker not found");
  expect(await responseMessage(new Response("<html>", { status: 500, statusText: "Oops" }))).toBe("500 Oops");
});

test("login redirects only to same-origin paths", () => {
  expect(safeNext("/profiles?service=a")).toBe("/profiles?service=a");
  for (const bad of [
    null,
    "",
    "https://evil.example",
    "//evil.example",
    "/\\evil.example",
    "javascript:alert(1)",
  ]) {
    expect(safeNext(bad)).toBe("/");
  }
});

test("agent logs are read leniently: a list or {logs}, snake or camel case, glogger's nested text", () => {
  const logs = parseAgentLogs({
    logs: [
      {
        timestamp: "2026-11-24T10:00:00Z",
        severity: "4",
        service_name: "web",
        hostname: "h",
        run_id: "r",
        message: "hi",
      },
      {
        time: "t",
        severity: 5,
        serviceName: "web",
        runId: "r2",
        text: { message: "boom", extra: { cycle_id: "c" } },
      },
      "junk",
    ],
  });
  expect(logs).toEqual([
    {
      timestamp: "2026-11-24T10:00:00Z",
      severity: 4,
      service: "web",
      hostname: "h",
      runId: "r",
      message: "hi",
      extra: null,
    },
    {
      timestamp: "t",
      severity: 5,
      service: "web",
      hostname: "",
      runId: "r2",
      message: "boom",
      extra: { cycle_id: "c" },
    },
  ]);
  expect(parseAgentLogs(null)).toEqual([]);
});

afterEach(() => vi.unstubAllGlobals());

function stubFetch(response: Response) {
  const calls: { url: string; init: RequestInit }[] = [];
  vi.stubGlobal("fetch", async (url: string, init: RequestInit) => {
    calls.push({ url, init });
    return response;
  });
  return calls;
}

test("204 is no data; a failure is an ApiError with the api's message", async () => {
  stubFetch(new Response(null, { status: 204 }));
  expect(await fetchFlamegraph({ service: "web", range })).toBeNull();
  stubFetch(Response.json({ message: "service web doesn't exists" }, { status: 406 }));
  const err = await fetchFlamegraph({ service: "web", range }).catch((e) => e);
  expect(err).toBeInstanceOf(ApiError);
  expect(err).toMatchObject({ status: 406, message: "service web doesn't exists" });
});

test("snapshot save posts the original's body", async () => {
  const calls = stubFetch(Response.json(12, { status: 201 }));
  const id = await saveSnapshot({
    frames: [{ level: 2, start: 0, duration: 3 }],
    service: "web",
    range,
    filter: null,
  });
  expect(id).toBe(12);
  expect(calls[0].url).toBe("/api/snapshots");
  expect(calls[0].init.method).toBe("POST");
  expect(JSON.parse(String(calls[0].init.body))).toEqual({
    frames: [{ level: 2, start: 0, duration: 3 }],
    serviceName: "web",
    startTime: "2026-11-24T10:00:00.000Z",
    endTime: "2026-11-24T11:00:00.000Z",
  });
});
