// Types for tests that run inside workerd: each project's main Worker is `exports.default`.
declare namespace Cloudflare {
  interface Exports {
    default: Fetcher & { queue?: unknown };
  }
}
