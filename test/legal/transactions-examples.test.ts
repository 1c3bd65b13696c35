import { beforeAll, describe, expect, it } from 'vitest';
import { loadCatalog } from '../../src/adapters/workspace.js';
import type { Catalog } from '../../src/catalog/types.js';
import { enrich } from '../../src/enrich/enrich.js';
import type { DspFacts, EnrichedInventory } from '../../src/enrich/types.js';
import type { Inventory, Vendor } from '../../src/model/types.js';
import { parseText } from '../../src/parse/parse.js';
import { validate } from '../../src/schema/schemas.js';
import { AS_OF } from '../helpers.js';
import { bundledWorld, checkDocs } from '../unit/run-check.js';

let catalog: Catalog;
beforeAll(async () => {
  catalog = (await loadCatalog()).catalog;
});

function inventory(vendors: Vendor[], organisation: Inventory['organisation'] = { name: 'Acme' }): Inventory {
  const inv: Inventory = { apiVersion: 'residency/v1', kind: 'Inventory', organisation, vendors };
  expect(validate('inventory', inv)).toEqual([]);
  return inv;
}

function enriched(inv: Inventory, asOf = AS_OF): EnrichedInventory {
  return enrich(inv, catalog, { asOf });
}

/** The DSP verdict of the first data set of `vendor`'s first service. */
function dsp(inv: Inventory, vendor = inv.vendors[0].id, asOf = AS_OF): DspFacts {
  const v = enriched(inv, asOf).vendors.find((x) => x.facts.id === vendor);
  const data = v?.services[0]?.data[0];
  if (!data) throw new Error(`no data set at ${vendor}`);
  return data.dsp;
}

const onAws = (data: NonNullable<Vendor['services']>[number]['data']) => [
  { id: 'systems', provider: 'aws', regions: ['us-east-1'], data },
];

describe('28 CFR 202.210 covered data transaction', () => {
  it('Example 1: research at the organisation’s own laboratory in a country of concern is no covered data transaction', () => {
    const inv = inventory([
      {
        id: 'shanghai-lab',
        name: 'Acme research laboratory (Shanghai)',
        country: 'CN',
        relationship: 'branch',
        services: onAws([{ category: 'health', usPersons: 50_000 }]),
      },
    ]);
    const v = dsp(inv);
    expect(v.verdict).toBe('not-covered');
    expect(v.basis).not.toBe('restricted');
  });

  it('Example 2: a vendor agreement with a covered person stays a covered data transaction when data-level requirements are applied', () => {
    const inv = inventory([
      {
        id: 'cn-vendor',
        name: 'CN Vendor',
        country: 'CN',
        services: onAws([
          {
            category: 'personal',
            usPersons: 500_000,
            controls: { minimisation: true, masking: true },
            encryption: { atRest: true, keys: 'customer' },
          },
        ]),
      },
    ]);
    const data = enriched(inv).vendors[0].services[0].data[0];
    expect(data.dsp).toMatchObject({ verdict: 'restricted', basis: 'restricted', section: '28 CFR 202.401' });
    expect(data.cisa.status).toBe('evidenced');
  });

  it('Example 3: data the organisation only receives from a covered person is not a covered data transaction', () => {
    const inv = inventory([
      {
        id: 'cn-vendor',
        name: 'CN Vendor',
        country: 'CN',
        services: onAws([{ category: 'personal', usPersons: 500_000, direction: 'receives-only' }]),
      },
    ]);
    const v = dsp(inv);
    expect(v.verdict).toBe('not-covered');
    expect(v.evidence).toMatch(/202\.210\(b\)\(3\)/);
  });
});

describe('28 CFR 202.258 vendor agreement (cloud-computing services included)', () => {
  it('Example 1: processing and storing bulk precise geolocation at a company headquartered in a country of concern is restricted', () => {
    const inv = inventory([
      {
        id: 'geo-processor',
        name: 'Geo Processor',
        country: 'SG',
        principalPlaceOfBusiness: 'CN',
        services: onAws([{ category: 'precise-geolocation', devices: 5000 }]),
      },
    ]);
    expect(dsp(inv)).toMatchObject({ verdict: 'restricted', basis: 'restricted', transactionType: 'vendor' });
  });

  it('Example 2: IT services with access to systems holding bulk personal health data are restricted', () => {
    const inv = inventory([
      {
        id: 'it-services',
        name: 'IT Services Co',
        country: 'CN',
        services: [
          {
            id: 'ehr',
            provider: 'aws',
            regions: ['us-east-1'],
            access: 'privileged',
            data: [{ category: 'health', usPersons: 20_000 }],
          },
        ],
      },
    ]);
    expect(dsp(inv)).toMatchObject({ verdict: 'restricted', basis: 'restricted' });
  });

  it('Example 3: a U.S. data-centre company owned from a country of concern and designated a covered person gives restricted vendor agreements', () => {
    // 28 CFR 202.258(b)(3) (eCFR text, self-law.org copy, read 2026-12-02): the U.S. company is owned by an entity
    // headquartered in a country of concern and has been designated a covered person (202.211(a)(5)); its data
    // centre stores bulk U.S. sensitive personal data for U.S. companies: these vendor agreements are restricted.
    const dataCentre = (designated: boolean): Vendor => ({
      id: 'us-dc',
      name: 'DC Managed Services Inc',
      country: 'US',
      ...(designated ? { designated: true } : {}),
      owners: [{ entity: 'DC Holdings Ltd', country: 'KY', principalPlaceOfBusiness: 'CN', percent: 100 }],
      services: [
        {
          id: 'managed-storage',
          provider: { name: 'DC Managed Services data centre', country: 'US' },
          data: [{ category: 'personal', usPersons: 250_000 }],
        },
      ],
    });
    const e = enriched(inventory([dataCentre(true)]));
    expect(e.vendors[0].facts.dsp.value).toBe(true);
    expect(e.vendors[0].services[0].data[0].dsp).toMatchObject({
      verdict: 'restricted',
      basis: 'restricted',
      section: '28 CFR 202.401',
      transactionType: 'vendor',
      obligation: 'organisation',
      counterparty: 'DC Managed Services Inc',
    });
    // without the designation the U.S.-organised company is a U.S. person (202.256 Example 8): not covered
    const undesignated = enriched(inventory([dataCentre(false)]));
    expect(undesignated.vendors[0].facts.dsp.value).toBe(false);
    expect(undesignated.vendors[0].services[0].data[0].dsp.verdict).toBe('not-covered');
  });

  it('a cloud provider that is a covered person, contracted directly, is a restricted vendor agreement involving cloud', () => {
    const inv = inventory([
      {
        id: 'alibaba-cloud',
        name: 'Alibaba Cloud',
        services: [
          {
            id: 'oss',
            provider: 'alibaba-cloud',
            regions: ['us-east-1'],
            data: [{ category: 'personal', usPersons: 200_000 }],
          },
        ],
      },
    ]);
    expect(dsp(inv)).toMatchObject({
      verdict: 'restricted',
      basis: 'restricted',
      cloud: true,
      obligation: 'organisation',
    });
  });

  it('the vendor’s own agreement with a covered cloud is the vendor’s obligation and the organisation’s exposure, unless it knowingly directs it (202.305)', () => {
    const vendor: Vendor = {
      id: 'saas',
      name: 'SaaS Inc',
      country: 'US',
      services: [
        {
          id: 'app',
          provider: 'alibaba-cloud',
          regions: ['us-east-1'],
          data: [{ category: 'personal', usPersons: 200_000 }],
        },
      ],
    };
    expect(dsp(inventory([vendor]))).toMatchObject({ verdict: 'restricted', basis: 'exposure', obligation: 'vendor' });
    const directed = inventory([
      { ...vendor, agreements: [{ type: 'vendor', party: 'vendor', knowinglyDirected: true }] },
    ]);
    expect(dsp(directed)).toMatchObject({ verdict: 'restricted', basis: 'restricted', obligation: 'organisation' });
  });
});

describe('28 CFR 202.205 / 202.222 bulk and government-related data', () => {
  it('aggregates the amounts held with the same covered person across vendors', () => {
    const vendor = (id: string): Vendor => ({
      id,
      name: id,
      country: 'US',
      agreements: [{ type: 'vendor', party: 'vendor', knowinglyDirected: true }],
      services: [
        { id: 's', provider: 'alibaba-cloud', regions: ['us-east-1'], data: [{ category: 'health', usPersons: 6000 }] },
      ],
    });
    const e = enriched(inventory([vendor('a'), vendor('b')]));
    for (const v of e.vendors) expect(v.services[0].data[0].dsp.verdict).toBe('restricted');
    const one = enriched(inventory([vendor('a')]));
    expect(one.vendors[0].services[0].data[0].dsp.verdict).toBe('not-covered');
  });

  it('combined data (202.205(g)): identifiers of 50,000 persons linked to their health data are bulk at the health threshold', () => {
    const inv = (combinedWith?: ('health' | 'financial')[]) =>
      inventory([
        {
          id: 'v',
          name: 'V',
          country: 'CN',
          services: onAws([{ category: 'personal', usPersons: 50_000, ...(combinedWith ? { combinedWith } : {}) }]),
        },
      ]);
    const combined = dsp(inv(['health']));
    expect(combined).toMatchObject({ verdict: 'restricted', basis: 'restricted', section: '28 CFR 202.401' });
    expect(combined.evidence).toContain('combined data: personal with health, counted as health, 28 CFR 202.205(g)');
    // the same 50,000 persons' identifiers alone are below the 100,000 threshold
    expect(dsp(inv()).verdict).toBe('not-covered');
  });

  it('counts the 12-month peak, not only today’s count', () => {
    const inv = inventory([
      {
        id: 'v',
        name: 'V',
        country: 'CN',
        services: onAws([{ category: 'health', usPersons: 2000, peak12Months: 15_000 }]),
      },
    ]);
    const data = enriched(inv).vendors[0].services[0].data[0];
    expect(data.dsp.verdict).toBe('restricted');
    expect(data.bulkEvidence).toMatch(/12-month peak/);
  });

  it('covers government-related data at any volume', () => {
    const inv = inventory([
      {
        id: 'v',
        name: 'V',
        country: 'RU',
        services: onAws([{ category: 'personal', usPersons: 3, governmentRelated: true }]),
      },
    ]);
    expect(dsp(inv)).toMatchObject({ verdict: 'restricted', basis: 'restricted' });
  });

  it('leaves the verdict unknown when the count is missing, and when the counterparty’s status is unknown', () => {
    const noCount = inventory([{ id: 'v', name: 'V', country: 'CN', services: onAws([{ category: 'health' }]) }]);
    expect(dsp(noCount)).toMatchObject({ verdict: 'unknown', basis: 'unknown' });
    const noStatus = inventory([{ id: 'v', name: 'V', services: onAws([{ category: 'health', usPersons: 50_000 }]) }]);
    expect(dsp(noStatus)).toMatchObject({ verdict: 'unknown', basis: 'unknown' });
  });
});

describe('28 CFR 202.301 / 202.303 prohibited transactions; 202.401 restricted', () => {
  it('202.303: bulk human genomic data (more than 100 US persons) with a covered person is prohibited', () => {
    const lab = (usPersons: number) =>
      inventory([{ id: 'lab', name: 'Lab', country: 'CN', services: onAws([{ category: 'genomic', usPersons }]) }]);
    expect(dsp(lab(101))).toMatchObject({ verdict: 'prohibited', basis: 'prohibited', section: '28 CFR 202.303' });
    expect(dsp(lab(100)).verdict).toBe('not-covered');
  });

  it('202.301: data brokerage of bulk data to a covered person is prohibited; PADFA only where the organisation is a data broker', () => {
    const vendors: Vendor[] = [
      {
        id: 'buyer',
        name: 'Buyer',
        country: 'CN',
        agreements: [{ type: 'data-brokerage', party: 'organisation' }],
        services: onAws([{ category: 'personal', usPersons: 200_000 }]),
      },
    ];
    const broker = enriched(inventory(vendors, { name: 'Acme', dataBroker: true })).vendors[0].services[0].data[0];
    expect(broker.dsp).toMatchObject({ verdict: 'prohibited', section: '28 CFR 202.301' });
    expect(broker.regimes).toEqual(['us-dsp', 'us-padfa']);
    const notBroker = enriched(inventory(vendors)).vendors[0].services[0].data[0];
    expect(notBroker.regimes).not.toContain('us-padfa');
  });

  it('PADFA binds data brokers: a vendor that is a data broker transferring to a covered party; never plain hosting', () => {
    const vendor = (dataBroker: boolean, brokerage: boolean): Vendor => ({
      id: 'broker',
      name: 'Broker Inc',
      country: 'US',
      dataBroker,
      ...(brokerage ? { agreements: [{ type: 'data-brokerage' as const, party: 'vendor' as const }] } : {}),
      services: [
        {
          id: 's',
          provider: 'alibaba-cloud',
          regions: ['us-east-1'],
          data: [{ category: 'personal', usPersons: 500 }],
        },
      ],
    });
    const regimes = (v: Vendor) => enriched(inventory([v])).vendors[0].services[0].data[0].regimes;
    expect(regimes(vendor(true, true))).toContain('us-padfa');
    expect(regimes(vendor(false, true))).not.toContain('us-padfa');
    expect(regimes(vendor(true, false))).not.toContain('us-padfa');
    const data = enriched(inventory([vendor(true, true)])).vendors[0].services[0].data[0];
    expect(data.dsp.basis).toBe('exposure');
  });

  it('202.401: an employment agreement giving an individual primarily resident in a country of concern access to bulk data is restricted', () => {
    const inv = inventory([
      {
        id: 'engineer',
        name: 'Contract engineer (Shanghai)',
        country: 'CN',
        agreements: [{ type: 'employment', party: 'organisation' }],
        services: onAws([{ category: 'financial', usPersons: 50_000 }]),
      },
    ]);
    expect(dsp(inv)).toMatchObject({ verdict: 'restricted', transactionType: 'employment' });
  });

  it('applies from 8 April 2025 only', () => {
    const inv = inventory([
      { id: 'v', name: 'V', country: 'CN', services: onAws([{ category: 'personal', usPersons: 200_000 }]) },
    ]);
    expect(dsp(inv, 'v', '2025-04-07').verdict).toBe('not-covered');
    expect(dsp(inv, 'v', '2025-04-08').verdict).toBe('restricted');
  });
});

describe('28 CFR 202.302 data brokerage with a foreign person that is not a covered person', () => {
  // 202.302(a)–(b)(1), eCFR text (checkoutapi.com copy, "last revised Apr 18, 2025", read 2026-12-02): prohibited
  // unless the contract bars onward data brokerage of the same data to a country of concern or covered person and
  // known or suspected violations are reported within 14 days. The section's own examples were not in the text read.
  const broker = (
    onwardTransfer?: { contractualBan?: boolean; violations?: { awareOn: string; reportedOn?: string }[] },
    data: NonNullable<Vendor['services']>[number]['data'] = [{ category: 'personal', usPersons: 200_000 }],
    country = 'DE',
  ): Vendor => ({
    id: 'buyer',
    name: 'Buyer GmbH',
    country,
    agreements: [{ type: 'data-brokerage', party: 'organisation', ...(onwardTransfer ? { onwardTransfer } : {}) }],
    services: onAws(data),
  });
  const onward = (...vendors: Vendor[]) =>
    enriched(inventory(vendors, { name: 'Acme', dataBroker: true })).vendors[0].services[0].data[0];

  it('bulk data brokered to a German company without a contractual bar on onward brokerage is prohibited', () => {
    const data = onward(broker({ contractualBan: false }));
    expect(data.onwardTransfer).toMatchObject({
      status: 'unmet',
      basis: 'prohibited',
      section: '28 CFR 202.302',
      regimes: ['us-dsp'],
      counterparty: 'Buyer GmbH',
    });
    expect(data.onwardTransfer.evidence).toContain('(28 CFR 202.302(a)(1))');
    // a foreign person that is not a covered person: no 202.301 verdict
    expect(data.dsp.verdict).toBe('not-covered');
  });

  it('with the contractual bar and no unreported violation it is allowed; an unrecorded clause is unknown', () => {
    expect(onward(broker({ contractualBan: true })).onwardTransfer).toMatchObject({ status: 'met', basis: 'none' });
    expect(onward(broker()).onwardTransfer).toMatchObject({ status: 'unknown', basis: 'unknown', regimes: [] });
  });

  it('a known or suspected violation is reported within 14 days of becoming aware of it (202.302(b)(1))', () => {
    const basis = (violations: { awareOn: string; reportedOn?: string }[]) =>
      onward(broker({ contractualBan: true, violations })).onwardTransfer.basis;
    expect(basis([{ awareOn: '2026-05-01', reportedOn: '2026-05-15' }])).toBe('none');
    expect(basis([{ awareOn: '2026-05-01', reportedOn: '2026-05-16' }])).toBe('prohibited');
    expect(basis([{ awareOn: '2026-05-01' }])).toBe('prohibited');
    // aware 10 days before --as-of 2026-11-28: the report is due by 2026-12-02
    const due = onward(broker({ contractualBan: true, violations: [{ awareOn: '2026-11-18' }] })).onwardTransfer;
    expect(due).toMatchObject({ status: 'unmet', basis: 'reportable', regimes: [] });
    expect(due.evidence).toContain('to be reported by 2026-12-02');
  });

  it('applies to government-related data at any volume and to bulk only: 90,000 persons’ identifiers are not bulk', () => {
    expect(
      onward(broker({ contractualBan: false }, [{ category: 'personal', usPersons: 90_000 }])).onwardTransfer.status,
    ).toBe('not-applicable');
    expect(
      onward(broker({ contractualBan: false }, [{ category: 'personal', usPersons: 5, governmentRelated: true }]))
        .onwardTransfer.basis,
    ).toBe('prohibited');
  });

  it('counts bulk with the same foreign person across transactions (202.205)', () => {
    const second: Vendor = {
      ...broker({ contractualBan: false }, [{ category: 'personal', usPersons: 60_000 }]),
      id: 'buyer-2',
    };
    const first = broker({ contractualBan: false }, [{ category: 'personal', usPersons: 60_000 }]);
    // two vendors are two counterparties: 60,000 each is below 100,000
    expect(onward(first, second).onwardTransfer.status).toBe('not-applicable');
    // two data sets brokered to the same foreign person: 120,000
    const both: Vendor = {
      ...first,
      services: [
        { id: 'a', provider: 'aws', regions: ['us-east-1'], data: [{ category: 'personal', usPersons: 60_000 }] },
        { id: 'b', provider: 'aws', regions: ['us-east-1'], data: [{ category: 'personal', usPersons: 60_000 }] },
      ],
    };
    expect(onward(both).onwardTransfer.basis).toBe('prohibited');
  });

  it('not for a covered person (202.301 instead), a U.S. person, data only received, or the vendor’s own brokerage', () => {
    const covered = onward(broker({ contractualBan: true }, undefined, 'CN'));
    expect(covered.onwardTransfer.status).toBe('not-applicable');
    expect(covered.dsp).toMatchObject({ verdict: 'prohibited', section: '28 CFR 202.301' });
    expect(onward(broker({ contractualBan: false }, undefined, 'US')).onwardTransfer.status).toBe('not-applicable');
    expect(
      onward(
        broker({ contractualBan: false }, [{ category: 'personal', usPersons: 200_000, direction: 'receives-only' }]),
      ).onwardTransfer.status,
    ).toBe('not-applicable');
    const vendorSide: Vendor = {
      ...broker(),
      agreements: [{ type: 'data-brokerage', party: 'vendor', onwardTransfer: { contractualBan: false } }],
    };
    expect(onward(vendorSide).onwardTransfer.status).toBe('not-applicable');
  });
});

describe('28 CFR 202.5xx exemptions', () => {
  it('202.504 Example 1: federally funded genomic research with a covered foreign laboratory is exempt (prohibited otherwise)', () => {
    const lab = (exempt: boolean): Vendor => ({
      id: 'lab',
      name: 'Foreign laboratory',
      country: 'CN',
      agreements: [
        {
          type: 'vendor',
          party: 'organisation',
          ...(exempt
            ? { exemption: { section: '202.504', reason: 'part of federally funded human genomic research' } }
            : {}),
        },
      ],
      services: onAws([{ category: 'genomic', usPersons: 5000, biospecimens: true }]),
    });
    expect(dsp(inventory([lab(true)]))).toMatchObject({ verdict: 'exempt', section: '28 CFR 202.504' });
    expect(dsp(inventory([lab(false)]))).toMatchObject({ verdict: 'prohibited', section: '28 CFR 202.303' });
  });

  it('202.506 Example 1: payroll data of U.S.-person contractors shared with the organisation’s subsidiary in a country of concern is an exempt corporate group transaction', () => {
    const inv = inventory([
      {
        id: 'cn-subsidiary',
        name: 'Acme (Shenzhen) Co',
        country: 'CN',
        relationship: 'subsidiary',
        agreements: [
          {
            type: 'vendor',
            party: 'organisation',
            exemption: {
              section: '202.506',
              reason: 'payroll for U.S.-person contractors, ancillary business operations',
            },
          },
        ],
        services: onAws([{ category: 'financial', usPersons: 20_000 }]),
      },
    ]);
    expect(dsp(inv)).toMatchObject({ verdict: 'exempt', section: '28 CFR 202.506' });
  });
});

describe('issue 12 reproduction', () => {
  it('10 US persons’ data on Alibaba Cloud in Virginia is exposure at most, not a restricted transaction', async () => {
    const world = await bundledWorld();
    const inv = inventory([
      {
        id: 'v',
        name: 'V',
        services: [
          {
            id: 's',
            provider: 'alibaba-cloud',
            regions: ['us-east-1'],
            data: [{ category: 'personal', usPersons: 10 }],
          },
        ],
      },
    ]);
    const report = checkDocs(world, [parseText(JSON.stringify(inv), 'repro.json')]);
    const finding = report.findings.find((f) => f.ruleId === 'personal-data-adversary-provider');
    expect(finding?.basis).toBe('exposure');
    expect(finding?.regimes).not.toContain('us-dsp');
    expect(finding?.regimes).not.toContain('us-padfa');
    expect(finding?.message).not.toMatch(/restricted \(28 CFR 202\.401\)/);
    expect(finding?.message).toMatch(/below the 28 CFR 202\.205 bulk threshold/);
    for (const id of ['bulk-sensitive-data-threshold', 'dsp-data-compliance-program', 'cisa-data-level-requirements']) {
      expect(report.findings.filter((f) => f.ruleId === id)).toEqual([]);
    }
  });
});
