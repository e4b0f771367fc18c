// Types for the indexer tests: the plugin's `cloudflare:test` module and Vite's `?raw` imports.
/// <reference types="@cloudflare/vitest-plugin/types" />
declare module "*?raw" {
  const text: string;
  export default text;
}
