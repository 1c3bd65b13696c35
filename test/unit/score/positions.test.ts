import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { VendorRef } from '../../../src/engine/evaluate.js';
import type { Finding } from '../../../src/engine/types.js';
import type { EnrichedVendor } from '../../../src/enrich/types.js';
import { findingWeight, getNear, grade, score } from '../../../src/score/score.js';
import { judge } from '../../../src/score/verdict.js';
import { findingArb } from './findings.js';

/**
 * The score and the per-vendor counts as they were computed with maps keyed by vendor id (one entry per listed vendor,
 * written once per finding): the position-based score must give the same numbers, vendor for vendor, for any
 * findings — listed vendors named twice, vendors no list names, info findings that weigh nothing, waived ones.
 */
function reference(vendorIds: readonly string[], findings: readonly Finding[], weights: ReadonlyMap<string, number>) {
  const keep = new Map<string, number>();
  for (const id of vendorIds) keep.set(id, 1);
  let organisationFactor = 1;
  for (const f of findings) {
    if (f.status === 'waived') continue;
    const r = findingWeight(f, weights.get(f.ruleId) ?? 1);
    if (r === 0) continue;
    if (f.vendor) keep.set(f.vendor.id, (keep.get(f.vendor.id) ?? 1) * (1 - r));
    else organisationFactor *= 1 - r;
  }
  const vendors: [string, { id: string; score: number; grade: string }][] = [];
  let sum = 0;
  let worst = 100;
  for (const [id, factor] of keep) {
    const s = Math.round(100 * factor);
    vendors.push([id, { id, score: s, grade: grade(s) }]);
    sum += 100 * factor;
    worst = Math.min(worst, 100 * factor);
  }
  const base = keep.size > 0 ? ((keep.size > 0 ? sum / keep.size : 100) + worst) / 2 : 100;
  const perVendor = new Map<string, number>();
  for (const f of findings) {
    if (f.status !== 'waived' && f.vendor) perVendor.set(f.vendor.id, (perVendor.get(f.vendor.id) ?? 0) + 1);
  }
  return { score: Math.round(base * organisationFactor), vendors, perVendor };
}

const IDS = ['a', 'b', 'c', 'd', 'e', 'x', 'y'];

const findings = findingArb(IDS, ['r1', 'r2', 'r3']);

describe('scoring by vendor position', () => {
  it('a vendor part written or copied is its id and name only', () => {
    const ref = new VendorRef({ facts: { id: 'v', name: 'V' } } as EnrichedVendor, 3);
    expect(JSON.stringify(ref)).toBe('{"id":"v","name":"V"}');
    expect({ ...ref }).toEqual({ id: 'v', name: 'V' });
    expect(VendorRef.positionOf(ref)).toBe(3);
    expect(VendorRef.positionOf({ ...ref })).toBeUndefined();
    expect(Object.isFrozen(ref)).toBe(true);
  });

  it('gives the scores, vendor scores and per-vendor counts the id-keyed maps gave', () => {
    fc.assert(
      fc.property(
        fc.array(fc.constantFrom('a', 'b', 'c', 'd', 'e'), { maxLength: 7 }),
        fc.array(findings, { maxLength: 50 }),
        fc.constantFrom(new Map<string, number>(), new Map([['r2', 0]]), new Map([['r1', 2.5]])),
        fc.boolean(),
        (vendorIds, findings, weights, made) => {
          // findings of one target share their vendor part, as evaluate makes them: a plain object, or a VendorRef
          // with the position evaluate would give it (right when the ids are listed once each, else wrong or none)
          const refs = new Map<string, { id: string; name: string }>();
          const part = (v: { id: string; name: string }) =>
            made
              ? new VendorRef(
                  { facts: { id: v.id, name: v.name } } as EnrichedVendor,
                  (vendorIds as string[]).indexOf(v.id) >>> 0,
                )
              : v;
          const shared = findings.map((f) =>
            f.vendor
              ? { ...f, vendor: refs.get(f.vendor.id) ?? refs.set(f.vendor.id, part(f.vendor)).get(f.vendor.id) }
              : f,
          );
          const want = reference(vendorIds, shared, weights);
          const got = score(vendorIds, shared, weights);
          expect(got.score).toBe(want.score);
          expect([...got.vendors]).toEqual(want.vendors);
          for (const [id, v] of want.vendors) expect(got.vendors.get(id)).toEqual(v);
          expect(got.vendors.size).toBe(want.vendors.length);
          const judged = (ids: string[], distinctVendorIds: boolean) =>
            judge({
              vendorIds: ids,
              distinctVendorIds,
              findings: shared,
              weights,
              outcomes: [],
              failOn: 'never',
              minScore: 0,
            });
          const verdict = judged(vendorIds, false);
          expect(verdict.scored.score).toBe(want.score);
          expect([...verdict.scored.vendors]).toEqual(want.vendors);
          for (const id of IDS) expect(verdict.perVendor.get(id)).toBe(want.perVendor.get(id));
          expect([...verdict.perVendor.keys()].sort()).toEqual([...want.perVendor.keys()].sort());
          // ids said to be distinct (once each, as a validated inventory lists them): no map of them, same answers,
          // and the by-position look-ups agree with the by-id ones wherever the hint points
          const distinct = [...new Set(vendorIds)];
          const wantDistinct = reference(distinct, shared, weights);
          const fast = judged(distinct, true);
          expect(fast.scored.score).toBe(wantDistinct.score);
          expect([...fast.scored.vendors]).toEqual(wantDistinct.vendors);
          for (const id of IDS) {
            expect(fast.perVendor.get(id)).toBe(wantDistinct.perVendor.get(id));
            for (let hint = 0; hint <= IDS.length; hint++) {
              expect(getNear(fast.scored.vendors, id, hint)).toEqual(fast.scored.vendors.get(id));
              expect(getNear(fast.perVendor, id, hint)).toBe(fast.perVendor.get(id));
              expect(getNear(verdict.perVendor, id, hint)).toBe(verdict.perVendor.get(id));
            }
          }
        },
      ),
      { seed: 20261202, numRuns: 1000 },
    );
  });
});
