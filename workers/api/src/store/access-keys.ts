// The signing keys of a Cloudflare Access team, cached per isolate: Access rotates them every few weeks
// and publishes the next one ahead, so a short cache plus a refresh on an unknown key id is enough.
import type { AccessJwk } from "../../../core/src/access-jwt";

const CACHE_MS = 10 * 60_000;
const MIN_REFRESH_MS = 30_000;
const cache = new Map<string, { keys: AccessJwk[]; fetchedAt: number }>();

export async function accessKeys(teamDomain: string, kid: string | undefined): Promise<AccessJwk[]> {
  const cached = cache.get(teamDomain);
  const age = cached ? Date.now() - cached.fetchedAt : Infinity;
  const known = cached?.keys.some((key) => key.kid === kid);
  if (cached && age < CACHE_MS && (known || age < MIN_REFRESH_MS)) return cached.keys;
  const res = await fetch(`https://${teamDomain}/cdn-cgi/access/certs`, {
    signal: AbortSignal.timeout(5000),
  });
  if (!res.ok) throw new Error(`Cloudflare Access certs: HTTP ${res.status}`);
  const { keys } = (await res.json()) as { keys?: AccessJwk[] };
  const fresh = { keys: Array.isArray(keys) ? keys : [], fetchedAt: Date.now() };
  cache.set(teamDomain, fresh);
  return fresh.keys;
}
