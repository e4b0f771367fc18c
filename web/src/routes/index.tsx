/**
 * `/`: to the profiles page when some service has data, else to the overview (ServicesCountRedirectRouter,
 * A.1), keeping the query string. A 401 goes to the login page first.
 */
import type { RequestHandler } from "@builder.io/qwik-city";
import { apiGet, getApiBinding } from "../lib/api-binding";
import { API, loginHref } from "../lib/api-client";

export const onGet: RequestHandler = async ({ url, redirect, platform, request }) => {
  const api = getApiBinding(platform);
  let services = 1;
  if (api) {
    const res = await apiGet(api, url.origin, API.overview, request.headers).catch(() => null);
    if (res?.status === 401) throw redirect(302, loginHref(`/profiles${url.search}`));
    if (res?.ok)
      services = Number(
        ((await res.json().catch(() => null)) as { services?: unknown } | null)?.services ?? 1,
      );
  }
  throw redirect(302, `${services > 0 ? "/profiles" : "/overview"}${url.search}`);
};
