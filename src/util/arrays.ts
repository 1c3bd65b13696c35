/**
 * Append every item of `items` to `target`. `target.push(...items)` passes each item as an argument and
 * throws RangeError (call stack) past ~100,000 items — e.g. one diagnostic per vendor of a large inventory.
 */
export function pushAll<T>(target: T[], items: readonly T[]): T[] {
  for (let i = 0; i < items.length; i++) target.push(items[i]);
  return target;
}

/** The distinct values, sorted (code-unit order: stable across locales). */
export function uniqueSorted<T extends string>(values: Iterable<T>): T[] {
  return [...new Set(values)].sort();
}
