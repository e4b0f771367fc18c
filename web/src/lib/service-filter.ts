import type { ServiceInfo } from "./wire";

/**
 * The services the picker lists for what was typed: names starting with it first, then names containing
 * it, any case, each group in the api's order (services with data first). An empty query lists all.
 */
export function filterServices(services: readonly ServiceInfo[], query: string): ServiceInfo[] {
  const q = query.trim().toLowerCase();
  if (!q) return [...services];
  const starts: ServiceInfo[] = [];
  const contains: ServiceInfo[] = [];
  for (const s of services) {
    const name = s.name.toLowerCase();
    if (name.startsWith(q)) starts.push(s);
    else if (name.includes(q)) contains.push(s);
  }
  return [...starts, ...contains];
}

/** The option index after a key press in a list of `count` (wrapping), or null for other keys. */
export function movedIndex(key: string, index: number, count: number): number | null {
  if (count === 0) return null;
  if (key === "ArrowDown") return (index + 1) % count;
  if (key === "ArrowUp") return (index - 1 + count) % count;
  if (key === "Home") return 0;
  if (key === "End") return count - 1;
  if (key === "PageDown") return Math.min(index + 10, count - 1);
  if (key === "PageUp") return Math.max(index - 10, 0);
  return null;
}
