/**
 * Route loaders shared by several pages (re-exported from their route files, as Qwik City requires).
 * They call the api Worker during SSR through the service binding, as the user who asked for the page;
 * a 401 sends the browser to the login page and back.
 */
import { routeLoader$, type RequestEventLoader } from "@builder.io/qwik-city";
import { apiGet, getApiBinding } from "./api-binding";
import { API, loginHref, responseMessage } from "./api-client";
import { parseServices, sortServices } from "./services";
import type { ServiceInfo, User } from "./wire";

export interface Loaded<T> {
  data: T | null;
  error: string | null;
  /** The api answered 404: the route does not exist (yet). */
  missing?: boolean;
}

/** GET `path` on the api as the current user: 204 is null data, a failure is an error message. */
export async function loadFromApi<T>(ev: RequestEventLoader, path: string): Promise<Loaded<T>> {
  const api = getApiBinding(ev.platform);
  if (!api) return { data: null, error: "The API service binding is not configured" };
  let res: Response;
  try {
    res = await apiGet(api, ev.url.origin, path, ev.request.headers);
  } catch (err) {
    return {
      data: null,
      error: `The API service is unreachable: ${err instanceof Error ? err.message : String(err)}`,
    };
  }
  if (res.status === 401) throw ev.redirect(302, loginHref(`${ev.url.pathname}${ev.url.search}`));
  if (res.status === 204) return { data: null, error: null };
  if (!res.ok) return { data: null, error: await responseMessage(res), missing: res.status === 404 };
  try {
    return { data: (await res.json()) as T, error: null };
  } catch {
    return { data: null, error: "The api answered with invalid JSON" };
  }
}

export interface ServicesResult {
  services: ServiceInfo[];
  error: string | null;
}

/** `GET /api/services`, services with data first; 204 means none. */
export const useServices = routeLoader$(async (ev): Promise<ServicesResult> => {
  const { data, error } = await loadFromApi<unknown>(ev, API.services);
  return { services: sortServices(parseServices(data)), error: error && `Loading services failed: ${error}` };
});

/**
 * The signed-in user for the header. Without the auth route (404) the UI works without a user; the
 * login page itself needs none.
 */
export const useUser = routeLoader$(async (ev): Promise<User | null> => {
  if (isPublicPage(ev.url.pathname)) return null;
  const { data } = await loadFromApi<{ username?: unknown; isAdmin?: unknown }>(ev, API.me);
  return data && typeof data.username === "string"
    ? { username: data.username, isAdmin: data.isAdmin === true }
    : null;
});

/** Pages shown without login: the login page and share links (their own capability). */
export const isPublicPage = (pathname: string) =>
  pathname.startsWith("/login") || pathname.startsWith("/share/");

/** The agents' domain for install commands: the `AGENTS_URL` var of web/wrangler.toml. */
export const useAgentsUrl = routeLoader$((ev): string => {
  const value = (ev.platform as { env?: Record<string, unknown> } | undefined)?.env?.AGENTS_URL;
  return typeof value === "string" && value ? value : "http://127.0.0.1:8787";
});
