// Types for the ingest tests: the plugin's `cloudflare:test` module and Vite's `?raw` imports (a file's
// text, used for the real agent profile fixture).
/// <reference types="@cloudflare/vitest-plugin/types" />
declare module "*?raw" {
  const text: string;
  export default text;
}
