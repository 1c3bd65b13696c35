import { describe, expect, it } from 'vitest';
import { HostingResolver, hostingFacts } from '../../../src/enrich/hosting.js';
import { smallCatalog, usJurisdictions } from './catalog.js';

const catalog = smallCatalog();
const jurisdictions = usJurisdictions(catalog);
const CLOUDCO = { id: 'cloudco', inCatalog: true };

function hosting(service: { regions?: string[]; countries?: string[] }, provider = CLOUDCO) {
  return hostingFacts(service, provider, catalog, jurisdictions);
}

describe('jurisdictions', () => {
  it('maps each country (and the codes a member includes) to the regimes of the organisation that name it', () => {
    expect(jurisdictions.regimesOf('CN')).toEqual(['us-dsp', 'us-icts']);
    expect(jurisdictions.regimesOf('HK')).toEqual(['us-dsp', 'us-icts']);
    expect(jurisdictions.regimesOf('VE')).toEqual(['us-dsp']);
    // another jurisdiction's regime does not apply to a US organisation
    expect(jurisdictions.regimesOf('BR')).toEqual([]);
    expect(jurisdictions.regimesOf(undefined)).toEqual([]);
    expect([...jurisdictions.countriesOfConcern].sort()).toEqual(['CN', 'HK', 'MO', 'RU', 'VE']);
    expect([...jurisdictions.members('us-icts')].sort()).toEqual(['CN', 'HK', 'MO', 'RU']);
  });

  it('cites each regime by its term and first citation, without parentheticals', () => {
    expect(jurisdictions.regimeCitations(['us-icts', 'us-dsp'])).toBe(
      'foreign adversary (15 CFR 791.4); country of concern (28 CFR 202.209)',
    );
    expect(jurisdictions.citation('nope', 'fallback')).toBe('fallback');
    expect(jurisdictions.countryName('XX')).toBe('XX');
  });
});

describe('hostingFacts', () => {
  it('resolves a catalogue region to its country; a non-adversary country is known and not adversary', () => {
    const h = hosting({ regions: ['eu-central'] });
    expect(h).toMatchObject({
      known: true,
      regions: ['eu-central'],
      unknownRegions: [],
      countries: ['DE'],
      countryNames: ['Germany'],
      adversary: false,
      adversaryCountries: [],
      regimes: [],
      operators: [],
    });
    expect(h.evidence).toBe('cloudco eu-central (Frankfurt) is in Germany');
  });

  it('resolves a zone to its region, names the region operator and the regimes the country falls under', () => {
    const h = hosting({ regions: ['cn-north-a'] });
    expect(h.countries).toEqual(['CN']);
    expect(h.adversary).toBe(true);
    expect(h.adversaryCountryNames).toEqual(['China']);
    expect(h.regimes).toEqual(['us-dsp', 'us-icts']);
    expect(h.operators).toEqual(['opco']);
    expect(h.evidence).toBe(
      'cloudco cn-north (Beijing) is in China, operated by Op Co Ltd — China: country of concern (28 CFR 202.209); foreign adversary (15 CFR 791.4)',
    );
  });

  it('keeps an unknown region as unknown: listed, the hosting not known, never placed in a country', () => {
    const h = hosting({ regions: ['us-east', 'mars-1'] });
    expect(h.unknownRegions).toEqual(['mars-1']);
    expect(h.countries).toEqual(['US']);
    expect(h.known).toBe(false);
    expect(h.adversary).toBe(false);
  });

  it('does not look up regions of a provider outside the catalogue (their ids may collide)', () => {
    const h = hosting({ regions: ['cn-north'] }, { id: 'cloudco', inCatalog: false });
    expect(h.unknownRegions).toEqual(['cn-north']);
    expect(h.adversary).toBe(false);
    expect(h.known).toBe(false);
  });

  it('takes declared countries as given, sorted and de-duplicated with the regions’ countries', () => {
    const h = hosting({ regions: ['us-east'], countries: ['VE', 'US'] });
    expect(h.countries).toEqual(['US', 'VE']);
    expect(h.adversaryCountries).toEqual(['VE']);
    expect(h.regimes).toEqual(['us-dsp']);
    expect(h.known).toBe(true);
    expect(h.evidence).toContain('declared country Venezuela');
  });

  it('says nothing is declared when there is neither region nor country', () => {
    const h = hosting({});
    expect(h.known).toBe(false);
    expect(h.countries).toEqual([]);
    expect(h.evidence).toBe('no region or country declared');
  });
});

describe('HostingResolver', () => {
  it('shares one fact set per provider and declared location, and keeps catalogue and other providers apart', () => {
    const resolver = new HostingResolver(catalog, jurisdictions);
    const a = resolver.of({ regions: ['cn-north'] }, CLOUDCO);
    expect(resolver.of({ regions: ['cn-north'] }, CLOUDCO)).toBe(a);
    expect(a).toEqual(hosting({ regions: ['cn-north'] }));
    const other = resolver.of({ regions: ['cn-north'] }, { id: 'cloudco', inCatalog: false });
    expect(other).not.toBe(a);
    expect(other.unknownRegions).toEqual(['cn-north']);
    const many = resolver.of({ regions: ['us-east', 'eu-central'], countries: ['RU'] }, CLOUDCO);
    expect(resolver.of({ regions: ['us-east', 'eu-central'], countries: ['RU'] }, CLOUDCO)).toBe(many);
    expect(many.countries).toEqual(['DE', 'RU', 'US']);
    // the key separates regions from countries: a region named like a country is not a declared country
    const region = resolver.of({ regions: ['RU', 'x'] }, CLOUDCO);
    expect(region.unknownRegions).toEqual(['RU', 'x']);
    expect(region.adversary).toBe(false);
  });
});
