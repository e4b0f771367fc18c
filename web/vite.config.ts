/**
 * Client + SSR build of the Qwik City app. Runs from the repo root
 * (`npx vite build -c web/vite.config.ts`), so paths are anchored on this file.
 * In `vite --mode ssr` dev, bindings (API → studio-api) come from wrangler's getPlatformProxy, and
 * vite-plugins/api-proxy.ts forwards `/api/*` to that binding like the Pages entry does in production.
 */
import { fileURLToPath } from "node:url";
import { defineConfig, type UserConfig } from "vite";
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
      ...(platform ? [apiProxy(platform.env)] : []),
      qwikCity({ platform, trailingSlash: false }),
      qwikVite(),
    ],
    server: { headers: { "Cache-Control": "public, max-age=0" } },
    preview: { headers: { "Cache-Control": "public, max-age=600" } },
  };
});
