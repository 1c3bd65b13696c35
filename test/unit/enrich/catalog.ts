import type { Catalog, Entity, Regime, Region } from '../../../src/catalog/types.js';
import { Jurisdictions } from '../../../src/enrich/jurisdictions.js';

const CITED = { source: 'test', asOf: '2026-11-28' };

function regime(id: string, term: string, citation: string, members: Regime['members']): Regime {
  return { ...CITED, id, name: id, jurisdiction: 'US', citation, term, restricts: 'test', members };
}

function region(id: string, country: string, extra: Partial<Region> = {}): Region {
  return { id, country, ...extra };
}

/**
 * A small catalogue for pure unit tests: two US regimes (ICTS names China with Hong Kong and Macau and Russia; the DSP
 * names those and Venezuela), a Venezuela-only regime of another jurisdiction, and one provider `cloudco` with
 * regions in the US, Germany and China (the Chinese one operated by `opco`), zones for two of them.
 */
export function smallCatalog(): Pick<
  Catalog,
  'regimes' | 'countries' | 'coveredPerson' | 'regionIndex' | 'zoneIndex' | 'entities'
> {
  const regimes = [
    regime('us-icts', 'foreign adversary', '15 CFR 791.4 (formerly 15 CFR 7.4); EO 13873', [
      { country: 'CN', label: 'China', includes: ['HK', 'MO'] },
      { country: 'RU', label: 'Russia' },
    ]),
    regime('us-dsp', 'country of concern', '28 CFR 202.209', [
      { country: 'CN', label: 'China', includes: ['HK', 'MO'] },
      { country: 'RU', label: 'Russia' },
      { country: 'VE', label: 'Venezuela' },
    ]),
    { ...regime('eu-x', 'third country', 'EU test', [{ country: 'BR', label: 'Brazil' }]), jurisdiction: 'EU' },
  ];
  const countries: [string, string][] = [
    ['US', 'United States'],
    ['DE', 'Germany'],
    ['CN', 'China'],
    ['HK', 'Hong Kong'],
    ['RU', 'Russia'],
    ['VE', 'Venezuela'],
    ['BR', 'Brazil'],
  ];
  const regions = [
    region('us-east', 'US', { name: 'Virginia', zones: ['us-east-a'] }),
    region('eu-central', 'DE', { name: 'Frankfurt' }),
    region('cn-north', 'CN', { name: 'Beijing', operator: 'opco', zones: ['cn-north-a'] }),
  ];
  const opco: Entity = { ...CITED, id: 'opco', name: 'Op Co Ltd', country: 'CN' };
  return {
    regimes: new Map(regimes.map((r) => [r.id, r])),
    countries: new Map(countries.map(([code, name]) => [code, { code, name }])),
    coveredPerson: { ...CITED, citation: '28 CFR 202.211(a)', ownershipPercent: 50, regime: 'us-dsp' },
    regionIndex: new Map([['cloudco', new Map(regions.map((r) => [r.id, r]))]]),
    zoneIndex: new Map([
      ['cloudco', new Map(regions.flatMap((r) => (r.zones ?? []).map((z): [string, Region] => [z, r])))],
    ]),
    entities: new Map([[opco.id, opco]]),
  };
}

/** The US organisation's view of `smallCatalog()`. */
export function usJurisdictions(catalog = smallCatalog()): Jurisdictions {
  return new Jurisdictions(catalog, 'US');
}
