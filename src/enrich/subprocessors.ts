import type { Vendor } from '../model/types.js';
import { EMPTY } from './shared.js';
import type { VendorFacts } from './types.js';

/** A vendor as a node of the sub-processor graph. */
export interface ChainNode {
  id: string;
  name: string;
  /** Ids of the vendors it declares as sub-processors (its own and its services'). */
  subprocessors: readonly string[];
  /** Exposed by itself (a covered person, or a service on an adversary-controlled provider or in an adversary country). */
  exposed: boolean;
  /** A DSP covered person (says why the chain ends there). */
  covered: boolean;
}

export type TransitiveFacts = VendorFacts['transitive'];

/** A vendor whose sub-processors reach no exposed vendor (most vendors): shared, read-only. */
export const NOT_REACHED: TransitiveFacts = Object.freeze({ reaches: false, path: EMPTY, evidence: '', hops: 0 });

/** The sub-processor ids a vendor declares, on itself and on its services: each once, sorted. */
export function subprocessorIds(vendor: Pick<Vendor, 'subprocessors' | 'services'>): string[] {
  const ids = new Set<string>(vendor.subprocessors ?? []);
  for (const s of vendor.services ?? []) for (const id of s.subprocessors ?? []) ids.add(id);
  return [...ids].sort();
}

/**
 * Sub-processor chains: for each vendor, the shortest path (≥ 1 hop) through declared sub-processors to a vendor
 * that is exposed by itself; a vendor's own exposure does not count as transitive. Ids that name no vendor and a
 * vendor naming itself are ignored; cycles terminate. Linear: one multi-source BFS over the reversed graph, from
 * every exposed vendor at once. Returns one entry per node, in order.
 */
export function transitiveExposure(nodes: readonly ChainNode[]): TransitiveFacts[] {
  const index = new Map<string, number>();
  nodes.forEach((v, i) => {
    index.set(v.id, i);
  });
  const successors: number[][] = nodes.map((v) => {
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
  // reach[i]: hops from i to the nearest exposed vendor (0 when i itself is exposed); next[i]: the hop.
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
    // best successor path (the vendor's own exposure does not count as transitive)
    let best = -1;
    for (const j of successors[i]) {
      if (reach[j] !== -1 && (best === -1 || reach[j] < reach[best])) best = j;
    }
    if (best === -1) return NOT_REACHED;
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
