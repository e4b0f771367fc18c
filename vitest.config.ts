import { defineConfig } from "vitest/config";

// Three kinds of tests: pure modules of the Workers and the UI (node), Workers against the real stack (test/e2e: the stack is
// started once by global-setup), and the UI in headless Chromium (also under test/e2e).
export default defineConfig({
  test: {
    projects: [
      {
        test: { name: "core", include: ["workers/core/**/*.test.ts"], environment: "node" },
      },
      {
        test: { name: "web", include: ["web/src/**/*.test.ts"], environment: "node" },
      },
      {
        test: {
          name: "e2e",
          include: ["test/e2e/**/*.test.ts"],
          environment: "node",
          globalSetup: ["test/e2e/global-setup.ts"],
          testTimeout: 120_000,
          hookTimeout: 300_000,
          fileParallelism: false,
        },
      },
    ],
  },
});
