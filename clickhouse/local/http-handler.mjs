// The ClickHouse HTTP interface over an Engine: routes, auth, query assembly and responses.

import { createHash, randomUUID, timingSafeEqual } from "node:crypto";
import { hostname } from "node:os";
import { firstKeyword, splitStatements } from "../sql-statements.mjs";
import { ClickHouseError, describeError, httpStatusFor } from "./errors.mjs";
import {
  encodeBody,
  parseSearch,
  readBody,
  readCredentials,
  readMultipart,
  responseCompression,
} from "./http-params.mjs";

// An INSERT whose data is the request body; it goes to the engine's raw insert path.
const INSERT_WITH_BODY = /^\s*INSERT\s+INTO\s[\s\S]*\sFORMAT\s+\w+\s*$/i;
// Statements allowed when the request is read-only (GET, or readonly=1|2), as on the server.
const READ_ONLY_KEYWORDS = new Set("SELECT WITH SHOW DESCRIBE DESC EXISTS EXPLAIN SET".split(" "));
const TRAILING_FORMAT = /\bFORMAT\s+(\w+)(?:\s+SETTINGS\b[^;]*)?\s*;?\s*$/i;
const DISPLAY_NAME = hostname();

const digest = (text) => createHash("sha256").update(text).digest();
const OK = Buffer.from("Ok.\n");

function contentType(format) {
  if (/^JSON/.test(format)) return "application/json; charset=UTF-8";
  if (/^(TSV|TabSeparated)/.test(format)) return "text/tab-separated-values; charset=UTF-8";
  if (/^CSV/.test(format))
    return `text/csv; charset=UTF-8; header=${/WithNames/.test(format) ? "present" : "absent"}`;
  if (/^(RowBinary|Native|Parquet|Arrow|ORC|Avro)/.test(format)) return "application/octet-stream";
  return "text/plain; charset=UTF-8";
}

const readOnlyError = () =>
  new ClickHouseError(
    164,
    "READONLY",
    "Cannot execute query in readonly mode. For queries over HTTP, method GET implies readonly. You should use method POST for modifying queries",
  );

/** Turns one HTTP request into the statement (or raw insert) the engine runs. */
async function assemble(req, url) {
  const request = parseSearch(url.searchParams);
  let body = req.method === "POST" ? await readBody(req) : Buffer.alloc(0);
  const type = req.headers["content-type"] ?? "";
  if (/^multipart\/form-data/i.test(type)) {
    const fields = await readMultipart(body, type);
    request.query ||= fields.query;
    Object.assign(request.params, fields.params);
    body = Buffer.alloc(0);
  }
  if (request.query && body.length > 0 && INSERT_WITH_BODY.test(request.query)) {
    if (request.readonly) throw readOnlyError();
    return { ...request, insert: { sql: request.query, data: body } };
  }
  // As on the server, the URL query and the body are one text: `query=INSERT … VALUES` + rows.
  const text = [request.query, body.toString("utf8")].filter(Boolean).join("\n");
  const keyword = firstKeyword(text);
  if (!keyword) throw new ClickHouseError(62, "SYNTAX_ERROR", "Empty query");
  let sql = text;
  if (keyword !== "INSERT") {
    // An INSERT's inline data is not SQL; anything else must be one statement (no chained SET/USE).
    const statements = splitStatements(text);
    if (statements.length > 1)
      throw new ClickHouseError(62, "SYNTAX_ERROR", "Multi-statements are not allowed");
    sql = statements[0];
  }
  if ((req.method !== "POST" || request.readonly) && !READ_ONLY_KEYWORDS.has(keyword)) throw readOnlyError();
  const format = TRAILING_FORMAT.exec(sql)?.[1] ?? request.format;
  return { ...request, sql, format };
}

/** A request handler for node:http serving `engine` to the one configured user. */
export function createHandler({ engine, user, password }) {
  const expected = { user, password: digest(password) };
  const authenticate = ({ user: given, password: givenPassword }) => {
    const passwordOk = timingSafeEqual(digest(givenPassword), expected.password);
    if (given !== expected.user || !passwordOk) {
      throw new ClickHouseError(
        516,
        "AUTHENTICATION_FAILED",
        `${given || "default"}: Authentication failed: password is incorrect, or there is no user with such name`,
      );
    }
  };

  return async function handle(req, res) {
    const url = new URL(req.url, "http://localhost");
    const headers = {
      "X-ClickHouse-Query-Id": url.searchParams.get("query_id") || randomUUID(),
      "X-ClickHouse-Server-Display-Name": DISPLAY_NAME,
      "X-ClickHouse-Timezone": engine.timezone,
    };
    const compression = responseCompression(url.searchParams, req.headers["accept-encoding"]);
    const send = async (status, body, extra) => {
      const payload = compression && body.length > 0 ? await encodeBody(compression, body) : body;
      const encoded = payload !== body && { "Content-Encoding": compression.encoding };
      res.writeHead(status, { ...headers, ...extra, ...encoded, "Content-Length": payload.length });
      res.end(req.method === "HEAD" ? undefined : payload);
    };
    try {
      const bare = url.searchParams.get("query") === null && req.method !== "POST";
      if (url.pathname === "/ping" || url.pathname === "/replicas_status" || (url.pathname === "/" && bare)) {
        return await send(200, OK, { "Content-Type": "text/plain; charset=UTF-8" });
      }
      if (url.pathname !== "/") {
        return await send(404, Buffer.from(`There is no handle ${url.pathname}\n`), {
          "Content-Type": "text/plain; charset=UTF-8",
        });
      }
      if (!["GET", "POST", "HEAD"].includes(req.method)) {
        throw new ClickHouseError(1, "UNSUPPORTED_METHOD", `HTTP method ${req.method} is not supported`);
      }
      authenticate(readCredentials(req.headers, url.searchParams));
      const request = await assemble(req, url);
      const result = request.insert
        ? await engine.insert({ ...request.insert, database: request.database, settings: request.settings })
        : await engine.query(request);
      await send(200, result.body, {
        "Content-Type": contentType(request.format),
        "X-ClickHouse-Format": request.format,
        "X-ClickHouse-Summary": JSON.stringify(result.summary),
      });
    } catch (error) {
      const { code, text } = describeError(error);
      await send(httpStatusFor(code), Buffer.from(`${text} (version ${engine.version})\n`), {
        "Content-Type": "text/plain; charset=UTF-8",
        "X-ClickHouse-Exception-Code": String(code),
      }).catch(() => res.destroy());
    }
  };
}
