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

/**
 * Where a facts class keeps the names of the facts its prototype's getters compute on read. A symbol: a rule's path
 * is made of strings, so it can never name this key.
 */
export const DECLARED_FACTS: unique symbol = Symbol('residency.declaredFacts');

/** An object whose prototype declares facts computed on read (`declareFacts`). */
interface Declaring {
  readonly [DECLARED_FACTS]?: ReadonlySet<string>;
}

/**
 * Declare a facts class: the getters of `prototype` named `computed` are facts a rule may read, and its JSON (what a
 * message quoting the facts writes) has `keys`, in that order, own or computed. Rules read own properties only
 * (compile.ts), so that a path can never reach an inherited member (`constructor`, `__proto__`, `toString`, a
 * method); a declared getter is the one inherited member a path reaches. Each computed name must be a getter of
 * that very prototype, among `keys`, and no member of `Object.prototype`.
 */
export function declareFacts(prototype: object, keys: readonly string[], computed: readonly string[]): void {
  for (const name of computed) {
    const own = Object.getOwnPropertyDescriptor(prototype, name);
    if (own?.get === undefined || name in Object.prototype || !keys.includes(name)) {
      throw new Error(`declareFacts: '${name}' is not a getter of its own prototype among the keys`);
    }
  }
  Object.defineProperty(prototype, DECLARED_FACTS, { value: Object.freeze(new Set(computed)) });
  Object.defineProperty(prototype, 'toJSON', {
    value(this: object) {
      return factsObject(this, keys);
    },
    writable: true,
    configurable: true,
  });
}

/**
 * Whether a rule's path may read `key` on `target`: an own property, or a fact its class declares (computed on
 * read). Inherited members are not facts, whatever their name.
 */
export function isFact(target: object, key: string): boolean {
  if (Object.hasOwn(target, key)) return true;
  const declared = (target as Declaring)[DECLARED_FACTS];
  return declared?.has(key) === true;
}

/** A plain object of `keys`, in that order, read from `facts` (own or declared): a facts class's JSON. */
export function factsObject(facts: object, keys: readonly string[]): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const key of keys) out[key] = (facts as Record<string, unknown>)[key];
  return out;
}
