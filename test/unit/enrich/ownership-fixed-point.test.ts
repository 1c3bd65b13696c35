import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { boundsOf, evaluateTest, orderOf, type PersonNode } from '../../../src/enrich/ownership.js';
import { dspTest, ictsTest, padfaTest } from '../../../src/enrich/persons.js';

// Skipping persons none of whose owners or employers changed (issue 13: linear in the links instead of passes ×
// persons) must give exactly the sets the plain iteration gives, on any graph: cycles, unknown shares, unknown
// countries, controlling parents, employers, directors, minority stakes looked through (PADFA's 20 %).
const COUNTRIES = ['CN', 'RU', 'HK', 'US', 'DE', 'SG'];
const COC = new Set(['CN', 'RU', 'HK']);
const names = { name: (c: string) => c };
const TESTS = {
  dsp: dspTest(COC, '28 CFR 202.211(a)', names),
  icts: ictsTest(COC, '15 CFR 791', names),
  padfa: padfaTest(COC, 'PADFA §2(c)(2)', names),
};
// every option at once (no regime combines a minority stake with employment; the iteration must not care)
const every = { ...TESTS.padfa, employmentPasses: true, directionPasses: true, soleParentControls: true };

const node = (size: number) =>
  fc.record({
    kind: fc.constantFrom(undefined, 'entity', 'individual', 'government'),
    organised: fc.option(fc.constantFrom(...COUNTRIES), { nil: undefined }),
    residence: fc.option(fc.constantFrom(...COUNTRIES), { nil: undefined }),
    citizenship: fc.option(fc.array(fc.constantFrom(...COUNTRIES), { maxLength: 2 }), { nil: undefined }),
    designated: fc.option(fc.boolean(), { nil: undefined }),
    ownersComplete: fc.option(fc.boolean(), { nil: undefined }),
    employers: fc.option(fc.array(fc.nat(size - 1), { maxLength: 2 }), { nil: undefined }),
    directedBy: fc.option(fc.array(fc.nat(size - 1), { maxLength: 2 }), { nil: undefined }),
    owners: fc.array(
      fc.record({
        owner: fc.nat(size - 1),
        percent: fc.option(fc.integer({ min: 1, max: 100 }), { nil: undefined }),
        controlling: fc.option(fc.boolean(), { nil: undefined }),
      }),
      { maxLength: 4 },
    ),
  });

const graphs = fc
  .integer({ min: 1, max: 24 })
  .chain((size) => fc.array(node(size), { minLength: size, maxLength: size }));

type RawNode = ReturnType<typeof node> extends fc.Arbitrary<infer T> ? T : never;

function toGraph(raw: RawNode[]): Map<string, PersonNode> {
  // keys out of order, so the key order the iteration sorts by differs from the insertion order
  const key = (i: number) => `p${(i * 7) % raw.length}-${i}`;
  return new Map(
    raw.map((n, i) => [
      key(i),
      {
        key: key(i),
        name: key(i),
        kind: n.kind as PersonNode['kind'],
        organised: n.organised,
        residence: n.residence,
        citizenship: n.citizenship,
        designated: n.designated,
        ownersComplete: n.ownersComplete,
        employers: n.employers?.map(key),
        directedBy: n.directedBy?.map(key),
        owners: n.owners.map((o) => ({ owner: key(o.owner), percent: o.percent, controlling: o.controlling })),
      },
    ]),
  );
}

describe('ownership fixed points: skipping unchanged persons', () => {
  for (const [name, test] of Object.entries({ ...TESTS, every })) {
    it(`gives the plain iteration's lower and upper sets (${name})`, () => {
      fc.assert(
        fc.property(graphs, (raw) => {
          const g = toGraph(raw);
          const fast = boundsOf(g, test);
          const plain = boundsOf(g, test, false);
          expect([...fast.lower].sort()).toEqual([...plain.lower].sort());
          expect([...fast.upper].sort()).toEqual([...plain.upper].sort());
          expect(new Map([...fast.lowerStakes].sort())).toEqual(new Map([...plain.lowerStakes].sort()));
          expect(new Map([...fast.upperStakes].sort())).toEqual(new Map([...plain.upperStakes].sort()));
        }),
        { numRuns: 400, seed: 13 },
      );
    });
  }

  it('finds qualifying persons at the end of a long chain (status passes down every link)', () => {
    const g = new Map<string, PersonNode>();
    const n = 300;
    for (let i = 0; i < n; i++) {
      // keys sorted against the chain's direction: one pass per link for the plain iteration
      const key = `k${String(i).padStart(4, '0')}`;
      const owner = i + 1 < n ? `k${String(i + 1).padStart(4, '0')}` : undefined;
      g.set(key, {
        key,
        name: key,
        organised: owner ? 'DE' : 'CN',
        owners: owner ? [{ owner, percent: 60 }] : [],
      });
    }
    const fast = boundsOf(g, TESTS.dsp);
    expect(fast.lower.size).toBe(n);
    expect([...fast.lower].sort()).toEqual([...boundsOf(g, TESTS.dsp, false).lower].sort());
  });

  // enrichment reads each person's value by its index in the order (no key lookups): it must be the value by key
  for (const [name, test] of Object.entries({ ...TESTS, every })) {
    it(`gives each person the same value by index as by key (${name})`, () => {
      fc.assert(
        fc.property(graphs, (raw) => {
          const g = toGraph(raw);
          const order = orderOf(g);
          const verdicts = evaluateTest(g, test, order);
          const bound = boundsOf(g, test, true, order);
          order.nodes.forEach((node, i) => {
            expect(order.index.get(node.key)).toBe(i);
            expect(verdicts.valueAt(i)).toBe(verdicts.value(node.key));
            expect(bound.lowerAt[i] === 1).toBe(bound.lower.has(node.key));
            expect(bound.upperAt[i] === 1).toBe(bound.upper.has(node.key));
          });
          expect(order.index.size).toBe(g.size);
        }),
        { numRuns: 200, seed: 13 },
      );
    });
  }
});
