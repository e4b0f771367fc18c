// Unit tests of the UI's pure modules (web/src/lib). Run from the repo root: npx vitest run -c web/vitest.config.ts
import { fileURLToPath } from "node:url";
import { defineConfig } from "vitest/config";

export default defineConfig({
  root: fileURLToPath(new URL(".", import.meta.url)),
  test: { name: "web", include: ["src/**/*.test.ts"], environment: "node" },
});
