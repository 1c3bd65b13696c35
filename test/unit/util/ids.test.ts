import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { uniqueId } from '../../../src/util/ids.js';

/** The definition: the id itself, else the first of id-2, id-3 … not taken. */
function reference(id: string, taken: Set<string>, separator: string): string {
  let candidate = id;
  for (let n = 2; taken.has(candidate); n++) candidate = `${id}${separator}${n}`;
  taken.add(candidate);
  return candidate;
}

describe('uniqueId', () => {
  it('gives the first free suffix, as the definition does, for ids that collide with suffixed ones', () => {
    const ids = fc.constantFrom('a', 'a-2', 'a-3', 'a-2-2', 'b', 'a:2', 'b-2');
    fc.assert(
      fc.property(fc.array(fc.tuple(ids, fc.constantFrom('-', ':')), { maxLength: 60 }), (calls) => {
        const mine = new Set<string>();
        const theirs = new Set<string>();
        for (const [id, sep] of calls) expect(uniqueId(id, mine, sep)).toBe(reference(id, theirs, sep));
        expect([...mine]).toEqual([...theirs]);
      }),
      { numRuns: 500 },
    );
  });

  it('costs one lookup per id when every row has the same name (was n²/2)', () => {
    const count = (n: number): number => {
      const work = { lookups: 0 };
      const taken = new Set<string>();
      for (let i = 0; i < n; i++) uniqueId('acme', taken, '-', work);
      expect(taken.size).toBe(n);
      return work.lookups;
    };
    expect(count(100)).toBe(100);
    expect(count(5000)).toBe(5000);
  });

  it('keeps one counter per set: the same id in another set starts again', () => {
    const a = new Set<string>();
    const b = new Set<string>();
    expect([uniqueId('x', a), uniqueId('x', a), uniqueId('x', b), uniqueId('x', a)]).toEqual(['x', 'x-2', 'x', 'x-3']);
  });
});
