/**
 * Facts are read-only once enrichment returns, and most lists in them are empty (no list hit, no regime, no
 * counterparty of concern) or repeat across targets. One frozen empty list is shared by every fact that has no
 * element instead of one array per vendor, service and data set (32 bytes each, ~20 per vendor); a write to it
 * throws instead of leaking into another target's facts.
 */
export const EMPTY: never[] = Object.freeze([]) as unknown as never[];

/** `list`, or the shared empty list when it has no element. */
export function orEmpty<T>(list: T[]): T[] {
  return list.length === 0 ? EMPTY : list;
}

/** Own enumerable accessors sharing one getter each: rules read own properties only (Object.hasOwn). */
export type LazyFields = readonly (readonly [PropertyKey, PropertyDescriptor])[];

/** Lazy fields from one function per key, each computing the field from the object it is read on. */
export function lazyFields<T>(getters: Record<string, (target: T) => unknown>): LazyFields {
  return Object.entries(getters).map(([key, read]) => [
    key,
    {
      enumerable: true,
      get(this: T) {
        return read(this);
      },
    },
  ]);
}

/**
 * Define `fields` on `target` in order. One `Object.defineProperty` per field: `Object.defineProperties` with a
 * descriptor map re-reads the map on every call and took twice as long per object (node 20, micro-benchmark).
 */
export function defineLazy(target: object, fields: LazyFields): void {
  for (const [key, descriptor] of fields) Object.defineProperty(target, key, descriptor);
}

/**
 * `text` as one flat string. A sentence built by concatenation is a rope (a 32-byte node per part, ~4× the flat
 * string for a 16-part sentence); one that stays live (kept facts, memoised evidence) is worth flattening. The
 * content is unchanged whatever the engine does (an empty match replaced by nothing).
 */
export function flat(text: string): string {
  return text.replace(START, '');
}

const START = /^/;
