import { describe, expect, it } from 'vitest';
import {
  type ChainNode,
  subprocessorIds,
  type TransitiveFacts,
  transitiveExposure,
  WHOLE_CHAIN,
} from '../../../src/enrich/subprocessors.js';
import { transitiveOracle } from './subprocessors-oracle.js';

/** A chain's facts as a rule or a message reads them (`path` is listed on read). */
function plain(t: TransitiveFacts) {
  return JSON.parse(JSON.stringify(t)) as TransitiveFacts;
}

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
    expect(plain(a)).toEqual({
      reaches: true,
      path: ['a', 'b', 'c'],
      hops: 2,
      evidence: 'a → b → c (C is a covered person)',
    });
    expect(plain(b)).toMatchObject({ reaches: true, path: ['b', 'c'], hops: 1 });
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
    expect(plain(a)).toMatchObject({ reaches: true, path: ['a', 'b'], hops: 1 });
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
    expect(plain(out[2])).toMatchObject({ reaches: true, path: ['c', 'd', 'x'], hops: 2 });
    expect(plain(out[3])).toMatchObject({ reaches: true, path: ['d', 'x'], hops: 1 });
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

  it('writes a chain longer than WHOLE_CHAIN as its first five vendors, how many more, and its last three', () => {
    const n = 12;
    const nodes = Array.from({ length: n }, (_, i) =>
      node(`v${i}`, i + 1 < n ? [`v${i + 1}`] : [], { exposed: i === n - 1, covered: i === n - 1 }),
    );
    const out = transitiveExposure(nodes);
    expect(out[0].evidence).toBe('v0 → v1 → v2 → v3 → v4 → … 4 more … → v9 → v10 → v11 (V11 is a covered person)');
    expect(out[0].path).toEqual(nodes.map((v) => v.id));
    expect(out[0].hops).toBe(11);
    // ten vendors: written whole
    expect(out[2].evidence).toBe('v2 → v3 → v4 → v5 → v6 → v7 → v8 → v9 → v10 → v11 (V11 is a covered person)');
    expect(out[1].evidence).toBe('v1 → v2 → v3 → v4 → v5 → … 3 more … → v9 → v10 → v11 (V11 is a covered person)');
  });

  it('an exposed vendor whose long chain leads back to itself: the end is not repeated', () => {
    // a (exposed) → b1 → … → b11 → a
    const n = 11;
    const nodes = [
      node('a', ['b1'], { exposed: true, covered: true }),
      ...Array.from({ length: n }, (_, i) => node(`b${i + 1}`, [i + 1 < n ? `b${i + 2}` : 'a'])),
    ];
    const [a] = transitiveExposure(nodes);
    expect(a.hops).toBe(n);
    expect(a.path).toEqual(['a', ...Array.from({ length: n }, (_, i) => `b${i + 1}`)]);
    expect(a.evidence).toBe('a → b1 → b2 → b3 → b4 → … 4 more … → b9 → b10 → b11 (A is a covered person)');
  });

  it('the same chains, hops and whole evidence as following every chain (the former implementation, as oracle)', () => {
    let seed = 7;
    const random = () => {
      seed = (seed * 1103515245 + 12345) % 2 ** 31;
      return seed / 2 ** 31;
    };
    for (let round = 0; round < 300; round++) {
      const n = 1 + Math.floor(random() * 40);
      const nodes = Array.from({ length: n }, (_, i) => {
        const subs: string[] = [];
        const m = Math.floor(random() * 3);
        // mostly forward edges (long chains), some back edges and self-references (cycles), some unknown ids
        for (let j = 0; j < m; j++) {
          const r = random();
          subs.push(r < 0.7 ? `v${i + 1}` : r < 0.95 ? `v${Math.floor(random() * n)}` : 'ghost');
        }
        return node(`v${i}`, [...new Set(subs)].sort(), { exposed: random() < 0.08, covered: random() < 0.5 });
      });
      const got = transitiveExposure(nodes);
      const want = transitiveOracle(nodes);
      for (let i = 0; i < n; i++) {
        const g = got[i];
        const w = want[i];
        expect({ round, i, reaches: g.reaches, hops: g.hops, path: [...g.path] }).toEqual({
          round,
          i,
          reaches: w.reaches,
          hops: w.hops,
          path: w.path,
        });
        if (w.path.length <= WHOLE_CHAIN) expect(g.evidence).toBe(w.evidence);
        else {
          const why = w.evidence.slice(w.evidence.lastIndexOf(' ('));
          const elided = `${w.path.slice(0, 5).join(' → ')} → … ${w.path.length - 8} more … → ${w.path.slice(-3).join(' → ')}`;
          expect(g.evidence).toBe(`${elided}${why}`);
        }
      }
    }
  });

  it('a chain as deep as the inventory: each vendor’s evidence is bounded (linear in all)', () => {
    const n = 20_000;
    const nodes = Array.from({ length: n }, (_, i) =>
      node(`vendor-${i}`, i + 1 < n ? [`vendor-${i + 1}`] : [], { exposed: i === n - 1 }),
    );
    const out = transitiveExposure(nodes);
    let written = 0;
    for (const t of out) written += t.evidence.length;
    // written whole, the chains would quote n²/2 ids (about 2.6 GB of text here)
    // at most 8 ids, the count left out and why the end is exposed: about 250 characters a vendor here
    expect(written).toBeLessThan(n * 300);
    expect(out[0].hops).toBe(n - 1);
    expect(out[0].path).toHaveLength(n);
    expect(out[0].evidence).toMatch(
      /^vendor-0 → vendor-1 → vendor-2 → vendor-3 → vendor-4 → … 19,992 more … → vendor-19997 → vendor-19998 → vendor-19999 \(/,
    );
  });
});
