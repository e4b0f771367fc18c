/** Cloudflare Pages (advanced mode) entry; built into `dist/_worker.js` by adapters/cloudflare-pages. */
import {
  createQwikCity,
  type PlatformCloudflarePages,
} from "@builder.io/qwik-city/middleware/cloudflare-pages";
import qwikCityPlan from "@qwik-city-plan";
import { manifest } from "@qwik-client-manifest";
import { getApiBinding, isApiPath, proxyToApi } from "./lib/api-binding";
import render from "./entry.ssr";

declare global {
  interface QwikCityPlatform extends PlatformCloudflarePages {}
}

const qwikCity = createQwikCity({ render, qwikCityPlan, manifest });

type Env = Parameters<typeof qwikCity>[1];

/**
 * `/api/*` goes to the api Worker before Qwik City sees it. Qwik City's request handler is not a
 * transparent proxy: its `send(response)` turns a 204 (the api's "no data") into a 500, its CSRF check
 * rejects POST/PUT/PATCH/DELETE without an Origin header, and it caches GET responses by URL alone.
 */
const fetch = (request: Request, env: Env, ctx: PlatformCloudflarePages["ctx"]): Promise<Response> =>
  isApiPath(new URL(request.url).pathname)
    ? proxyToApi(request, getApiBinding({ env }))
    : qwikCity(request, env, ctx);

export { fetch };
