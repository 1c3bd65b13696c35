import { describe, expect, it } from 'vitest';
import { BulkAggregator } from '../../../src/enrich/bulk.js';
import {
  DerivedTransactions,
  dspVerdict,
  onwardTransferVerdict,
  statusFromControl,
  transactionsOf,
} from '../../../src/enrich/transactions.js';
import type { ControlFacts, DataFacts } from '../../../src/enrich/types.js';
import { dataFacts, party, THRESHOLDS } from './facts.js';

const IN_FORCE = { inForce: true, sensitive: true };

/** Give `data` the transactions, aggregate bulk per counterparty like enrichment does, return the verdict. */
function verdict(data: DataFacts, ...transactions: ReturnType<typeof transactionsOf>) {
  data.transactions = transactions;
  const agg = new BulkAggregator(THRESHOLDS);
  if (data.direction === 'provides') {
    for (const t of transactions)
      if (t.counterparty.status !== 'not-covered' && !t.exemption)
        agg.add(t.counterparty.key, t.counterparty.name, data);
  }
  agg.finish();
  return dspVerdict(data, IN_FORCE);
}

const covered = party('globex', 'covered');
const unknown = party('mystery', 'unknown');
const usPerson = party('us-sub', 'not-covered', { adversaryLinked: true });
const cloud = party('cloud', 'covered', { role: 'provider', cloud: true });

describe('transactionsOf', () => {
  it('derives the organisation’s vendor agreement and the vendor’s own agreement with its provider', () => {
    const ts = transactionsOf({}, covered, cloud);
    expect(ts.map((t) => [t.type, t.obligation, t.derived, t.counterparty.key])).toEqual([
      ['vendor', 'organisation', true, 'globex'],
      ['vendor', 'vendor', true, 'cloud'],
    ]);
  });

  it('makes a knowingly directed provider agreement the organisation’s own (202.305)', () => {
    const ts = transactionsOf(
      { agreements: [{ type: 'vendor', party: 'vendor', knowinglyDirected: true }] },
      covered,
      cloud,
    );
    expect(ts[1]).toMatchObject({ obligation: 'organisation', knowinglyDirected: true, derived: false });
  });

  it('keeps declared agreement types and exemptions', () => {
    const ts = transactionsOf(
      {
        agreements: [
          { type: 'employment', party: 'organisation' },
          { type: 'vendor', party: 'organisation', exemption: { section: '202.506', reason: 'payroll' } },
        ],
      },
      covered,
      undefined,
    );
    expect(ts.map((t) => [t.type, t.exemption?.section])).toEqual([
      ['employment', undefined],
      ['vendor', '202.506'],
    ]);
  });

  it('gives a branch (the organisation itself abroad) no agreement with the organisation; its provider is the organisation’s', () => {
    const ts = transactionsOf({ relationship: 'branch' }, usPerson, cloud);
    expect(ts.map((t) => [t.obligation, t.counterparty.key])).toEqual([['organisation', 'cloud']]);
  });

  it('shares a derived agreement per counterparty and obligation, never across them', () => {
    const derived = new DerivedTransactions();
    const a = transactionsOf({}, covered, cloud, derived);
    const b = transactionsOf({}, unknown, cloud, derived);
    const branch = transactionsOf({ relationship: 'branch' }, usPerson, cloud, derived);
    // the vendor's own derived agreement with one provider is one object for every vendor on that provider
    expect(b[1]).toBe(a[1]);
    // the organisation's derived agreement is the vendor's own party's
    expect(a[0].counterparty).toBe(covered);
    expect(b[0].counterparty).toBe(unknown);
    // the same provider under a branch is the organisation's obligation: another object
    expect(branch[0]).not.toBe(a[1]);
    expect(branch[0]).toMatchObject({ obligation: 'organisation', counterparty: cloud, derived: true });
    expect(a[1]).toMatchObject({ obligation: 'vendor', counterparty: cloud, derived: true });
    // the same facts as without sharing, key for key
    expect(a).toEqual(transactionsOf({}, covered, cloud));
    expect(branch).toEqual(transactionsOf({ relationship: 'branch' }, usPerson, cloud));
  });
});

describe('dspVerdict', () => {
  it('restricts the organisation’s vendor agreement with a covered person over the bulk threshold (202.401)', () => {
    const d = dataFacts({ category: 'personal', usPersons: 250_000 });
    const v = verdict(d, ...transactionsOf({}, covered, undefined));
    expect(v).toMatchObject({
      verdict: 'restricted',
      basis: 'restricted',
      section: '28 CFR 202.401',
      regimes: ['us-dsp'],
    });
  });

  it('is not a covered data transaction below bulk: exposure at most', () => {
    const d = dataFacts({ category: 'personal', usPersons: 10 });
    const v = verdict(d, ...transactionsOf({}, covered, undefined));
    expect(v).toMatchObject({ verdict: 'not-covered', basis: 'exposure', regimes: [] });
    expect(v.evidence).toMatch(/below the 28 CFR 202.205 bulk threshold/);
  });

  it('covers government-related data at any volume (202.222)', () => {
    const d = dataFacts({ category: 'personal', usPersons: 3, governmentRelated: true });
    expect(verdict(d, ...transactionsOf({}, covered, undefined))).toMatchObject({
      verdict: 'restricted',
      basis: 'restricted',
    });
  });

  it('prohibits bulk human ’omic data (202.303) and data brokerage (202.301)', () => {
    const g = dataFacts({ category: 'genomic', usPersons: 150 });
    expect(verdict(g, ...transactionsOf({}, covered, undefined))).toMatchObject({
      verdict: 'prohibited',
      section: '28 CFR 202.303',
    });
    const p = dataFacts({ category: 'personal', usPersons: 200_000 });
    const brokered = transactionsOf(
      { agreements: [{ type: 'data-brokerage', party: 'organisation' }] },
      covered,
      undefined,
    );
    expect(verdict(p, ...brokered)).toMatchObject({
      verdict: 'prohibited',
      basis: 'prohibited',
      section: '28 CFR 202.301',
    });
  });

  it('gives basis unknown, never restricted, when the counterparty’s status is unknown', () => {
    const d = dataFacts({ category: 'personal', usPersons: 250_000 });
    const v = verdict(d, ...transactionsOf({}, unknown, undefined));
    expect(v).toMatchObject({ verdict: 'unknown', basis: 'unknown', regimes: [] });
    expect(v.evidence).toMatch(/would be restricted/);
  });

  it('gives basis unknown when a count is missing', () => {
    const d = dataFacts({ category: 'health' });
    expect(verdict(d, ...transactionsOf({}, covered, undefined))).toMatchObject({
      verdict: 'unknown',
      basis: 'unknown',
    });
  });

  it('is exposure when the counterparty is adversary-linked but not a covered person (a U.S. person, 202.256)', () => {
    const d = dataFacts({ category: 'personal', usPersons: 250_000 });
    expect(verdict(d, ...transactionsOf({}, usPerson, undefined))).toMatchObject({
      verdict: 'not-covered',
      basis: 'exposure',
    });
  });

  it('makes the vendor’s own provider agreement the organisation’s exposure, not its obligation', () => {
    const d = dataFacts({ category: 'personal', usPersons: 250_000 });
    const v = verdict(d, ...transactionsOf({}, party('acme-us', 'not-covered', { adversaryLinked: false }), cloud));
    expect(v).toMatchObject({
      verdict: 'restricted',
      basis: 'exposure',
      obligation: 'vendor',
      cloud: true,
      regimes: [],
    });
  });

  it('is not a transfer when the organisation only receives the data (202.210(b)(3))', () => {
    const d = dataFacts({ category: 'personal', usPersons: 250_000 }, { direction: 'receives-only' });
    const v = verdict(d, ...transactionsOf({}, covered, undefined));
    expect(v.verdict).toBe('not-covered');
    expect(v.evidence).toMatch(/only receives/);
  });

  it('exempts a transaction with its section and reason', () => {
    const d = dataFacts({ category: 'personal', usPersons: 150_000 });
    const ts = transactionsOf(
      { agreements: [{ type: 'vendor', party: 'organisation', exemption: { section: '202.506', reason: 'payroll' } }] },
      covered,
      undefined,
    );
    const v = verdict(d, ...ts);
    expect(v).toMatchObject({ verdict: 'exempt', section: '28 CFR 202.506' });
    expect(v.evidence).toMatch(/payroll/);
  });

  it('applies only from the effective date', () => {
    const d = dataFacts({ category: 'personal', usPersons: 250_000 });
    d.transactions = transactionsOf({}, covered, undefined);
    expect(dspVerdict(d, { inForce: false, sensitive: true }).verdict).toBe('not-covered');
  });

  it('aggregates per covered-person counterparty: two vendors on one covered cloud add up, two covered vendors do not', () => {
    const agg = new BulkAggregator(THRESHOLDS);
    const a = dataFacts({ category: 'health', usPersons: 6000 });
    const b = dataFacts({ category: 'health', usPersons: 6000 });
    a.transactions = transactionsOf({}, party('va', 'covered'), undefined);
    b.transactions = transactionsOf({}, party('vb', 'covered'), undefined);
    for (const d of [a, b]) for (const t of d.transactions) agg.add(t.counterparty.key, t.counterparty.name, d);
    agg.finish();
    expect(dspVerdict(a, IN_FORCE).verdict).toBe('not-covered');
  });
});

describe('statusFromControl (interim, until the ownership graph)', () => {
  const test = {
    isCountryOfConcern: (c: string) => ['CN', 'HK', 'RU'].includes(c),
    jurisdiction: 'US',
    ownershipPercent: 50,
  };
  const control = (country: string | undefined, adversaryOwnership = 0): ControlFacts => ({
    known: country !== undefined,
    adversary: false,
    adversaryLinked: false,
    regimes: [],
    chain: country === undefined ? [] : [{ name: 'E', country, regimes: [] }],
    adversaryOwnership,
    lists: [],
    evidence: '',
  });
  it('reads covered / not covered / unknown', () => {
    expect(statusFromControl(control('CN'), test).status).toBe('covered');
    expect(statusFromControl(control('US', 100), test).status).toBe('not-covered');
    expect(statusFromControl(control('SG', 60), test).status).toBe('covered');
    expect(statusFromControl(control('SG', 30), test).status).toBe('not-covered');
    expect(statusFromControl(control(undefined), test).status).toBe('unknown');
  });
});

describe('onwardTransferVerdict (28 CFR 202.302)', () => {
  const foreign = party('buyer', 'not-covered', { foreign: true });
  function onward(data: DataFacts, asOf = '2026-11-28') {
    const agg = new BulkAggregator(THRESHOLDS, { detached: true });
    for (const t of data.transactions) agg.add(t.counterparty.key, t.counterparty.name, data);
    agg.finish();
    return onwardTransferVerdict(data, { ...IN_FORCE, asOf, bulkOf: (d) => agg.of(d) });
  }
  const brokered = (usPersons: number, onwardTransfer?: { contractualBan?: boolean }) => {
    const data = dataFacts({ category: 'personal', usPersons });
    data.transactions = transactionsOf(
      {
        agreements: [{ type: 'data-brokerage', party: 'organisation', ...(onwardTransfer ? { onwardTransfer } : {}) }],
      },
      foreign,
      undefined,
    );
    return data;
  };

  it('is prohibited without the contractual bar, met with it, unknown when not recorded', () => {
    expect(onward(brokered(200_000, { contractualBan: false }))).toMatchObject({
      basis: 'prohibited',
      status: 'unmet',
    });
    expect(onward(brokered(200_000, { contractualBan: true }))).toMatchObject({ basis: 'none', status: 'met' });
    expect(onward(brokered(200_000))).toMatchObject({ basis: 'unknown', status: 'unknown' });
  });

  it('does not touch the data set’s own bulk facts (detached aggregation)', () => {
    const data = brokered(200_000, { contractualBan: false });
    onward(data);
    expect(data.bulk).toEqual([]);
    expect(data.bulkStatus).toBe('not-applicable');
  });

  it('is unknown when whether the counterparty is a foreign person is not known', () => {
    const data = dataFacts({ category: 'personal', usPersons: 200_000 });
    data.transactions = transactionsOf(
      { agreements: [{ type: 'data-brokerage', party: 'organisation', onwardTransfer: { contractualBan: false } }] },
      party('who', 'not-covered', { foreign: 'unknown' }),
      undefined,
    );
    expect(onward(data).basis).toBe('unknown');
  });
});
