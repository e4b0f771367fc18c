/**
 * Dev-server counterpart of the `/api/*` branch in src/entry.cloudflare-pages.tsx: forwards to the API
 * binding that wrangler's getPlatformProxy provides (`vite --mode ssr`), through the same proxyToApi.
 */
import { Readable } from "node:stream";
import type { IncomingMessage, ServerResponse } from "node:http";
import type { Plugin } from "vite";
import { getApiBinding, isApiPath, proxyToApi } from "../src/lib/api-binding";

/** Connection-level headers that do not cross a proxy. */
const HOP_BY_HOP = new Set([
  "connection",
  "keep-alive",
  "transfer-encoding",
  "upgrade",
  "proxy-connection",
  "host",
]);

export function apiProxy(env: Record<string, unknown> | undefined): Plugin {
  return {
    name: "studio-api-proxy",
    configureServer(server) {
      server.middlewares.use((req, res, next) => {
        if (!req.url || !isApiPath(new URL(req.url, "http://localhost").pathname)) return next();
        forward(req, res, env).catch(next);
      });
    },
  };
}

async function forward(req: IncomingMessage, res: ServerResponse, env: Record<string, unknown> | undefined) {
  const headers = new Headers();
  for (const [name, value] of Object.entries(req.headers)) {
    if (value === undefined || HOP_BY_HOP.has(name)) continue;
    for (const v of Array.isArray(value) ? value : [value]) headers.append(name, v);
  }
  const hasBody = req.method !== "GET" && req.method !== "HEAD";
  const request = new Request(new URL(req.url!, `http://${req.headers.host ?? "localhost"}`), {
    method: req.method,
    headers,
    body: hasBody ? (Readable.toWeb(req) as ReadableStream<Uint8Array>) : undefined,
    duplex: "half",
  } as RequestInit);
  const response = await proxyToApi(request, getApiBinding({ env }));
  res.statusCode = response.status;
  response.headers.forEach((value, name) => {
    // Node's fetch already decoded the body, so its encoding and length no longer apply.
    if (name !== "set-cookie" && name !== "content-encoding" && name !== "content-length")
      res.setHeader(name, value);
  });
  const cookies = response.headers.getSetCookie();
  if (cookies.length) res.setHeader("set-cookie", cookies);
  if (!response.body) {
    res.end();
    return;
  }
  Readable.fromWeb(response.body as import("node:stream/web").ReadableStream).pipe(res);
}
