import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { Finding } from '../../../src/engine/types.js';
import { findingWeight, grade, score } from '../../../src/score/score.js';
import { findingArb as findingArb_ } from './findings.js';

const VENDORS = ['a', 'b', 'c', 'd', 'e'];

const findingArb = findingArb_(VENDORS);

describe('scoring', () => {
  it('an inventory with no findings scores 100 (A)', () => {
    const result = score(VENDORS, []);
    expect(result.score).toBe(100);
    expect(result.grade).toBe('A');
    for (const v of result.vendors.values()) expect(v.score).toBe(100);
  });

  it('scores stay within 0–100 and grades follow the score', () => {
    fc.assert(
      fc.property(fc.array(findingArb, { maxLength: 60 }), (findings) => {
        const result = score(VENDORS, findings);
        expect(result.score).toBeGreaterThanOrEqual(0);
        expect(result.score).toBeLessThanOrEqual(100);
        expect(result.grade).toBe(grade(result.score));
        for (const v of result.vendors.values()) {
          expect(v.score).toBeGreaterThanOrEqual(0);
          expect(v.score).toBeLessThanOrEqual(100);
        }
      }),
      { seed: 20261128, numRuns: 300 },
    );
  });

  it('adding a finding never raises the organisation or any vendor score', () => {
    fc.assert(
      fc.property(fc.array(findingArb, { maxLength: 40 }), findingArb, (findings, extra) => {
        const before = score(VENDORS, findings);
        const after = score(VENDORS, [...findings, extra]);
        expect(after.score).toBeLessThanOrEqual(before.score);
        for (const id of VENDORS) {
          expect(after.vendors.get(id)?.score ?? 100).toBeLessThanOrEqual(before.vendors.get(id)?.score ?? 100);
        }
      }),
      { seed: 7, numRuns: 300 },
    );
  });

  it('waived findings do not count', () => {
    fc.assert(
      fc.property(fc.array(findingArb, { maxLength: 40 }), (findings) => {
        const waived = findings.map((f) => ({ ...f, status: 'waived' as const }));
        expect(score(VENDORS, waived).score).toBe(100);
      }),
      { seed: 11, numRuns: 100 },
    );
  });

  it('the result does not depend on finding order', () => {
    fc.assert(
      fc.property(fc.array(findingArb, { maxLength: 40 }), (findings) => {
        expect(score(VENDORS, [...findings].reverse()).score).toBe(score(VENDORS, findings).score);
      }),
      { seed: 3, numRuns: 100 },
    );
  });

  it('one critical exposure is not averaged away by fifty clean vendors', () => {
    const vendors = Array.from({ length: 51 }, (_, i) => `v${i}`);
    const critical = {
      ...fc.sample(findingArb, { seed: 1, numRuns: 1 })[0],
      severity: 'critical' as const,
      vendor: { id: 'v0', name: 'v0' },
      status: 'open' as const,
      factors: { sensitivity: 1, volume: 1_000_000, criticality: 'critical' },
    };
    const result = score(vendors, [critical]);
    expect(result.vendors.get('v0')?.score).toBeLessThan(50);
    expect(result.score).toBeLessThan(80); // a plain mean would be ~99
  });

  it('severity, sensitivity, volume and criticality all weigh in', () => {
    const base = fc.sample(findingArb, { seed: 2, numRuns: 1 })[0];
    const f = (over: Partial<Finding['factors']>, severity: Finding['severity'] = 'high') =>
      findingWeight({ severity, factors: { sensitivity: 0.5, volume: 1000, criticality: 'medium', ...over } });
    expect(f({}, 'critical')).toBeGreaterThan(f({}, 'high'));
    expect(f({ sensitivity: 1 })).toBeGreaterThan(f({ sensitivity: 0 }));
    expect(f({ volume: 1_000_000 })).toBeGreaterThan(f({ volume: 0 }));
    expect(f({ criticality: 'critical' })).toBeGreaterThan(f({ criticality: 'low' }));
    expect(findingWeight({ severity: 'info', factors: base.factors })).toBe(0);
  });
});
