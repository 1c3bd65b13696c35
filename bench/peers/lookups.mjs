// The static reference table as Sets and per-provider Sets, shared by the peers that test membership directly
// (hand-written JavaScript and the Spectral ruleset). No imports: the Spectral CLI bundles this file into its ruleset.

/** (table) → the table's lists as Sets, and provider → Set of region ids for the per-provider tables. */
export function tableLookups(T) {
  const byProvider = (m) => new Map(Object.entries(m).map(([p, ids]) => [p, new Set(ids)]));
  return {
    adversary: new Set(T.adversaryCountries),
    sensitive: new Set(T.sensitiveCategories),
    advProviders: new Set(T.adversaryProviders),
    listedProviders: new Set(T.listedProviders),
    advRegions: byProvider(T.adversaryRegions),
    advOperated: byProvider(T.adversaryOperatedRegions),
    listedRegions: byProvider(T.listedRegions),
  };
}
