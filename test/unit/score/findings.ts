import fc from 'fast-check';
import type { Finding } from '../../../src/engine/types.js';
import { SEVERITIES } from '../../../src/model/types.js';

/** Scored findings of any severity, factors and status, on one of `vendors` (or the organisation) and `rules`. */
export function findingArb(vendors: readonly string[], rules: readonly string[] = ['r']): fc.Arbitrary<Finding> {
  return fc
    .record({
      severity: fc.constantFrom(...SEVERITIES),
      vendor: fc.option(fc.constantFrom(...vendors), { nil: undefined }),
      rule: fc.constantFrom(...rules),
      sensitivity: fc.double({ min: 0, max: 1, noNaN: true }),
      volume: fc.nat({ max: 10_000_000 }),
      criticality: fc.constantFrom('critical', 'high', 'medium', 'low'),
      status: fc.constantFrom('open' as const, 'existing' as const, 'waived' as const),
    })
    .map((r) => ({
      fingerprint: 'x'.repeat(32),
      ruleId: r.rule,
      title: 't',
      basis: 'unknown' as const,
      legalBasis: [],
      severity: r.severity,
      scope: r.vendor ? 'vendor' : 'organisation',
      vendor: r.vendor ? { id: r.vendor, name: r.vendor } : undefined,
      message: '',
      regimes: [],
      evidence: [],
      references: [],
      remediation: '',
      factors: { sensitivity: r.sensitivity, volume: r.volume, criticality: r.criticality },
      status: r.status,
    }));
}
