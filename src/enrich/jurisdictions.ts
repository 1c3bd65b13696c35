import type { Catalog } from '../catalog/types.js';
import { uniqueSorted } from '../util/arrays.js';
import { cached } from '../util/memo.js';
import { EMPTY, orEmpty } from './shared.js';

/** The part of the catalogue that says which regimes name which countries. */
export type JurisdictionCatalog = Pick<Catalog, 'regimes' | 'countries' | 'coveredPerson'>;

/**
 * Which of the organisation's regimes name a country (as a foreign adversary, a country of concern…), and how the
 * catalogue names countries and cites regimes. Shared by hosting (where a service is) and ownership (where a person
 * is organised or resides). Pure; built once per enrichment.
 */
export class Jurisdictions {
  private readonly countryRegimes = new Map<string, string[]>();
  /** Countries of concern of the DSP covered-person test (28 CFR 202.209, via `coveredPerson.regime`). */
  readonly countriesOfConcern = new Set<string>();

  constructor(
    private readonly catalog: JurisdictionCatalog,
    readonly jurisdiction: string,
  ) {
    for (const regime of catalog.regimes.values()) {
      if (regime.jurisdiction !== jurisdiction) continue;
      for (const member of regime.members) {
        for (const code of [member.country, ...(member.includes ?? [])]) {
          const list = this.countryRegimes.get(code) ?? [];
          if (!list.includes(regime.id)) list.push(regime.id);
          this.countryRegimes.set(code, list);
          if (regime.id === catalog.coveredPerson.regime) this.countriesOfConcern.add(code);
        }
      }
    }
    for (const list of this.countryRegimes.values()) list.sort();
  }

  /** The regimes (ids, sorted) that name the country; none for an absent country. */
  regimesOf(country: string | undefined): string[] {
    // the shared empty list for a country no regime names (asked for every country up every ownership path)
    return country ? (this.countryRegimes.get(country) ?? EMPTY) : EMPTY;
  }

  /** The regimes naming the country of organisation (or residence) or the principal place of business. */
  regimesFor(country: string | undefined, ppob: string | undefined): string[] {
    // one (read-only) list per pair of countries, shared by every chain link in them (by country, then principal
    // place of business: no key string made per link)
    const byPpob = cached(this.regimesByPlace, country ?? '', () => new Map<string, string[]>());
    return cached(
      byPpob,
      ppob ?? '',
      () => Object.freeze(orEmpty(uniqueSorted([...this.regimesOf(country), ...this.regimesOf(ppob)]))) as string[],
    );
  }

  private readonly regimesByPlace = new Map<string, Map<string, string[]>>();

  /** The countries a regime names. */
  members(regimeId: string): Set<string> {
    return new Set([...this.countryRegimes].filter(([, regimes]) => regimes.includes(regimeId)).map(([code]) => code));
  }

  isCountryOfConcern(code: string): boolean {
    return this.countriesOfConcern.has(code);
  }

  countryName(code: string): string {
    return this.catalog.countries.get(code)?.name ?? code;
  }

  /** The first citation of a regime, or the fallback when the catalogue has no such regime. */
  citation(regimeId: string, fallback: string): string {
    return this.catalog.regimes.get(regimeId)?.citation.split(';')[0].trim() ?? fallback;
  }

  private readonly citations = new Map<string, string>();

  /** `foreign adversary (15 CFR 791.4); country of concern (28 CFR 202.209)`: each regime's term and first citation. */
  regimeCitations(regimes: readonly string[]): string {
    // once per combination of regimes: evidence sentences that quote it are built per finding
    const key = regimes.length === 1 ? regimes[0] : regimes.join('\0');
    return cached(this.citations, key, () =>
      regimes
        .map((id) => {
          const r = this.catalog.regimes.get(id);
          // the first citation, without its parenthetical ("15 CFR 791.4 (formerly 15 CFR 7.4); …" → "15 CFR 791.4")
          return r
            ? `${r.term} (${r.citation
                .split(';')[0]
                .replace(/\s*\([^)]*\)/g, '')
                .trim()})`
            : id;
        })
        .join('; '),
    );
  }
}
