import { describe, expect, it } from 'vitest';
import { type ChainNode, subprocessorIds, transitiveExposure } from '../../../src/enrich/subprocessors.js';

function node(id: string, subprocessors: string[] = [], extra: Partial<ChainNode> = {}): ChainNode {
  return { id, name: id.toUpperCase(), subprocessors, exposed: false, covered: false, ...extra };
}

describe('subprocessorIds', () => {
  it('collects the vendor’s and its services’ sub-processors, each once, sorted', () => {
    expect(
      subprocessorIds({
        subprocessors: ['z', 'a'],
        services: [
          { id: 's1', provider: 'aws', subprocessors: ['a', 'm'] },
          { id: 's2', provider: 'aws' },
        ],
      }),
    ).toEqual(['a', 'm', 'z']);
    expect(subprocessorIds({})).toEqual([]);
  });
});

describe('transitiveExposure', () => {
  it('finds the chain to an exposed vendor, with hops and evidence saying why the end is exposed', () => {
    const [a, b, c] = transitiveExposure([
      node('a', ['b']),
      node('b', ['c']),
      node('c', [], { exposed: true, covered: true }),
    ]);
    expect(a).toEqual({ reaches: true, path: ['a', 'b', 'c'], hops: 2, evidence: 'a → b → c (C is a covered person)' });
    expect(b).toMatchObject({ reaches: true, path: ['b', 'c'], hops: 1 });
    // a vendor's own exposure is not transitive
    expect(c).toEqual({ reaches: false, path: [], evidence: '', hops: 0 });
  });

  it('explains an end exposed by its services rather than by being a covered person', () => {
    const [a] = transitiveExposure([node('a', ['x']), node('x', [], { exposed: true })]);
    expect(a.evidence).toBe('a → x (its services run on adversary-controlled providers or in adversary countries)');
  });

  it('takes the shortest chain; ties go to the first sub-processor id in sorted order', () => {
    const out = transitiveExposure([
      node('a', ['b', 'd']),
      node('b', ['c']),
      node('c', [], { exposed: true }),
      node('d', [], { exposed: true }),
      node('e', ['f', 'g']),
      node('f', [], { exposed: true }),
      node('g', [], { exposed: true }),
    ]);
    expect(out[0].path).toEqual(['a', 'd']);
    expect(out[4].path).toEqual(['e', 'f']);
  });

  it('an exposed vendor still reports the chain through its sub-processors', () => {
    const [a] = transitiveExposure([node('a', ['b'], { exposed: true }), node('b', [], { exposed: true })]);
    expect(a).toMatchObject({ reaches: true, path: ['a', 'b'], hops: 1 });
  });

  it('terminates on cycles and ignores self-references and ids that name no vendor', () => {
    const out = transitiveExposure([
      node('a', ['b', 'a', 'ghost']),
      node('b', ['a']),
      node('c', ['a', 'd']),
      node('d', ['c', 'x']),
      node('x', [], { exposed: true }),
    ]);
    expect(out[0].reaches).toBe(false);
    expect(out[1].reaches).toBe(false);
    expect(out[2]).toMatchObject({ reaches: true, path: ['c', 'd', 'x'], hops: 2 });
    expect(out[3]).toMatchObject({ reaches: true, path: ['d', 'x'], hops: 1 });
  });

  it('follows long chains to any depth', () => {
    const n = 200;
    const nodes = Array.from({ length: n }, (_, i) =>
      node(`v${i}`, i + 1 < n ? [`v${i + 1}`] : [], { exposed: i === n - 1 }),
    );
    const out = transitiveExposure(nodes);
    expect(out[0].hops).toBe(n - 1);
    expect(out[0].path).toHaveLength(n);
    expect(out[n - 2].hops).toBe(1);
    expect(out[n - 1].reaches).toBe(false);
  });
});
