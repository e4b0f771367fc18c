/**
 * The UI reaches the api Worker only through the `API` service binding (web/wrangler.toml → service
 * `studio-api`): `/api/*` on the UI origin is forwarded as is (entry.cloudflare-pages.tsx, and the dev
 * server's vite-plugins/api-proxy.ts), and route loaders call it during SSR.
 */

/**
 * The part of a Workers `Fetcher` binding the UI uses. Calls pass a URL string and an init, not a
 * Request: the dev server's binding (getPlatformProxy, undici) cannot read a Request from another realm.
 */
export interface ServiceBinding {
  fetch(url: string, init?: RequestInit): Promise<Response>;
}

export function getApiBinding(
  platform: { env?: Record<string, unknown> } | undefined,
): ServiceBinding | null {
  const api = platform?.env?.API as Partial<ServiceBinding> | undefined;
  return api && typeof api.fetch === "function" ? (api as ServiceBinding) : null;
}

/** Paths the api Worker serves, the same as the original studio's (frontend-and-agent.md A.2). */
export const isApiPath = (pathname: string) => pathname === "/api" || pathname.startsWith("/api/");

const jsonError = (status: number, message: string) =>
  new Response(JSON.stringify({ message }), {
    status,
    headers: { "Content-Type": "application/json; charset=utf-8", "Cache-Control": "no-store" },
  });

/**
 * Forwards a request unchanged (method, path, query, headers incl. Cookie and Authorization, body) and
 * returns the api's response as is. A missing binding or a failed call becomes a 502 `{ "message" }`.
 */
export async function proxyToApi(request: Request, api: ServiceBinding | null): Promise<Response> {
  if (!api) return jsonError(502, "The API service binding is not configured");
  const hasBody = request.method !== "GET" && request.method !== "HEAD";
  const init = {
    method: request.method,
    headers: request.headers,
    body: hasBody ? request.body : null,
    redirect: "manual",
    // Required by Node's fetch for a streamed body; workerd ignores it.
    duplex: "half",
  } satisfies RequestInit & { duplex: "half" };
  try {
    return await api.fetch(request.url, init);
  } catch (err) {
    return jsonError(
      502,
      `The API service is unreachable: ${err instanceof Error ? err.message : String(err)}`,
    );
  }
}

/** Headers a server-side call on behalf of the browser keeps, so the api sees the same user. */
const FORWARDED_HEADERS = ["authorization", "cookie"];

/** GET `path` on the api during SSR, as the user who asked for the page. */
export function apiGet(
  api: ServiceBinding,
  origin: string,
  path: string,
  incoming: Headers,
): Promise<Response> {
  const headers = new Headers({ Accept: "application/json" });
  for (const name of FORWARDED_HEADERS) {
    const value = incoming.get(name);
    if (value) headers.set(name, value);
  }
  return api.fetch(new URL(path, origin).href, { headers });
}
