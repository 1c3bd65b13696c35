/**
 * What enrichment shares or computes late to keep the facts of large inventories small (issue 13), where a mistake
 * would not show in the bundled reports: a data set's amount computed on read, vendors' places answered from their
 * keys, ownerless persons sharing one owner list, and persons' statuses read by index.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { loadCatalog } from '../../../src/adapters/workspace.js';
import type { Catalog } from '../../../src/catalog/types.js';
import { compileGetter } from '../../../src/engine/compile.js';
import { enrich } from '../../../src/enrich/enrich.js';
import { Jurisdictions } from '../../../src/enrich/jurisdictions.js';
import { evaluateTest } from '../../../src/enrich/ownership.js';
import { dspTest } from '../../../src/enrich/persons.js';
import { isFact } from '../../../src/enrich/shared.js';
import type { EnrichedInventory, FactSet } from '../../../src/enrich/types.js';
import { loadInventory } from '../../../src/inventory/validate.js';
import { parseText } from '../../../src/parse/parse.js';
import { AS_OF } from '../../helpers.js';

let catalog: Catalog;
let enriched: EnrichedInventory;

const inventory = {
  apiVersion: 'residency/v1',
  kind: 'Inventory',
  organisation: { name: 'Org', jurisdiction: 'US' },
  vendors: [
    {
      id: 'owned',
      name: 'Owned Ltd',
      country: 'SG',
      owners: [{ entity: 'Holder Ltd', country: 'CN', percent: 60 }],
      services: [
        {
          id: 's1',
          provider: 'aws',
          regions: ['us-east-1'],
          data: [
            { category: 'personal', usPersons: 250000 },
            { category: 'precise-geolocation', usPersons: 1, devices: 20 },
            { category: 'health' },
          ],
        },
        { id: 's2', provider: 'aws', regions: ['us-east-1'] },
      ],
    },
    {
      id: 'chained',
      name: 'Chained Inc',
      ownership: [
        { entity: 'Chained Inc', country: 'US' },
        { entity: 'Parent Co', country: 'RU', percent: 70 },
      ],
      services: [{ id: 's3', provider: 'aws', regions: ['us-east-1'], data: [{ category: 'financial', devices: 2 }] }],
    },
    { id: 'plain', name: 'Plain LLC', country: 'US', services: [] },
  ],
};

beforeAll(async () => {
  catalog = (await loadCatalog([])).catalog;
  const loaded = loadInventory([parseText(JSON.stringify(inventory), 'inventory.json')], catalog);
  expect(loaded.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
  enriched = enrich(loaded.inventory, catalog, { asOf: AS_OF });
});

describe('a data set’s amount', () => {
  it('is a fact rules read, written out from its counts on read, in its place among the keys of its JSON', () => {
    const data = enriched.vendors[0].services[0].data;
    expect(data.map((d) => d.amount)).toEqual([
      '250,000 US persons',
      '1 US person and 20 US devices',
      'an unknown number of US persons',
    ]);
    expect(enriched.vendors[1].services[0].data[0].amount).toBe('2 US devices');
    for (const d of data) {
      // a fact rules read (declared, computed on read), in its place among the keys of the data set's JSON
      expect(isFact(d, 'amount')).toBe(true);
      const around = ['encrypted', 'keys', 'amount', 'protection', 'direction'];
      expect(Object.keys(JSON.parse(JSON.stringify(d))).filter((k) => around.includes(k))).toEqual([
        'encrypted',
        'keys',
        'amount',
        'protection',
        'direction',
      ]);
      // a rule quoting the whole data set sees the amount like any other fact
      expect(JSON.parse(JSON.stringify(d)).amount).toBe(d.amount);
    }
  });

  it('a service without data has none (the shared empty list)', () => {
    expect(enriched.vendors[0].services[1].data).toEqual([]);
    expect(Object.isFrozen(enriched.vendors[0].services[1].data)).toBe(true);
  });
});

describe('sentences built when read', () => {
  it('a control’s evidence and a vendor’s name with its controller are facts rules read, same on every read', () => {
    const owned = enriched.vendors[0].facts;
    // in their place among the keys of the JSON a message quoting the control writes (no controllerId: not in the
    // catalogue)
    expect(Object.keys(JSON.parse(JSON.stringify(owned.control)))).toEqual([
      'known',
      'controller',
      'country',
      'adversary',
      'adversaryLinked',
      'regimes',
      'chain',
      'lists',
      'adversaryOwnership',
      'evidence',
      'group',
    ]);
    expect(owned.control.evidence).toMatch(/^owned → Owned Ltd \(SG\) → 60 % Holder Ltd \(CN\) — /);
    expect(owned.control.evidence).toBe(owned.control.evidence);
    expect(owned.nameWithControl).toBe('Owned Ltd (controlled by Holder Ltd, CN)');
    expect(isFact(owned, 'nameWithControl')).toBe(true);
    expect(isFact(owned.control, 'evidence')).toBe(true);
    expect(enriched.vendors[2].facts.nameWithControl).toBe('Plain LLC (US)');
    // a provider's control (shared by its services) keeps its sentence once read: the same text each time
    const provider = enriched.vendors[0].services[0].facts.control;
    expect(provider).toBe(enriched.vendors[1].services[0].facts.control);
    const first = provider.evidence;
    expect(first).toMatch(/^aws → /);
    expect(provider.evidence).toBe(first);
    expect(JSON.parse(JSON.stringify(provider)).evidence).toBe(first);
  });
});

describe('one object per enriched vendor and service', () => {
  it('is its facts; what it holds besides its facts is neither read by a rule nor written in its JSON', () => {
    const vendor = enriched.vendors[0];
    const service = vendor.services[0];
    expect(vendor.facts).toBe(vendor);
    expect(service.facts).toBe(service);
    expect(vendor.raw.id).toBe('owned');
    expect(service.raw.id).toBe('s1');
    expect(service.data).toHaveLength(3);
    expect(vendor.services.map((s) => s.raw.id)).toEqual(['s1', 's2']);
    const parts: [string, object, string[]][] = [
      ['vendor', vendor, ['raw', 'facts', 'services', 'location', 'person', 'shared', 'complete']],
      ['service', service, ['raw', 'facts', 'data', 'location']],
    ];
    for (const [at, target, names] of parts) {
      const json = JSON.parse(JSON.stringify(target)) as Record<string, unknown>;
      for (const name of names) {
        expect(isFact(target, name), `${at}.${name}`).toBe(false);
        expect(compileGetter(`${at}.${name}`)({ [at]: target } as unknown as FactSet), `${at}.${name}`).toBeUndefined();
        expect(Object.hasOwn(json, name), `${at}.${name}`).toBe(false);
      }
    }
    // the facts' own keys are the facts kept, as before (the rest are computed on read)
    expect(Object.keys(vendor)).toEqual(['control', 'directExposure', 'transitive']);
    expect(Object.keys(service)).toEqual(['hosting', 'provider', 'vendorIsProvider']);
    // a service no region operator runs reads its provider's control and status, and has no operator list hit
    for (const s of vendor.services) {
      expect(s.facts.hosting.operators).toEqual([]);
      for (const name of ['control', 'providerDsp', 'operatorLists']) expect(isFact(s.facts, name), name).toBe(true);
      expect(s.facts.control).toBe(s.facts.provider.control);
      expect(s.facts.providerDsp).toBe(s.facts.provider.dsp);
      expect(s.facts.operatorLists).toEqual([]);
    }
  });
});

describe('a person’s statuses made when read', () => {
  it('gives each read of a regime’s status the same value, adversary owner, evidence and JSON', () => {
    const owned = enriched.vendors[0].facts;
    expect(owned.dsp.value).toBe(true);
    expect(owned.dsp.adversaryOwner).toBe(true);
    expect(JSON.stringify(owned.dsp)).toBe(JSON.stringify(owned.dsp));
    expect(Object.keys(JSON.parse(JSON.stringify(owned.icts)))).toEqual([
      'adversaryOwner',
      'value',
      'evidence',
      'missing',
    ]);
    expect(owned.coveredPersonReason).toBe(owned.dsp.evidence);
    expect(enriched.vendors[2].facts.usPersonReason).toBe(
      'Plain LLC is organised under US law: a U.S. person (28 CFR 202.256)',
    );
    expect(enriched.vendors[2].facts.usPerson).toBe(true);
  });

  it('gives a provider’s facts the person’s facts as its own keys, in their order', () => {
    const provider = enriched.vendors[0].services[0].facts.provider;
    expect(Object.keys(provider)).toEqual([
      'id',
      'name',
      'inCatalog',
      'control',
      'kind',
      'usPerson',
      'usPersonReason',
      'dsp',
      'icts',
      'padfa',
    ]);
    expect(provider.dsp.value).toBe(false);
    expect(typeof provider.usPersonReason).toBe('string');
  });
});

describe('a vendor’s controlling path walked when read', () => {
  it('is a fact rules read, the same path on every read, in its place in the control’s JSON', () => {
    const control = enriched.vendors[0].facts.control;
    expect(isFact(control, 'chain')).toBe(true);
    expect(control.chain.map((l) => [l.name, l.country, l.percent])).toEqual([
      ['Owned Ltd', 'SG', undefined],
      ['Holder Ltd', 'CN', 60],
    ]);
    expect(control.chain).toEqual(control.chain);
    expect(JSON.parse(JSON.stringify(control)).chain).toEqual(JSON.parse(JSON.stringify(control.chain)));
    expect(compileGetter('vendor.control.chain')({ vendor: enriched.vendors[0].facts } as unknown as FactSet)).toEqual(
      control.chain,
    );
    // a provider's path is shared by its services: kept, the same list each time
    const provider = enriched.vendors[0].services[0].facts.control;
    expect(provider.chain).toBe(provider.chain);
  });
});

describe('lists shared across services', () => {
  it('gives the services of a covered vendor one (read-only) list of counterparties of concern', () => {
    const [s1, s2] = enriched.vendors[0].services.map((s) => s.facts.counterparties);
    expect(s1).toEqual(['Holder Ltd (CN), which controls the vendor']);
    expect(s2).toBe(s1);
    expect(Object.isFrozen(s1)).toBe(true);
    expect(enriched.vendors[2].services).toEqual([]);
    expect(enriched.vendors[1].services[0].facts.counterparties).toEqual(['Parent Co (RU), which controls the vendor']);
  });

  it('gives persons meeting the same regimes one sorted list of them', () => {
    const owned = enriched.vendors[0].facts.control.regimes;
    expect(owned).toEqual([...owned].sort());
    expect(owned).toContain('us-dsp');
    // owned 70 % from Russia but organised in the US: ICTS and PADFA control, not a DSP covered person
    expect(enriched.vendors[1].facts.control.regimes).toEqual(['us-icts', 'us-padfa']);
    expect(Object.isFrozen(enriched.vendors[1].facts.control.regimes)).toBe(true);
    // no regime: the same empty list as any other control without one (the provider's here)
    expect(enriched.vendors[2].facts.control.regimes).toBe(enriched.vendors[0].services[0].facts.control.regimes);
  });
});

describe('the ownership graph enrichment keeps', () => {
  it('answers a vendor’s place from its key, and only for its own vendor key', () => {
    const graph = enriched.persons;
    expect(graph.places.get('v:owned')).toEqual({ vendor: 'owned' });
    expect(graph.places.get('v:plain')).toEqual({ vendor: 'plain' });
    expect(graph.places.get('v:owned/owners/0')).toEqual({ vendor: 'owned', field: 'owners/0' });
    expect(graph.places.get('v:chained/ownership/1')).toEqual({
      vendor: 'chained',
      field: 'ownership/1',
      legacy: true,
    });
    // the legacy link's person and its share are recorded at one place
    expect(graph.shares.get('v:chained\0v:chained/ownership/1')).toBe(graph.places.get('v:chained/ownership/1'));
    expect(graph.places.get('v:nobody')).toBeUndefined();
    expect(graph.places.get('c:aws')).toBeUndefined();
  });

  it('gives ownerless persons one frozen empty owner list, and keeps the others’ owners', () => {
    const graph = enriched.persons;
    const plain = graph.nodes.get('v:plain');
    expect(plain?.owners).toEqual([]);
    expect(Object.isFrozen(plain?.owners)).toBe(true);
    expect(graph.nodes.get('v:owned')?.owners.map((o) => o.owner)).toEqual(['v:owned/owners/0']);
  });

  it('gives each vendor the status its ownership graph gives it by key', () => {
    const graph = enriched.persons;
    const names = { name: (c: string) => c };
    const dsp = evaluateTest(
      graph.nodes,
      dspTest(new Jurisdictions(catalog, 'US').countriesOfConcern, catalog.coveredPerson.citation, names),
    );
    enriched.vendors.forEach((v, i) => {
      // enrichment reads the vendor's key by its index in the inventory: the key the vendor's id gives
      expect(graph.vendorKeyAt(i)).toBe(graph.vendorKey(v.raw));
      expect(v.facts.dsp.value).toBe(dsp.value(graph.vendorKey(v.raw)));
    });
    // 60 % owned from China: covered; organised in the US, whoever owns it: a U.S. person, never covered (202.256)
    expect(enriched.vendors.map((v) => v.facts.dsp.value)).toEqual([true, false, false]);
  });
});

describe('the bundled example', () => {
  it('enriches the same vendors twice to equal facts (no memo carried across runs)', () => {
    const file = path.join(import.meta.dirname, '../../../examples/acme-failing.yaml');
    const run = () => {
      const loaded = loadInventory([parseText(readFileSync(file, 'utf8'), 'acme-failing.yaml')], catalog);
      return enrich(loaded.inventory, catalog, { asOf: AS_OF });
    };
    const a = run();
    const b = run();
    const facts = (e: EnrichedInventory) =>
      JSON.stringify(e.vendors.map((v) => [v.facts, v.services.map((s) => [s.facts, s.data])]));
    expect(facts(a)).toBe(facts(b));
  });
});
