/**
 * A rule's condition is compiled into one function (`all`, `any`, `not` written as `&&`, `||`, `!`): it must answer as
 * the tree of its parts does, part by part in the rule's order, on random trees of predicates over random values.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { compileCondition, type Test } from '../../../src/engine/compile.js';
import type { Condition, Predicate } from '../../../src/engine/types.js';
import type { FactSet } from '../../../src/enrich/types.js';
import { parseDay } from '../../../src/util/dates.js';

const LEAVES: Predicate[] = [
  { fact: 'vendor.name', equals: 'Acme' },
  { fact: 'vendor.name', notEquals: 'Acme' },
  { fact: 'vendor.score', gt: 3 },
  { fact: 'vendor.score', lte: 3 },
  { fact: 'vendor.tags', contains: 'x' },
  { fact: 'vendor.tags', empty: true },
  { fact: 'vendor.missing', exists: false },
  { fact: 'vendor.name', matches: '^A' },
  { fact: 'vendor.when', before: 'asOf-30d' },
  { fact: 'vendor.name', in: ['Acme', 'Beta'] },
] as Predicate[];

/** The tree's answer from its leaves, each compiled on its own, combined by loops as the rule reads. */
function reference(c: Condition, facts: FactSet, day: number, leaves: Map<Predicate, Test>): boolean {
  if ('all' in c) {
    for (const part of c.all) if (!reference(part, facts, day, leaves)) return false;
    return true;
  }
  if ('any' in c) {
    for (const part of c.any) if (reference(part, facts, day, leaves)) return true;
    return false;
  }
  if ('not' in c) return !reference(c.not, facts, day, leaves);
  return (leaves.get(c as Predicate) as Test)(facts, day);
}

const condition: fc.Arbitrary<Condition> = fc.letrec<{ c: Condition }>((tie) => ({
  c: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    fc.constantFrom(...LEAVES),
    fc.array(tie('c'), { maxLength: 4 }).map((all) => ({ all })),
    fc.array(tie('c'), { maxLength: 4 }).map((any) => ({ any })),
    tie('c').map((not) => ({ not })),
  ),
})).c;

const vendor = fc.record(
  {
    name: fc.constantFrom('Acme', 'Beta', 'Gamma', ''),
    score: fc.oneof(fc.integer({ min: 0, max: 6 }), fc.constant('4')),
    tags: fc.array(fc.constantFrom('x', 'y'), { maxLength: 2 }),
    missing: fc.constantFrom(null, 1),
    when: fc.constantFrom('2026-01-01', '2026-11-20', 'not a date'),
  },
  { requiredKeys: [] },
);

describe('compiled conditions', () => {
  it('answer as their parts combined in order (random trees, random facts)', () => {
    const leaves = new Map(LEAVES.map((p, i) => [p, compileCondition(p, `leaf ${i}`)]));
    fc.assert(
      fc.property(condition, vendor, (c, v) => {
        const facts = { vendor: v } as unknown as FactSet;
        const day = parseDay('2026-11-28') as number;
        expect(compileCondition(c, 'rule')(facts, day)).toBe(reference(c, facts, day, leaves));
      }),
      { numRuns: 2000 },
    );
  });

  it('stop at the first part that decides, as the loops did (a part that throws after it is not reached)', () => {
    const facts = {
      vendor: {
        name: 'Acme',
        get boom(): never {
          throw new Error('read');
        },
      },
    } as unknown as FactSet;
    const boom = { fact: 'vendor.boom', exists: true } as Predicate;
    const acme = LEAVES[0];
    expect(compileCondition({ any: [acme, boom] }, 'r')(facts, 0)).toBe(true);
    expect(compileCondition({ all: [{ not: acme }, boom] }, 'r')(facts, 0)).toBe(false);
    expect(() => compileCondition({ all: [acme, boom] }, 'r')(facts, 0)).toThrow('read');
    expect(compileCondition({ all: [] }, 'r')(facts, 0)).toBe(true);
    expect(compileCondition({ any: [] }, 'r')(facts, 0)).toBe(false);
  });
});
