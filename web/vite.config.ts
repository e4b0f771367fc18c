/**
 * Client + SSR build of the Qwik City app. Runs from the repo root
 * (`npx vite build -c web/vite.config.ts`), so paths are anchored on this file.
 * In `vite --mode ssr` dev, bindings (API → studio-api) come from wrangler's getPlatformProxy, and
 * vite-plugins/api-proxy.ts forwards `/api/*` to that binding like the Pages entry does in production.
 */
import { fileURLToPath } from "node:url";
import { defineConfig, type Plugin, type UserConfig } from "vite";
import { qwikVite } from "@builder.io/qwik/optimizer";
import { qwikCity } from "@builder.io/qwik-city/vite";
import { apiProxy } from "./vite-plugins/api-proxy";

const root = fileURLToPath(new URL(".", import.meta.url));

export default defineConfig(async ({ command }): Promise<UserConfig> => {
  let platform: ({ env: Record<string, unknown> } & Record<string, unknown>) | undefined;
  if (command === "serve") {
    const { getPlatformProxy } = await import("wrangler");
    const proxy = await getPlatformProxy({ configPath: `${root}wrangler.toml`, persist: false });
    platform = { env: proxy.env, ctx: proxy.ctx, caches: proxy.caches, cf: proxy.cf };
  }
  return {
    root,
    // The original studio serves `/profiles`, not `/profiles/` (frontend-and-agent.md A.1).
    plugins: [
      clientChunks(),
      ...(platform ? [apiProxy(platform.env)] : []),
      qwikCity({ platform, trailingSlash: false }),
      qwikVite(),
    ],
    server: { headers: { "Cache-Control": "public, max-age=0" } },
    preview: { headers: { "Cache-Control": "public, max-age=600" } },
  };
});

/**
 * The browser's JS in a few chunks instead of Qwik's one per segment (~190): a page's first paint
 * otherwise waits on ~110 requests, most of them a few hundred bytes, one connection round trip each
 * (scripts/bench/ui.mjs). d3 and the drawing code load only when a graph is drawn; each page's route
 * code is its own chunk; the rest of the app (components, lib, Qwik City) is one. The server build keeps
 * Rollup's default (grouped, its route modules would import each other in a cycle).
 */
function clientChunks(): Plugin {
  const chunkOf = (id: string): string | null => {
    if (/node_modules\/(d3|d3-[^/]+|internmap|delaunator|robust-predicates)\//.test(id)) return "flame-draw";
    if (id.endsWith("/components/flame-graph/draw.ts")) return "flame-draw";
    const route = /\/web\/src\/routes\/([^/]+)\//.exec(id);
    if (route) return `route-${route[1]}`;
    return id.includes("/web/src/") || id.includes("/@builder.io/qwik-city/") ? "app" : null;
  };
  return {
    name: "studio-client-chunks",
    config: (config) =>
      config.build?.ssr ? undefined : { build: { rollupOptions: { output: { manualChunks: chunkOf } } } },
  };
}
