/**
 * What is up the ownership graph from each person, worked out for the whole graph in one pass (issue 13: vendors under
 * one chain of holdings each walked the whole chain). Oracle: a walk from each person, as before.
 */
import { describe, expect, it } from 'vitest';
import { orderOf, type PersonNode, upGraphBits } from '../../../src/enrich/ownership.js';

function random(seed: number): () => number {
  let s = seed;
  return () => {
    s = (s * 1103515245 + 12345) % 2 ** 31;
    return s / 2 ** 31;
  };
}

/** The former walk: every person reachable through owners, the person included, OR-ed. */
function walk(graph: Map<string, PersonNode>, key: string, place: (n: PersonNode) => number): number {
  let found = 0;
  const seen = new Set<string>();
  const stack = [key];
  while (stack.length > 0) {
    const k = stack.pop() as string;
    if (seen.has(k)) continue;
    seen.add(k);
    const node = graph.get(k);
    if (!node) continue;
    found |= place(node);
    for (const o of node.owners) stack.push(o.owner);
  }
  return found;
}

describe('upGraphBits', () => {
  it('gives every person the same bits as a walk from it (500 random graphs with cycles and unknown owners)', () => {
    const r = random(5);
    for (let round = 0; round < 500; round++) {
      const n = 1 + Math.floor(r() * 30);
      const graph = new Map<string, PersonNode>();
      const bitsOf = new Map<string, number>();
      for (let i = 0; i < n; i++) {
        const owners = Array.from({ length: Math.floor(r() * 3) }, () => ({
          owner: r() < 0.1 ? 'nobody' : `p${Math.floor(r() * n)}`,
          percent: 50,
        }));
        graph.set(`p${i}`, { key: `p${i}`, name: `P${i}`, owners });
        bitsOf.set(`p${i}`, r() < 0.15 ? 1 + Math.floor(r() * 3) : 0);
      }
      const place = (node: PersonNode) => bitsOf.get(node.key) ?? 0;
      const order = orderOf(graph);
      const got = upGraphBits(order, place);
      for (const [key, i] of order.index)
        expect({ round, key, bits: got[i] }).toEqual({ round, key, bits: walk(graph, key, place) });
    }
  });

  it('a chain of 100,000 holdings: no stack overflow, the top’s bits reach the bottom', () => {
    const n = 100_000;
    const graph = new Map<string, PersonNode>();
    for (let i = 0; i < n; i++) {
      const key = `h${String(i).padStart(6, '0')}`;
      const owner = i + 1 < n ? `h${String(i + 1).padStart(6, '0')}` : undefined;
      graph.set(key, { key, name: key, owners: owner ? [{ owner, percent: 100 }] : [] });
    }
    const order = orderOf(graph);
    const bits = upGraphBits(order, (node) => (node.key === 'h099999' ? 2 : 0));
    expect(bits[order.index.get('h000000') as number]).toBe(2);
    expect(bits.every((b) => b === 2)).toBe(true);
  });
});
