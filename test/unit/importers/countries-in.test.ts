/**
 * The CSV importer finds country names in a free-text location (countriesIn). It looks only at the catalogue names
 * that can occur in the text (by their first two characters) instead of trying every name on every row; what it
 * finds must not change. The oracle below is the plain form, every name tried longest first, as the importer had it.
 */
import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import { loadCatalog } from '../../../src/adapters/workspace.js';
import type { Catalog } from '../../../src/catalog/types.js';
import { countriesIn } from '../../../src/importers/csv.js';

let catalog: Catalog;
let countryNames: string[];
beforeAll(async () => {
  catalog = (await loadCatalog()).catalog;
  countryNames = [...catalog.countries.values()].flatMap((c) => [c.name, ...(c.names ?? [])]);
});

/** countriesIn with every name tried, longest first. */
function countriesOracle(location: string): ReturnType<typeof countriesIn> {
  const names: { name: string; code: string }[] = [];
  for (const c of catalog.countries.values())
    for (const n of [c.name, ...(c.names ?? [])])
      if (n.trim().length >= 2) names.push({ name: n.toLowerCase(), code: c.code });
  names.sort((a, b) => b.name.length - a.name.length || (a.name < b.name ? -1 : 1));
  const isWordChar = (ch: string | undefined): boolean => !!ch && /[\p{L}\p{N}]/u.test(ch);
  let rest = location.toLowerCase();
  const countries = new Set<string>();
  const matched: string[] = [];
  for (const { name, code } of names) {
    let from = 0;
    for (;;) {
      const at = rest.indexOf(name, from);
      if (at < 0) break;
      if (!/[a-z]/.test(name) || (!isWordChar(rest[at - 1]) && !isWordChar(rest[at + name.length]))) {
        countries.add(code);
        matched.push(location.slice(at, at + name.length));
        rest = `${rest.slice(0, at)}${' '.repeat(name.length)}${rest.slice(at + name.length)}`;
      }
      from = at + name.length;
    }
  }
  for (const m of location.matchAll(/(?<![\p{L}\p{N}])([A-Z]{2})(?![\p{L}\p{N}])/gu)) {
    if (catalog.countries.has(m[1]) && !['EU', 'UN'].includes(m[1])) {
      countries.add(m[1]);
      matched.push(m[1]);
    }
  }
  const vague =
    /\b(global|globally|worldwide|world-wide|international|multiple|various|eu|eea|europe|european union|emea|apac|americas|asia|latam|everywhere|cloud)\b/i;
  return { countries: [...countries].sort(), matched, vague: vague.test(rest) };
}

/** Text made of country names, their parts and other words, in any case, with any separators. */
const textOf = (names: string[]) =>
  fc
    .array(
      fc.oneof(
        fc.constantFrom(...names),
        fc.constantFrom(...names).map((n) => n.slice(0, Math.max(2, n.length >> 1))),
        fc.constantFrom(...names).map((n) => n.toUpperCase()),
        fc.constantFrom('global', 'EU', 'US', 'CN', 'HK', 'data centre', 'Inc.', 'GmbH', '中国', 'région', 'x'),
        fc.string({ maxLength: 6 }),
      ),
      { maxLength: 6 },
    )
    .chain((parts) =>
      fc
        .array(fc.constantFrom(', ', ' and ', '/', ' ', '-', ' (', ') ', '', ';', '  '), {
          minLength: parts.length,
          maxLength: parts.length,
        })
        .map((seps) => parts.map((p, i) => `${p}${seps[i]}`).join('')),
    );

describe('country names found in a free-text location', () => {
  it('finds the same countries as trying every country name', () => {
    for (const name of countryNames) {
      for (const text of [name, `${name}, Ireland`, `Hosted in ${name.toUpperCase()} and the US`, `x${name}`])
        expect(countriesIn(catalog, text), text).toEqual(countriesOracle(text));
    }
    fc.assert(
      fc.property(textOf(countryNames), (text) => {
        expect(countriesIn(catalog, text)).toEqual(countriesOracle(text));
      }),
      { numRuns: 3000, seed: 14 },
    );
  });

  it('finds the countries a real location column names', () => {
    expect(countriesIn(catalog, 'Germany, United States and 中国')).toMatchObject({ countries: ['CN', 'DE', 'US'] });
    expect(countriesIn(catalog, 'worldwide').vague).toBe(true);
  });
});
