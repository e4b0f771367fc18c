// A real webhook receiver for the api tests (a vitest globalSetup, in node): the Worker inside workerd
// posts alerts to it over HTTP, and the tests read back exactly what arrived (headers and raw body) to
// verify the signatures. POST to any path is recorded; `/status/<code>/…` answers that status and
// `/fail/<n>/…` answers 503 to the first n posts of that path, 204 after. GET /received?path=P lists
// what was posted to P, oldest first.
import { createServer, type IncomingHttpHeaders } from "node:http";
import type { AddressInfo } from "node:net";
import type { TestProject } from "vitest/node";

export interface ReceivedPost {
  path: string;
  headers: IncomingHttpHeaders;
  body: string;
}

declare module "vitest" {
  export interface ProvidedContext {
    webhookReceiver: string;
  }
}

export default async function setup(project: TestProject) {
  const received: ReceivedPost[] = [];
  const server = createServer((req, res) => {
    const url = new URL(req.url ?? "/", "http://receiver");
    if (req.method === "GET" && url.pathname === "/received") {
      const path = url.searchParams.get("path");
      res.writeHead(200, { "content-type": "application/json" });
      res.end(JSON.stringify(received.filter((r) => r.path === path)));
      return;
    }
    const chunks: Buffer[] = [];
    req.on("data", (chunk: Buffer) => chunks.push(chunk));
    req.on("end", () => {
      const post = { path: url.pathname, headers: req.headers, body: Buffer.concat(chunks).toString("utf8") };
      received.push(post);
      const status = /^\/status\/(\d{3})\//.exec(url.pathname);
      const fail = /^\/fail\/(\d+)\//.exec(url.pathname);
      const earlier = received.filter((r) => r.path === url.pathname).length - 1;
      res.writeHead(status ? Number(status[1]) : fail && earlier < Number(fail[1]) ? 503 : 204).end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  project.provide("webhookReceiver", `http://127.0.0.1:${(server.address() as AddressInfo).port}`);
  return () => new Promise<void>((resolve) => server.close(() => resolve()));
}
