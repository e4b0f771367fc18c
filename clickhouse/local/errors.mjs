// ClickHouse-shaped errors. The body is what a real server sends, so @clickhouse/client-web parses it
// into a ClickHouseError: `Code: N. DB::Exception: <message> (<TYPE>) (version X)` (toolchain.md §3.1).

/** An error raised by the shim itself, before or around the engine. */
export class ClickHouseError extends Error {
  constructor(code, type, message) {
    super(`Code: ${code}. DB::Exception: ${message}. (${type})`);
    this.code = code;
  }
}

// Subset of the server's exceptionCodeToHTTPStatus; every other code is a 500.
const STATUS_BY_CODE = new Map([
  ...[192, 193, 194, 516].map((code) => [code, 401]), // unknown user, wrong password, auth failed
  ...[164, 497].map((code) => [code, 403]), // READONLY, ACCESS_DENIED
  ...[46, 47, 50, 60, 81].map((code) => [code, 404]), // UNKNOWN_FUNCTION/IDENTIFIER/TYPE/TABLE/DATABASE
  ...[6, 16, 26, 27, 36, 38, 41, 42, 43, 44, 53, 62, 72, 73, 115, 117, 456, 457].map((code) => [code, 400]),
  [1, 501], // UNSUPPORTED_METHOD
  [48, 501], // NOT_IMPLEMENTED
  [159, 504], // TIMEOUT_EXCEEDED
]);

const CODE_PREFIX = /^Code: (\d+)\./;

/** Code and ClickHouse text of anything thrown while serving a request. */
export function describeError(error) {
  const text = String(error?.message ?? error);
  const match = CODE_PREFIX.exec(text);
  if (match) return { code: Number(match[1]), text };
  // chdb's own typed errors (bind, closed session, …) carry no ClickHouse code.
  return { code: 1001, text: `Code: 1001. DB::Exception: ${text}. (STD_EXCEPTION)` };
}

export function httpStatusFor(code) {
  return STATUS_BY_CODE.get(code) ?? 500;
}
