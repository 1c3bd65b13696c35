/**
 * The regulation's own worked examples on persons and ownership as the oracle: each example is an inventory and the
 * verdict the example states. Texts read (search corpus, 2026-12-01): 28 CFR 202.211 (covered person, Examples 1–2),
 * 28 CFR 202.256 (U.S. person, Examples 1–8), PADFA (Pub. L. 118-50 div. I §2(c)(2)); and every reproduction of
 * issue 12 about ownership, persons and lists.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { loadCatalog } from '../../src/adapters/workspace.js';
import type { Catalog } from '../../src/catalog/types.js';
import { enrich } from '../../src/enrich/enrich.js';
import type { EnrichedVendor } from '../../src/enrich/types.js';
import { loadInventory } from '../../src/inventory/validate.js';
import type { Inventory, InventoryEntity, Vendor } from '../../src/model/types.js';
import { parseText } from '../../src/parse/parse.js';
import { AS_OF } from '../helpers.js';

let catalog: Catalog;
beforeAll(async () => {
  catalog = (await loadCatalog()).catalog;
});

/** Load (schema + semantic checks, as `check` does) and enrich; return the enriched vendors by id. */
function run(vendors: Vendor[], entities?: InventoryEntity[]): Map<string, EnrichedVendor> {
  const inv: Inventory = {
    apiVersion: 'residency/v1',
    kind: 'Inventory',
    organisation: { name: 'Acme', jurisdiction: 'US' },
    ...(entities ? { entities } : {}),
    vendors,
  };
  const loaded = loadInventory([parseText(JSON.stringify(inv), 'inventory.json')], catalog);
  expect(loaded.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
  const enriched = enrich(loaded.inventory, catalog, { asOf: AS_OF });
  return new Map(enriched.vendors.map((v) => [v.facts.id, v]));
}

function one(vendor: Vendor, entities?: InventoryEntity[]): EnrichedVendor {
  return run([vendor], entities).get(vendor.id) as EnrichedVendor;
}

describe('28 CFR 202.211 covered person — examples', () => {
  it('Example 1: foreign persons primarily resident in Cuba, Iran or another country of concern are covered', () => {
    for (const residence of ['CU', 'IR']) {
      const v = one({ id: 'p', name: 'P', kind: 'individual', residence, citizenship: ['ES'] });
      expect(v.facts.dsp.value).toBe(true);
      expect(v.facts.dsp.evidence).toContain('(202.211(a)(4))');
    }
  });

  it('Example 2: Chinese or Russian citizens located in the United States are U.S. persons, not covered (unless designated)', () => {
    for (const citizenship of [['CN'], ['RU']]) {
      const v = one({ id: 'p', name: 'P', kind: 'individual', residence: 'US', citizenship });
      expect(v.facts.usPerson).toBe(true);
      expect(v.facts.dsp.value).toBe(false);
    }
    const designated = one({
      id: 'p',
      name: 'P',
      kind: 'individual',
      residence: 'US',
      citizenship: ['CN'],
      designated: true,
    });
    expect(designated.facts.dsp.value).toBe(true);
    expect(designated.facts.dsp.evidence).toContain('202.211(a)(5)');
  });
});

describe('28 CFR 202.256 U.S. person — examples', () => {
  it('Example 1: a citizen of a country of concern in the United States is a U.S. person', () => {
    const v = one({ id: 'p', name: 'P', kind: 'individual', residence: 'US', citizenship: ['IR'] });
    expect(v.facts.usPerson).toBe(true);
    expect(v.facts.dsp.value).toBe(false);
  });

  it('Example 2: a U.S. citizen is a U.S. person regardless of location (a US citizen living in Shanghai)', () => {
    const v = one({ id: 'p', name: 'P', kind: 'individual', residence: 'CN', citizenship: ['US'] });
    expect(v.facts.usPerson).toBe(true);
    expect(v.facts.dsp.value).toBe(false);
  });

  it('Example 3: a dual citizen of the United States and a country of concern is a U.S. person, wherever located', () => {
    const v = one({ id: 'p', name: 'P', kind: 'individual', residence: 'RU', citizenship: ['RU', 'US'] });
    expect(v.facts.usPerson).toBe(true);
    expect(v.facts.dsp.value).toBe(false);
  });

  it('Example 4: a citizen of a country of concern, not a permanent resident, outside the United States is a foreign person', () => {
    const abroad = one({ id: 'p', name: 'P', kind: 'individual', residence: 'DE', citizenship: ['CN'] });
    expect(abroad.facts.usPerson).toBe(false);
    // a foreign person is covered only on a 202.211 ground: resident in a country of concern, (a)(4)
    expect(abroad.facts.dsp.value).toBe(false);
    const home = one({ id: 'p', name: 'P', kind: 'individual', residence: 'CN', citizenship: ['CN'] });
    expect(home.facts.usPerson).toBe(false);
    expect(home.facts.dsp.value).toBe(true);
  });

  it('Example 5: a company organised in the United States with a branch in a country of concern is a U.S. person', () => {
    const v = one({ id: 'c', name: 'US Co Inc', country: 'US' });
    expect(v.facts.usPerson).toBe(true);
    expect(v.facts.dsp.value).toBe(false);
  });

  it('Example 6: a subsidiary organised in a country of concern of a US parent is a foreign person (and covered)', () => {
    const v = one({ id: 'sub', name: 'Sub Co Ltd', country: 'CN', owners: [{ entity: 'parent', percent: 100 }] }, [
      { id: 'parent', name: 'Parent Inc', country: 'US' },
    ]);
    expect(v.facts.usPerson).toBe(false);
    expect(v.facts.dsp.value).toBe(true);
  });

  it('Example 7: a company organised in a country of concern with a US branch is a foreign person', () => {
    const v = one({ id: 'c', name: 'CoC Co', country: 'CN' });
    expect(v.facts.usPerson).toBe(false);
    expect(v.facts.dsp.value).toBe(true);
  });

  it('Example 8: a US subsidiary of a parent in a country of concern is a U.S. person whatever the ownership', () => {
    const v = one({
      id: 'sub',
      name: 'Sub Inc',
      country: 'US',
      owners: [{ entity: 'Parent Co Ltd', country: 'CN', percent: 100 }],
    });
    expect(v.facts.usPerson).toBe(true);
    expect(v.facts.dsp.value).toBe(false);
    // ICTS and PADFA have their own tests: the subsidiary is still within both
    expect(v.facts.icts.value).toBe(true);
    expect(v.facts.padfa.value).toBe(true);
    expect(v.facts.control.regimes).toEqual(['us-icts', 'us-padfa']);
  });
});

describe('issue 12 reproductions (ownership, persons, lists)', () => {
  it('a German vendor 60 % owned by a Singapore company itself 60 % owned from China is covered (not 36 %)', () => {
    const v = one({ id: 'v', name: 'V GmbH', country: 'DE', owners: [{ entity: 'v-pte', percent: 60 }] }, [
      { id: 'v-pte', name: 'V Pte Ltd', country: 'SG', owners: [{ entity: 'Z Co', country: 'CN', percent: 60 }] },
    ]);
    expect(v.facts.dsp.value).toBe(true);
    expect(v.facts.coveredPerson).toBe(true);
    expect(v.facts.dsp.evidence).toBe(
      'V GmbH (DE) ← 60 % V Pte Ltd (SG) ← 60 % Z Co (CN), organised in China (202.211(a)(1)) ⇒ covered person under 28 CFR 202.211(a)',
    );
  });

  it('the same chain written as a legacy ownership chain is covered too', () => {
    const v = one({
      id: 'v',
      name: 'V GmbH',
      country: 'DE',
      ownership: [
        { entity: 'V GmbH', country: 'DE' },
        { entity: 'V Pte Ltd', country: 'SG', percent: 60 },
        { entity: 'Z Co', country: 'CN', percent: 60 },
      ],
    });
    expect(v.facts.dsp.value).toBe(true);
  });

  it('a legacy chain link without a percent is unknown under ICTS too, not a controlling parent (15 CFR 791 sets no share)', () => {
    const v = one({
      id: 'v',
      name: 'V Pte Ltd',
      country: 'SG',
      ownership: [
        { entity: 'V Pte Ltd', country: 'SG' },
        { entity: 'Z Co', country: 'CN' },
      ],
    });
    expect(v.facts.dsp.value).toBe('unknown');
    expect(v.facts.icts.value).toBe('unknown');
    expect(v.facts.icts.missing).toEqual(['the share Z Co holds in V Pte Ltd']);
    // the share, once recorded, decides
    const majority = one({
      id: 'v',
      name: 'V Pte Ltd',
      country: 'SG',
      ownership: [
        { entity: 'V Pte Ltd', country: 'SG' },
        { entity: 'Z Co', country: 'CN', percent: 60 },
      ],
    });
    expect(majority.facts.icts.value).toBe(true);
    // an owner stated as controlling (the `owners` form) is controlled whatever its share
    const controlled = one({
      id: 'v',
      name: 'V Pte Ltd',
      country: 'SG',
      owners: [{ entity: 'Z Co', country: 'CN', controlling: true }],
    });
    expect(controlled.facts.icts.value).toBe(true);
  });

  it('ICTS "subject to the direction of" short of ownership: a vendor declared to act at a foreign adversary’s direction', () => {
    const v = one({ id: 'v', name: 'V GmbH', country: 'DE', directedBy: ['prc-government'] }, [
      { id: 'prc-government', name: 'Government of the PRC', kind: 'government', country: 'CN' },
    ]);
    expect(v.facts.icts.value).toBe(true);
    expect(v.facts.icts.evidence).toContain('acts at the direction of Government of the PRC (CN)');
    // the DSP needs an Attorney General designation for direction (202.211(a)(5)): not a covered person
    expect(v.facts.dsp.value).toBe(false);
    // headquarters in a foreign-adversary country is "subject to the jurisdiction" (organised elsewhere)
    const hq = one({ id: 'w', name: 'W Ltd', country: 'KY', principalPlaceOfBusiness: 'CN' });
    expect(hq.facts.icts.value).toBe(true);
  });

  it('PADFA: a stake held through a minority-held (B) entity is looked through (30 % × 25 % = 7.5 %: not controlled)', () => {
    const v = one({ id: 'v', name: 'Y GmbH', country: 'DE', owners: [{ entity: 'x-gmbh', percent: 30 }] }, [
      { id: 'x-gmbh', name: 'X GmbH', country: 'DE', owners: [{ entity: 'Z Co', country: 'CN', percent: 25 }] },
    ]);
    expect(v.facts.padfa.value).toBe(false);
  });

  it('30 % held from China and 25 % from Russia make 55 % in the aggregate: covered', () => {
    const v = one({
      id: 'v',
      name: 'V GmbH',
      country: 'DE',
      owners: [
        { entity: 'A Co', country: 'CN', percent: 30 },
        { entity: 'B OOO', country: 'RU', percent: 25 },
      ],
    });
    expect(v.facts.dsp.value).toBe(true);
    expect(v.facts.dsp.evidence).toContain('= 55 %');
  });

  describe('the control sentence names a regime only where the controlling path reaches its country', () => {
    /** 30 % held from China and 25 % from Russia: 55 % in the aggregate. */
    const aggregate55 = [
      { entity: 'A Co', country: 'CN', percent: 30 },
      { entity: 'B OOO', country: 'RU', percent: 25 },
    ];
    /** One service, so that the findings' counterparty can be read. */
    const services = [{ id: 's', provider: 'aws', regions: ['us-east-1'] }];

    it('a parent in China: the regimes are those of the path, and the parent is the named counterparty', () => {
      const v = one({
        id: 'v',
        name: 'V GmbH',
        country: 'DE',
        owners: [{ entity: 'Z Co', country: 'CN', percent: 60 }],
        services,
      });
      expect(v.facts.coveredPerson).toBe(true);
      expect(v.facts.control.evidence).toMatch(
        /^v → V GmbH \(DE\) → 60 % Z Co \(CN\) — country of concern \(28 CFR 202\.601\)/,
      );
      expect(v.services[0].facts.counterparties).toEqual(['Z Co (CN), which controls the vendor']);
    });

    it('covered through minority holdings that add up to 55 %: no country of concern is attached to Germany', () => {
      const v = one({ id: 'v', name: 'V GmbH', country: 'DE', owners: aggregate55 });
      expect(v.facts.coveredPerson).toBe(true);
      const sentence = v.facts.control.evidence;
      expect(sentence).not.toContain('(DE) — country of concern');
      expect(sentence).toMatch(
        /^v → V GmbH \(DE\) — no adversary country on this path; person tests met through other holdings, employment or direction: covered person \(28 CFR 202\.211\(a\)\)/,
      );
    });

    it('covered through a Singapore parent that is itself held 30 % from China and 25 % from Russia', () => {
      const v = one({ id: 'v', name: 'V GmbH', country: 'DE', owners: [{ entity: 'h-pte', percent: 100 }], services }, [
        { id: 'h-pte', name: 'H Pte Ltd', country: 'SG', owners: aggregate55 },
      ]);
      expect(v.facts.coveredPerson).toBe(true);
      expect(v.facts.control.controller).toBe('H Pte Ltd');
      const sentence = v.facts.control.evidence;
      expect(sentence).not.toContain('(SG) — country of concern');
      expect(sentence).toContain('100 % H Pte Ltd (SG) — no adversary country on this path;');
      // every test the vendor meets, each with its own citation, none with a nested parenthesis
      for (const [regime, test] of [
        ['us-dsp', 'covered person (28 CFR 202.211(a))'],
        [
          'us-icts',
          'person owned by, controlled by or subject to the jurisdiction of a foreign adversary (15 CFR 791.4)',
        ],
        ['us-padfa', 'person controlled by a foreign adversary (Pub. L. 118-50, div. I, §2(c)(2))'],
      ] as const) {
        expect(v.facts.control.regimes.includes(regime)).toBe(sentence.includes(test));
      }
      expect(v.facts.control.regimes).toContain('us-dsp');
      // the data is within reach of the vendor, a covered person; the parent in Singapore is not named as the reason
      expect(v.services[0].facts.counterparties).toEqual(['V GmbH itself (DE), a covered person']);
    });

    it('a holding in Hong Kong under a Dutch controller: the terms are said of the Hong Kong link, by name', () => {
      const v = one({ id: 'v', name: 'V GmbH', country: 'DE', owners: [{ entity: 's-ltd', percent: 100 }], services }, [
        { id: 's-ltd', name: 'S Ltd', country: 'HK', owners: [{ entity: 'g-bv', percent: 51 }] },
        { id: 'g-bv', name: 'G BV', country: 'NL' },
      ]);
      expect(v.facts.coveredPerson).toBe(true);
      expect(v.facts.control.controller).toBe('G BV');
      expect(v.facts.control.evidence).toMatch(
        /^v → V GmbH \(DE\) → 100 % S Ltd \(HK\) → 51 % G BV \(NL\) — S Ltd \(HK\): country of concern \(28 CFR 202\.601\)/,
      );
      expect(v.services[0].facts.counterparties).toEqual(['V GmbH itself (DE), a covered person']);
    });

    it('a path cut at 32 links does not claim there is no adversary country on it, and the explanation marks its cut', () => {
      // V GmbH ← 100 % Holding 0 (SG) ← 100 % Holding 1 (SG) ← … ← 100 % Holding 39 (CN)
      const entities = Array.from({ length: 40 }, (_, i) => ({
        id: `h-${i}`,
        name: `Holding ${i}`,
        country: i === 39 ? 'CN' : 'SG',
        ...(i < 39 ? { owners: [{ entity: `h-${i + 1}`, percent: 100 }] } : {}),
      }));
      const v = one({ id: 'v', name: 'V GmbH', country: 'DE', owners: [{ entity: 'h-0', percent: 100 }] }, entities);
      expect(v.facts.coveredPerson).toBe(true);
      expect(v.facts.control.chain).toHaveLength(32);
      const sentence = v.facts.control.evidence;
      expect(sentence).not.toContain('no adversary country on this path');
      expect(sentence).toContain(
        '100 % Holding 30 (SG) — no adversary country in the first 32 links of this path; person tests met further up it',
      );
      // sixteen levels are written (as many as the owners an explanation names), and the sixteenth owner is marked as
      // qualifying through owners not written
      const levels = Array.from({ length: 16 }, (_, i) => ` ← 100 % Holding ${i} (SG)`).join('');
      expect(v.facts.dsp.evidence).toBe(`V GmbH (DE)${levels} ← … ⇒ covered person under 28 CFR 202.211(a)`);
    });

    it('a layered holding structure of nine links: the explanation reaches the Chinese parent and says why it qualifies', () => {
      // V GmbH ← 100 % Holding 0 (SG) ← 100 % Holding 1 (KY) ← … ← 100 % Holding 8 (CN): a structure of
      // offshore holdings above an operating company, as deep as real ones go
      const entities = Array.from({ length: 9 }, (_, i) => ({
        id: `h-${i}`,
        name: `Holding ${i}`,
        country: i === 8 ? 'CN' : i % 2 === 0 ? 'SG' : 'KY',
        ...(i < 8 ? { owners: [{ entity: `h-${i + 1}`, percent: 100 }] } : {}),
      }));
      const v = one({ id: 'v', name: 'V GmbH', country: 'DE', owners: [{ entity: 'h-0', percent: 100 }] }, entities);
      expect(v.facts.coveredPerson).toBe(true);
      const links = entities.map((e) => ` ← 100 % ${e.name} (${e.country})`).join('');
      // the premise (organised in China, 202.211(a)(1)) ends the explanation, with no cut before it
      expect(v.facts.dsp.evidence).toBe(
        `V GmbH (DE)${links}, organised in China (202.211(a)(1)) ⇒ covered person under 28 CFR 202.211(a)`,
      );
      expect(v.facts.control.controller).toBe('Holding 8');
    });
  });

  it('an owner in China with an unrecorded share gives unknown, never 100 %', () => {
    const v = one({ id: 'v', name: 'V GmbH', country: 'DE', owners: [{ entity: 'Z Co', country: 'CN' }] });
    expect(v.facts.dsp.value).toBe('unknown');
    expect(v.facts.coveredPerson).toBe(false);
    expect(v.facts.dsp.missing).toEqual(['the share Z Co holds in V GmbH']);
    expect(v.facts.dsp.evidence).not.toContain('100 %');
  });

  it('a US subsidiary of a Chinese group is not a DSP covered person but is ICTS-relevant', () => {
    const v = one({
      id: 'v',
      name: 'V Inc',
      country: 'US',
      owners: [{ entity: 'V Group', country: 'CN', percent: 70 }],
    });
    expect(v.facts.dsp.value).toBe(false);
    expect(v.facts.icts.value).toBe(true);
  });

  it('PADFA: 20 % held from China makes a foreign entity controlled by a foreign adversary, not a covered person', () => {
    const v = one({ id: 'v', name: 'V GmbH', country: 'DE', owners: [{ entity: 'Z Co', country: 'CN', percent: 20 }] });
    expect(v.facts.padfa.value).toBe(true);
    expect(v.facts.dsp.value).toBe(false);
    expect(v.facts.icts.value).toBe(false);
  });

  it('Cloud.ru: blocked by the OFAC 50 % rule when Sberbank (SDN since 6 Apr 2022) holds 50 % or more; unknown while the share is unrecorded', () => {
    const vendor: Vendor = {
      id: 'v',
      name: 'V GmbH',
      country: 'DE',
      services: [{ id: 's', provider: 'cloud-ru', regions: ['ru-central1'] }],
    };
    const unknown = one(vendor);
    expect(unknown.facts.listBasis).toBe('unknown');
    const blocked = one(vendor, [{ id: 'cloud-ru', owners: [{ entity: 'sberbank', percent: 100 }] }]);
    expect(blocked.facts.listBasis).toBe('prohibited');
    const hit = blocked.facts.lists.find((h) => h.list === 'ofac-sdn' && h.via === 'ownership');
    expect(hit?.status).toBe(true);
    expect(hit?.party).toBe('provider');
    const minority = one(vendor, [{ id: 'cloud-ru', owners: [{ entity: 'sberbank', percent: 40 }] }]);
    expect(minority.facts.lists.some((h) => h.list === 'ofac-sdn' && h.party !== 'owner')).toBe(false);
  });

  it('an Entity List provider is exposure, not a ban on buying services', () => {
    const v = one({
      id: 'v',
      name: 'V GmbH',
      country: 'DE',
      services: [{ id: 's', provider: 'huawei-cloud', regions: ['la-south-2'] }],
    });
    expect(v.facts.lists.some((h) => h.list === 'entity-list')).toBe(true);
    expect(v.facts.listBasis).toBe('exposure');
  });
});
