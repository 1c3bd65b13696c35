/**
 * The sub-processor chains as they were computed before the evidence of a long chain was bounded (every chain
 * followed and written whole): the oracle for test/unit/enrich/subprocessors.test.ts. Quadratic in a chain's depth;
 * for tests only.
 */
import type { ChainNode } from '../../../src/enrich/subprocessors.js';

export interface OracleChain {
  reaches: boolean;
  path: string[];
  hops: number;
  evidence: string;
}

export function transitiveOracle(nodes: readonly ChainNode[]): OracleChain[] {
  const index = new Map<string, number>();
  nodes.forEach((v, i) => {
    index.set(v.id, i);
  });
  const successors = nodes.map((v) => {
    const out: number[] = [];
    for (const id of v.subprocessors) {
      const j = index.get(id);
      if (j !== undefined && j !== index.get(v.id)) out.push(j);
    }
    return out;
  });
  const predecessors: number[][] = nodes.map(() => []);
  successors.forEach((succ, i) => {
    for (const j of succ) predecessors[j].push(i);
  });
  const reach = new Array<number>(nodes.length).fill(-1);
  const next = new Array<number>(nodes.length).fill(-1);
  const queue: number[] = [];
  nodes.forEach((v, i) => {
    if (v.exposed) {
      reach[i] = 0;
      queue.push(i);
    }
  });
  for (let head = 0; head < queue.length; head++) {
    const j = queue[head];
    for (const i of predecessors[j]) {
      if (reach[i] === -1) {
        reach[i] = reach[j] + 1;
        next[i] = j;
        queue.push(i);
      }
    }
  }
  return nodes.map((v, i) => {
    let best = -1;
    for (const j of successors[i]) {
      if (reach[j] !== -1 && (best === -1 || reach[j] < reach[best])) best = j;
    }
    if (best === -1) return { reaches: false, path: [], evidence: '', hops: 0 };
    const path = [v.id];
    let k = best;
    const seen = new Set<number>([i]);
    while (k !== -1 && !seen.has(k)) {
      seen.add(k);
      path.push(nodes[k].id);
      if (reach[k] === 0) break;
      k = next[k];
    }
    const end = nodes[k];
    const why = end.covered
      ? `${end.name} is a covered person`
      : 'its services run on adversary-controlled providers or in adversary countries';
    return { reaches: true, path, hops: path.length - 1, evidence: `${path.join(' → ')} (${why})` };
  });
}
