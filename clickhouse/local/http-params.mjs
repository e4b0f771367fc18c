// Reading one ClickHouse HTTP request: URL parameters, credentials and the (compressed) body.
// Follows what @clickhouse/client-web 1.23.1 sends (toolchain.md §3.1) and the server's own rules.

import { promisify } from "node:util";
import zlib from "node:zlib";
import { ClickHouseError } from "./errors.mjs";

// URL parameters the HTTP layer consumes itself; every other one is a query-level setting.
const HTTP_ONLY = new Set(
  `query database default_format query_id user password quota_key role readonly session_id
   session_timeout session_check compress decompress buffer_size wait_end_of_query
   enable_http_compression http_zlib_compression_level send_progress_in_http_headers
   http_headers_progress_interval_ms http_wait_end_of_query http_response_buffer_size
   add_http_cors_header client_protocol_version`.split(/\s+/),
);
const SETTING_NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;

/**
 * Splits the URL parameters into the parts of a request. `params` keeps param_* values exactly as
 * sent (ClickHouse's escaped text form); `settings` maps setting name → value text.
 */
export function parseSearch(search) {
  const request = {
    query: search.get("query") ?? "",
    database: search.get("database") || "default",
    format: search.get("default_format") || "TabSeparated",
    params: {},
    settings: new Map(),
    readonly: !["", "0", null].includes(search.get("readonly")),
  };
  if (search.get("decompress") === "1" || search.get("compress") === "1") {
    throw new ClickHouseError(
      48,
      "NOT_IMPLEMENTED",
      "ClickHouse-native HTTP compression is not supported by the local server",
    );
  }
  for (const [name, value] of search) {
    if (name.startsWith("param_")) request.params[name.slice("param_".length)] = value;
    else if (HTTP_ONLY.has(name)) continue;
    else if (!SETTING_NAME.test(name))
      throw new ClickHouseError(115, "UNKNOWN_SETTING", `Unknown setting '${name}'`);
    else request.settings.set(name, value);
  }
  return request;
}

/** Credentials in the server's order: X-ClickHouse-User/Key, Basic auth, user/password params. */
export function readCredentials(headers, search) {
  const user = headers["x-clickhouse-user"];
  const key = headers["x-clickhouse-key"];
  if (user !== undefined || key !== undefined) return { user: user ?? "default", password: key ?? "" };
  const authorization = headers.authorization ?? "";
  if (/^basic /i.test(authorization)) {
    const decoded = Buffer.from(authorization.slice(6).trim(), "base64").toString("utf8");
    const colon = decoded.indexOf(":");
    return colon === -1
      ? { user: decoded, password: "" }
      : { user: decoded.slice(0, colon), password: decoded.slice(colon + 1) };
  }
  if (authorization) return { user: "", password: "" }; // Bearer (JWT) is a Cloud feature
  return { user: search.get("user") ?? "default", password: search.get("password") ?? "" };
}

const DECODERS = {
  gzip: promisify(zlib.gunzip),
  "x-gzip": promisify(zlib.gunzip),
  deflate: promisify(zlib.inflate),
  br: promisify(zlib.brotliDecompress),
};

/** The whole request body, with Content-Encoding undone (last applied, first undone). */
export async function readBody(req) {
  const chunks = [];
  for await (const chunk of req) chunks.push(chunk);
  let body = Buffer.concat(chunks);
  const encodings = (req.headers["content-encoding"] ?? "")
    .split(",")
    .map((name) => name.trim().toLowerCase())
    .filter((name) => name && name !== "identity");
  for (const encoding of encodings.reverse()) {
    const decode = DECODERS[encoding];
    if (!decode)
      throw new ClickHouseError(1, "UNSUPPORTED_METHOD", `Unknown HTTP compression method '${encoding}'`);
    body = await decode(body);
  }
  return body;
}

/** Query text and param_* fields of a multipart/form-data body (client-web `use_multipart_params`). */
export async function readMultipart(body, contentType) {
  const form = await new Response(body, { headers: { "content-type": contentType } }).formData();
  const fields = { query: "", params: {} };
  for (const [name, value] of form) {
    if (typeof value !== "string") continue; // file parts are external tables: not supported
    if (name === "query") fields.query = value;
    else if (name.startsWith("param_")) fields.params[name.slice("param_".length)] = value;
  }
  return fields;
}

const ENCODERS = {
  gzip: (body, level) => promisify(zlib.gzip)(body, { level }),
  deflate: (body, level) => promisify(zlib.deflate)(body, { level }),
  br: (body) => promisify(zlib.brotliCompress)(body),
};

/**
 * How to compress the response: only with enable_http_compression=1, in the first encoding of the
 * client's Accept-Encoding that we can produce; null for none.
 */
export function responseCompression(search, acceptEncoding = "") {
  if (!["1", "true"].includes(search.get("enable_http_compression"))) return null;
  const level = Math.min(Math.max(Number(search.get("http_zlib_compression_level")) || 3, 1), 9);
  for (const part of acceptEncoding.split(",")) {
    const [encoding, quality] = part.trim().toLowerCase().split(";");
    if (ENCODERS[encoding] && quality?.trim() !== "q=0") return { encoding, level };
  }
  return null;
}

export function encodeBody({ encoding, level }, body) {
  return ENCODERS[encoding](body, level);
}
