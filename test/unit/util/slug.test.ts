/**
 * One slug rule (src/util/text.ts) for the ids the importers give vendors and the ids enrichment gives declared
 * (non-catalogue) providers. Before, enrichment had its own rule: `Société Générale Cloud` became
 * `soci-t-g-n-rale-cloud` as a provider and `societe-generale-cloud` as an imported vendor.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { loadCatalog } from '../../../src/adapters/workspace.js';
import type { Catalog } from '../../../src/catalog/types.js';
import { enrich } from '../../../src/enrich/enrich.js';
import { importCsv } from '../../../src/importers/csv.js';
import { loadInventory } from '../../../src/inventory/validate.js';
import { errorsOf } from '../../../src/model/errors.js';
import { parseText } from '../../../src/parse/parse.js';
import { slug } from '../../../src/util/text.js';
import { AS_OF } from '../../helpers.js';

describe('slug', () => {
  it('folds accents, lower-cases and joins every other run of characters with one dash', () => {
    expect(slug('Société Générale Cloud', 'x')).toBe('societe-generale-cloud');
    expect(slug('  ACME, Inc. (EU)  ', 'x')).toBe('acme-inc-eu');
    expect(slug('Ünïcode — Cloud', 'x')).toBe('unicode-cloud');
  });

  it('keeps at most 100 characters and never ends with a dash', () => {
    const long = `${'a'.repeat(99)} b`;
    expect(slug(long, 'x')).toBe('a'.repeat(99));
    expect(slug('b'.repeat(150), 'x')).toHaveLength(100);
  });

  it('gives the fallback when nothing is left', () => {
    expect(slug('北京云', 'provider')).toBe('provider');
    expect(slug('---', 'vendor')).toBe('vendor');
  });
});

describe('the same rule for imported vendors and declared providers', () => {
  let catalog: Catalog;
  beforeAll(async () => {
    catalog = (await loadCatalog()).catalog;
  });

  const NAMES = ['Société Générale Cloud', 'Ünïcode — Cloud', 'Plain Cloud Co'];

  it('an imported vendor and a declared provider of the same name get the same id', () => {
    const csv = `name,location\n${NAMES.map((n) => `"${n}",France`).join('\n')}\n`;
    const imported = importCsv(csv, 'vendors.csv', 'digest', { catalog });
    const vendorIds = imported.inventory.vendors.map((v) => v.id);

    const inventory = {
      apiVersion: 'residency/v1',
      kind: 'Inventory',
      organisation: { name: 'Org' },
      vendors: [
        {
          id: 'v',
          name: 'V',
          services: NAMES.map((name, i) => ({ id: `s${i}`, provider: { name, country: 'FR' }, regions: ['eu'] })),
        },
      ],
    };
    const loaded = loadInventory([parseText(JSON.stringify(inventory), 'inventory.json')], catalog);
    expect(errorsOf(loaded.diagnostics)).toEqual([]);
    const enriched = enrich(loaded.inventory, catalog, { asOf: AS_OF });
    const providerIds = enriched.vendors[0].services.map((s) => s.facts.provider.id);

    expect(providerIds).toEqual(['societe-generale-cloud', 'unicode-cloud', 'plain-cloud-co']);
    expect(vendorIds.slice().sort()).toEqual(providerIds.slice().sort());
  });
});
