// A loopback proxy between the Workers and ClickHouse that reads every SQL text going through it, so the
// hostile battery can prove that no value it sent was pasted into SQL: values travel as param_* fields,
// and the marker the fuzzers put into every value must never appear in a query's text. An INSERT's rows
// (the request body after `query=INSERT … FORMAT …`) are data, not SQL, and are not read.
//
// Connections: workerd pools its connections to this proxy and reuses them after idle gaps, while
// node:http closes an idle keep-alive connection after 5 s (server.keepAliveTimeout); a request written
// just as the server closes fails in the Worker with "Network connection lost" (workers-sdk #14848). An
// earlier run saw that error on the million-line profile's inserts; 300 timed tries here did not
// reproduce the race, but nothing is lost by closing it: this server never closes an idle connection
// first, and each request to ClickHouse (a node:http server too) takes a new loopback connection.
import { Agent, createServer, request as forward } from "node:http";

export async function startSqlRecorder({ clickhousePort }) {
  let statements = 0;
  /** SQL texts that contained a watched marker */
  const leaks = [];
  let markers = [];
  const check = (sql) => {
    statements++;
    for (const marker of markers) if (sql.includes(marker)) leaks.push(sql.slice(0, 500));
  };

  const upstreamAgent = new Agent({ keepAlive: false });
  const server = createServer((req, res) => {
    const url = new URL(req.url, "http://x");
    const urlQuery = url.searchParams.get("query");
    const bodyIsSql = urlQuery === null;
    if (!bodyIsSql) check(urlQuery);
    const upstream = forward(
      { host: "127.0.0.1", port: clickhousePort, method: req.method, path: req.url, headers: withoutHopByHop(req.headers), agent: upstreamAgent },
      (answer) => {
        res.writeHead(answer.statusCode, withoutHopByHop(answer.headers));
        answer.pipe(res);
      },
    );
    // ClickHouse down: the client sees its connection fail, as it would without the proxy
    upstream.on("error", () => res.destroy());
    if (!bodyIsSql) {
      req.pipe(upstream);
      return;
    }
    const chunks = [];
    req.on("data", (chunk) => chunks.push(chunk));
    req.on("end", () => {
      const body = Buffer.concat(chunks);
      check(body.toString("utf8"));
      upstream.end(body);
    });
  });
  server.keepAliveTimeout = 0;
  await new Promise((resolve) => server.listen(0, "127.0.0.1", resolve));
  return {
    url: `http://127.0.0.1:${server.address().port}`,
    /** Markers to look for in every SQL text from now on. */
    watch(...values) {
      markers = values;
    },
    summary: () => ({ statements, leaks }),
    close: () => {
      server.closeAllConnections();
      return new Promise((resolve) => server.close(resolve));
    },
  };
}

/** Connection-level headers belong to each hop, not to the request or answer passed on. */
function withoutHopByHop(headers) {
  const { connection: _c, "keep-alive": _k, ...rest } = headers;
  return rest;
}
