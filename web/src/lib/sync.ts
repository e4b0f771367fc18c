/**
 * Copies into `target` only the fields of `next` whose value changed (compared as JSON). Pages keep their
 * URL state in a Qwik store this way: each component and task subscribes to the fields it reads, so a
 * change of the search does not wake up what depends on the time range.
 */
export function assignChanged<T extends object>(target: T, next: T): (keyof T)[] {
  const changed: (keyof T)[] = [];
  for (const key of Object.keys(next) as (keyof T)[]) {
    if (JSON.stringify(target[key]) !== JSON.stringify(next[key])) {
      target[key] = next[key];
      changed.push(key);
    }
  }
  return changed;
}
