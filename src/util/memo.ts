/**
 * Remembering results that are asked for again (pure helpers: the caller owns the cache and its lifetime).
 */

/**
 * `make` that remembers its last argument and result: callers that ask for the same object several times in a row
 * (the findings of one target, the services of one vendor) get one result, made once; another argument replaces it.
 */
export function lastOf<K, V>(make: (key: K) => V): (key: K) => V {
  let last: { key: K; value: V } | undefined;
  return (key) => {
    if (last === undefined || last.key !== key) last = { key, value: make(key) };
    return last.value;
  };
}

/**
 * The value `cache` holds for `key`, made by `make` and kept there on first use. A cache that holds `limit` values
 * is emptied before it keeps another (a bound on its memory for caches keyed by input text).
 */
export function cached<K, V>(cache: Map<K, V>, key: K, make: () => V, limit = Number.POSITIVE_INFINITY): V {
  let value = cache.get(key);
  if (value === undefined) {
    value = make();
    if (cache.size >= limit) cache.clear();
    cache.set(key, value);
  }
  return value;
}
