import { expect, test } from "vitest";
import { apiGet, getApiBinding, isApiPath, proxyToApi, type ServiceBinding } from "./api-binding";

function recorder(respond: () => Response | Promise<Response>) {
  const calls: { url: string; method: string; headers: Headers; body: string }[] = [];
  const binding: ServiceBinding = {
    async fetch(url, init) {
      const request = new Request(url, init);
      calls.push({ url, method: request.method, headers: request.headers, body: await request.text() });
      return respond();
    },
  };
  return { binding, calls };
}

test("forwards method, path, query, headers and body, and returns the response as is", async () => {
  const { binding, calls } = recorder(() => new Response(null, { status: 204, headers: { "x-api": "1" } }));
  const request = new Request("http://ui.test/api/v1/filters/7?x=1", {
    method: "PUT",
    headers: { authorization: "Bearer t", cookie: "sid=1", "content-type": "application/json" },
    body: '{"id":7}',
  });
  const response = await proxyToApi(request, binding);
  expect(response.status).toBe(204);
  expect(response.headers.get("x-api")).toBe("1");
  expect(calls).toHaveLength(1);
  expect(calls[0].url).toBe("http://ui.test/api/v1/filters/7?x=1");
  expect(calls[0].method).toBe("PUT");
  expect(calls[0].headers.get("authorization")).toBe("Bearer t");
  expect(calls[0].headers.get("cookie")).toBe("sid=1");
  expect(calls[0].body).toBe('{"id":7}');
});

test("answers 502 with a message when the binding is missing or fails", async () => {
  const missing = await proxyToApi(new Request("http://ui.test/api/services"), getApiBinding({ env: {} }));
  expect(missing.status).toBe(502);
  expect(await missing.json()).toEqual({ message: "The API service binding is not configured" });

  const { binding } = recorder(() => Promise.reject(new Error("connection refused")));
  const failed = await proxyToApi(new Request("http://ui.test/api/services"), binding);
  expect(failed.status).toBe(502);
  expect(await failed.json()).toEqual({ message: "The API service is unreachable: connection refused" });
});

test("server-side calls carry only the user's cookie and Authorization", async () => {
  const { binding, calls } = recorder(() => Response.json([]));
  const incoming = new Headers({ cookie: "sid=1", authorization: "Basic x", "x-other": "no" });
  await apiGet(binding, "http://ui.test", "/api/services", incoming);
  expect(calls[0].url).toBe("http://ui.test/api/services");
  expect(calls[0].headers.get("cookie")).toBe("sid=1");
  expect(calls[0].headers.get("authorization")).toBe("Basic x");
  expect(calls[0].headers.get("x-other")).toBeNull();
});

test("isApiPath", () => {
  expect(isApiPath("/api/flamegraph/download_svg/")).toBe(true);
  expect(isApiPath("/api")).toBe(true);
  expect(isApiPath("/apiary")).toBe(false);
  expect(isApiPath("/profiles")).toBe(false);
});
