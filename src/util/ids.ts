/** Unique ids within a set (importers: vendor and service ids; merging fragments). Pure. */

/**
 * For each set given to `uniqueId`, the next suffix to try per base id: every smaller suffix was found taken (sets
 * only grow), so a thousand rows with one name cost a thousand lookups, not half a million.
 */
const nextSuffix = new WeakMap<Set<string>, Map<string, number>>();

/** Make ids unique within a set by suffixing -2, -3 … (the first free one; `taken` must only grow). */
export function uniqueId(id: string, taken: Set<string>, separator = '-', work?: { lookups: number }): string {
  let next = nextSuffix.get(taken);
  if (!next) {
    next = new Map();
    nextSuffix.set(taken, next);
  }
  const key = `${separator}\0${id}`;
  // n = 1 is the id itself, then id-2, id-3 …
  for (let n = next.get(key) ?? 1; ; n++) {
    const candidate = n === 1 ? id : `${id}${separator}${n}`;
    if (work) work.lookups++;
    if (!taken.has(candidate)) {
      next.set(key, n + 1);
      taken.add(candidate);
      return candidate;
    }
  }
}
