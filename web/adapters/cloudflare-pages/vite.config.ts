/** Server build for Cloudflare Pages (advanced mode): writes `dist/_worker.js` and `dist/_routes.json`. */
import { fileURLToPath } from "node:url";
import { cloudflarePagesAdapter } from "@builder.io/qwik-city/adapters/cloudflare-pages/vite";
import { extendConfig } from "@builder.io/qwik-city/vite";
import baseConfig from "../../vite.config";

const src = (path: string) => fileURLToPath(new URL(`../../src/${path}`, import.meta.url));

export default extendConfig(baseConfig, () => ({
  build: {
    ssr: true,
    rollupOptions: { input: [src("entry.cloudflare-pages.tsx"), "@qwik-city-plan"] },
  },
  plugins: [cloudflarePagesAdapter()],
}));
