// A minimal ClickHouse HTTP client for scripts and tests (the Workers use @clickhouse/client-web).
// Values travel as query parameters (`{name:Type}` in the SQL, `param_name` in the URL).

export function clickhouseConnection(env = process.env) {
  return {
    url: env.CLICKHOUSE_URL || "http://127.0.0.1:8123",
    user: env.CLICKHOUSE_USER || "default",
    password: env.CLICKHOUSE_PASSWORD ?? "",
  };
}

/**
 * Runs one statement; returns the JSONEachRow rows, 64-bit integers as strings unless `quote64` is false.
 * Plain Web APIs only, so the tests inside workerd use it too.
 */
export async function clickhouseQuery({ url, user = "default", password = "" }, query, params = {}, { quote64 = true } = {}) {
  const search = new URLSearchParams({
    default_format: "JSONEachRow",
    output_format_json_quote_64bit_integers: quote64 ? "1" : "0",
  });
  for (const [name, value] of Object.entries(params)) search.set(`param_${name}`, String(value));
  const res = await fetch(`${url}/?${search}`, {
    method: "POST",
    body: query,
    headers: { authorization: `Basic ${btoa(`${user}:${password}`)}` },
  });
  const text = await res.text();
  if (!res.ok) throw new Error(`ClickHouse ${res.status}: ${text.trim()}`);
  return text
    .split("\n")
    .filter(Boolean)
    .map((line) => JSON.parse(line));
}
