import { describe, expect, it } from 'vitest';
import { cisaDataFacts, organisationDspFacts } from '../../../src/enrich/obligations.js';
import type { DspFacts } from '../../../src/enrich/types.js';
import type { Organisation } from '../../../src/model/types.js';

const restricted = (cloud = false): DspFacts => ({
  verdict: 'restricted',
  basis: 'restricted',
  obligation: 'organisation',
  counterparty: 'X',
  cloud,
  regimes: ['us-dsp'],
  evidence: '',
});
const unknown: DspFacts = {
  verdict: 'unknown',
  basis: 'unknown',
  obligation: 'organisation',
  cloud: false,
  regimes: [],
  evidence: '',
};
const vendorsOwn: DspFacts = { ...restricted(true), basis: 'exposure', obligation: 'vendor' };
const org = (extra: Partial<Organisation> = {}): Organisation => ({ name: 'Acme', ...extra });

describe('organisationDspFacts', () => {
  it('counts only the organisation’s own transactions', () => {
    const f = organisationDspFacts(org(), [restricted(), vendorsOwn], '2026-11-28');
    expect([f.restricted, f.cloudRestricted]).toEqual([1, 0]);
    expect(f.summary).toMatch(/1 data set\(s\) in restricted transactions/);
  });

  it('applies subpart J from 6 October 2025 and 202.1101 from 8 April 2025', () => {
    const before = organisationDspFacts(org(), [restricted()], '2025-09-30');
    expect(before.program.status).toBe('not-applicable');
    expect(before.records.status).toBe('unknown');
    const after = organisationDspFacts(org(), [restricted()], '2025-10-06');
    expect(after.program.status).toBe('unknown');
    expect(after.audit.status).toBe('unknown');
  });

  it('data compliance programme: met, stale, missing, not recorded', () => {
    const at = (program: NonNullable<Organisation['compliance']>['program']) =>
      organisationDspFacts(org({ compliance: { program } }), [restricted()], '2026-11-28').program;
    expect(at({ written: true, lastCertified: '2026-06-01' })).toMatchObject({ status: 'met', basis: 'none' });
    expect(at({ written: true, lastCertified: '2025-06-01' })).toMatchObject({
      status: 'unmet',
      basis: 'reportable',
      regimes: ['us-dsp'],
    });
    expect(at({ written: false })).toMatchObject({ status: 'unmet', basis: 'reportable' });
    expect(at(undefined)).toMatchObject({ status: 'unknown', basis: 'unknown', regimes: [] });
  });

  it('does not apply without a restricted transaction; is unknown when one may exist', () => {
    expect(organisationDspFacts(org(), [vendorsOwn], '2026-11-28').audit.status).toBe('not-applicable');
    expect(organisationDspFacts(org(), [unknown], '2026-11-28').audit.status).toBe('unknown');
    expect(
      organisationDspFacts(
        org({ compliance: { audit: { lastCompleted: '2026-05-01', independent: true } } }),
        [unknown],
        '2026-11-28',
      ).audit.status,
    ).toBe('met');
  });

  it('records: 10 years', () => {
    const at = (years: number) =>
      organisationDspFacts(org({ compliance: { recordsRetentionYears: years } }), [restricted()], '2026-11-28').records
        .status;
    expect(at(10)).toBe('met');
    expect(at(9)).toBe('unmet');
  });

  it('annual report (202.1103): cloud restricted transactions and ≥ 25 % covered ownership, due 1 March', () => {
    const at = (o: Partial<Organisation>, asOf = '2026-11-28', verdicts = [restricted(true)]) =>
      organisationDspFacts(org(o), verdicts, asOf).annualReport;
    expect(at({ coveredOwnershipPercent: 24 }).status).toBe('not-applicable');
    expect(at({ coveredOwnershipPercent: 30 }, '2026-11-28', [restricted(false)]).status).toBe('not-applicable');
    expect(at({}).status).toBe('unknown');
    expect(at({ coveredOwnershipPercent: 25 }).status).toBe('unknown');
    expect(at({ coveredOwnershipPercent: 25, compliance: { annualReport: { lastFiled: '2026-02-27' } } }).status).toBe(
      'met',
    );
    expect(at({ coveredOwnershipPercent: 25, compliance: { annualReport: { lastFiled: '2025-02-27' } } }).status).toBe(
      'unmet',
    );
    // before the first due date (1 March 2026) nothing is late
    expect(at({ coveredOwnershipPercent: 25 }, '2026-02-28').status).toBe('met');
    expect(at({ coveredOwnershipPercent: 25 }, '2026-03-01').status).toBe('unknown');
  });

  it('rejected brokerage offers (202.1104): reported within 14 days', () => {
    const at = (offers: { rejected: string; reported?: string }[], asOf = '2026-11-28') =>
      organisationDspFacts(org({ compliance: { rejectedOffers: offers } }), [], asOf).rejectedReports;
    expect(at([])).toMatchObject({ status: 'not-applicable' });
    expect(at([{ rejected: '2026-05-01', reported: '2026-05-15' }]).status).toBe('met');
    expect(at([{ rejected: '2026-05-01', reported: '2026-05-16' }])).toMatchObject({
      status: 'unmet',
      basis: 'reportable',
    });
    expect(at([{ rejected: '2026-11-20' }]).status).toBe('met');
    expect(at([{ rejected: '2026-11-01' }]).status).toBe('unmet');
    // offers before 6 October 2025 are outside 202.1104
    expect(at([{ rejected: '2025-09-01' }]).status).toBe('not-applicable');
  });

  it('CISA organisational requirements: unmet is restricted, not merely reportable', () => {
    const at = (organisational?: boolean) =>
      organisationDspFacts(
        org({ compliance: { securityRequirements: { organisational } } }),
        [restricted()],
        '2026-11-28',
      ).security;
    expect(at(false)).toMatchObject({ status: 'unmet', basis: 'restricted' });
    expect(at(true).status).toBe('met');
    expect(at(undefined)).toMatchObject({ status: 'unknown', basis: 'unknown' });
  });
});

describe('cisaDataFacts', () => {
  it('says which data-level requirements are evidenced and which are not', () => {
    const f = cisaDataFacts({
      category: 'personal',
      encryption: { atRest: true, keys: 'customer' },
      controls: { masking: false },
    });
    expect(f.status).toBe('evidenced');
    expect(f.evidenced).toEqual(['encryption with keys the covered person cannot reach']);
    expect(f.missing).toContain('masking / de-identification');
    expect(cisaDataFacts({ category: 'personal', encryption: { atRest: true, keys: 'provider' } })).toMatchObject({
      status: 'unmet',
      basis: 'restricted',
    });
    expect(cisaDataFacts({ category: 'personal' })).toMatchObject({
      status: 'unknown',
      basis: 'unknown',
      evidenced: [],
    });
  });
});
