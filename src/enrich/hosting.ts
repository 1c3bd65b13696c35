import type { Catalog } from '../catalog/types.js';
import type { Service } from '../model/types.js';
import { uniqueSorted } from '../util/arrays.js';
import type { Jurisdictions } from './jurisdictions.js';
import type { HostingFacts } from './types.js';

/** The part of the catalogue hosting reads: regions and zones per provider, and region operators' names. */
export type HostingCatalog = Pick<Catalog, 'regionIndex' | 'zoneIndex' | 'entities'>;

/** What hosting needs to know of a service's provider: its id, and whether the catalogue knows its regions. */
export interface HostingProvider {
  id: string;
  inCatalog: boolean;
}

/** Where a service is declared to run. */
export type HostingInput = Pick<Service, 'regions' | 'countries'>;

/**
 * Where a service runs: each declared region or zone of a catalogue provider gives a country (and its operator,
 * where the region is operated by another entity), declared countries are taken as given, and the countries that
 * the organisation's regimes name make the hosting adversary. A region the catalogue does not know is listed in
 * `unknownRegions` and makes the hosting not `known` (never assumed anywhere). Pure.
 */
export function hostingFacts(
  service: HostingInput,
  provider: HostingProvider,
  catalog: HostingCatalog,
  jurisdictions: Jurisdictions,
): HostingFacts {
  const countries = new Set<string>(service.countries ?? []);
  const operators = new Set<string>();
  const unknownRegions: string[] = [];
  const regions = service.regions ?? [];
  const regionIndex = provider.inCatalog ? catalog.regionIndex.get(provider.id) : undefined;
  const zoneIndex = provider.inCatalog ? catalog.zoneIndex.get(provider.id) : undefined;
  const parts: string[] = [];
  for (const id of regions) {
    const region = regionIndex?.get(id) ?? zoneIndex?.get(id);
    if (!region) {
      unknownRegions.push(id);
      continue;
    }
    countries.add(region.country);
    if (region.operator) operators.add(region.operator);
    const operator = region.operator ? (catalog.entities.get(region.operator)?.name ?? region.operator) : undefined;
    parts.push(
      `${provider.id} ${region.id}${region.name ? ` (${region.name})` : ''} is in ${jurisdictions.countryName(region.country)}${operator ? `, operated by ${operator}` : ''}`,
    );
  }
  for (const c of service.countries ?? []) parts.push(`declared country ${jurisdictions.countryName(c)}`);
  const sorted = [...countries].sort();
  const adversaryCountries = sorted.filter((c) => jurisdictions.regimesOf(c).length > 0);
  const regimes = uniqueSorted(adversaryCountries.flatMap((c) => jurisdictions.regimesOf(c)));
  const verdict =
    adversaryCountries.length > 0
      ? ` — ${adversaryCountries.map((c) => jurisdictions.countryName(c)).join(', ')}: ${jurisdictions.regimeCitations(regimes)}`
      : '';
  return {
    known: sorted.length > 0 && unknownRegions.length === 0,
    regions: [...regions],
    unknownRegions,
    countries: sorted,
    adversaryCountries,
    countryNames: sorted.map((c) => jurisdictions.countryName(c)),
    adversaryCountryNames: adversaryCountries.map((c) => jurisdictions.countryName(c)),
    adversary: adversaryCountries.length > 0,
    regimes,
    operators: [...operators].sort(),
    evidence: parts.length > 0 ? `${parts.join('; ')}${verdict}` : 'no region or country declared',
  };
}

/**
 * Hosting facts depend only on the provider and the declared regions and countries, and a few thousand combinations
 * cover hundreds of thousands of services: computed once per combination and shared (facts are read-only).
 */
export class HostingResolver {
  private readonly cache = new Map<string, HostingFacts>();
  private readonly oneRegionCatalog = new Map<string, Map<string, HostingFacts>>();
  private readonly oneRegionOther = new Map<string, Map<string, HostingFacts>>();

  constructor(
    private readonly catalog: HostingCatalog,
    private readonly jurisdictions: Jurisdictions,
  ) {}

  of(service: HostingInput, provider: HostingProvider): HostingFacts {
    const regions = service.regions;
    if (regions?.length === 1 && (service.countries?.length ?? 0) === 0) {
      // the common case, one region and no declared country: two map lookups, no key to build
      const byProvider = provider.inCatalog ? this.oneRegionCatalog : this.oneRegionOther;
      let byRegion = byProvider.get(provider.id);
      if (!byRegion) {
        byRegion = new Map();
        byProvider.set(provider.id, byRegion);
      }
      let facts = byRegion.get(regions[0]);
      if (!facts) {
        facts = hostingFacts(service, provider, this.catalog, this.jurisdictions);
        byRegion.set(regions[0], facts);
      }
      return facts;
    }
    // length-prefixed parts: unambiguous whatever the strings hold
    let key = `${provider.inCatalog ? 'c' : 'x'}${provider.id.length}:${provider.id}`;
    for (const r of service.regions ?? []) key += `|${r.length}:${r}`;
    key += '#';
    for (const c of service.countries ?? []) key += `|${c.length}:${c}`;
    let facts = this.cache.get(key);
    if (!facts) {
      facts = hostingFacts(service, provider, this.catalog, this.jurisdictions);
      this.cache.set(key, facts);
    }
    return facts;
  }
}
