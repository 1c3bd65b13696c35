import type { Vendor } from '../model/types.js';
import { flat, formatNumber } from '../util/text.js';
import { declareFacts, EMPTY } from './shared.js';
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
 * The longest chain the evidence writes whole (in vendors); a longer one is written as its first `HEAD` vendors, how
 * many are left out, and its last `TAIL` vendors. Each vendor's evidence then has a bounded length whatever the depth:
 * written whole, every vendor of one chain n deep would quote up to n ids (n²/2 in all, 178 MB of report for a
 * 4,000-vendor chain of 0.7 MB). The part left out is not lost: each vendor's chain continues in its next hop's own
 * evidence, and `path` still lists every vendor.
 */
export const WHOLE_CHAIN = 10;
const HEAD = 5;
const TAIL = 3;

/** Where every chain of one inventory is read from: the multi-source search's result, shared by every chain. */
interface Walk {
  ids: readonly string[];
  /** Hops from each vendor to the nearest exposed vendor (0 when exposed itself, -1 when none is reached). */
  reach: Int32Array;
  /** Each reached vendor's next hop towards it (-1 for an exposed vendor). */
  next: Int32Array;
}

/**
 * A vendor's chain: `hops` and `evidence` kept, `path` (every vendor of the chain, in order) listed on read, so a deep
 * chain costs each vendor of it a few fields, not a list of the vendors after it.
 */
class Chain implements TransitiveFacts {
  readonly reaches = true;
  readonly #walk: Walk;
  /** The vendor, its first hop, and where the walk stops: at the vendor itself when its chain leads back to it. */
  readonly #from: number;
  readonly #first: number;
  constructor(
    walk: Walk,
    from: number,
    first: number,
    readonly hops: number,
    readonly evidence: string,
  ) {
    this.#walk = walk;
    this.#from = from;
    this.#first = first;
  }
  get path(): string[] {
    return walkIds(this.#walk, this.#from, this.#first, this.hops + 1);
  }
}
declareFacts(Chain.prototype, ['reaches', 'path', 'hops', 'evidence'], ['path']);

/**
 * The first `count` ids of the chain from `from` through `first`: `from`, then `first` and its next hops, ending at an
 * exposed vendor or before `from` when the chain leads back to it (an exposed vendor's chain through its
 * sub-processors may end at itself).
 */
function walkIds(walk: Walk, from: number, first: number, count: number): string[] {
  const ids = [walk.ids[from]];
  for (let k = first; ids.length < count && k !== from && k !== -1; k = walk.reach[k] === 0 ? -1 : walk.next[k]) {
    ids.push(walk.ids[k]);
  }
  return ids;
}

/**
 * Sub-processor chains: for each vendor, the shortest path (≥ 1 hop) through declared sub-processors to a vendor
 * that is exposed by itself; a vendor's own exposure does not count as transitive. Ids that name no vendor and a
 * vendor naming itself are ignored; cycles terminate. Linear in the vendors and their sub-processors, whatever the
 * chains' depth: one multi-source BFS over the reversed graph, from every exposed vendor at once, then a bounded
 * amount of work per vendor (WHOLE_CHAIN). Returns one entry per node, in order.
 */
export function transitiveExposure(nodes: readonly ChainNode[]): TransitiveFacts[] {
  const n = nodes.length;
  const index = new Map<string, number>();
  for (let i = 0; i < n; i++) index.set(nodes[i].id, i);
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
  const walk: Walk = {
    ids: nodes.map((v) => v.id),
    reach: new Int32Array(n).fill(-1),
    next: new Int32Array(n).fill(-1),
  };
  const { reach, next } = walk;
  // reach[i]: hops from i to the nearest exposed vendor (0 when i itself is exposed); next[i]: the hop.
  const queue: number[] = [];
  for (let i = 0; i < n; i++) {
    if (nodes[i].exposed) {
      reach[i] = 0;
      queue.push(i);
    }
  }
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
  // anchor[k]: the vendor TAIL hops before the end of k's chain (k itself, or its next hop's anchor); set in the
  // search's order, which is by distance, so a vendor's next hop has its anchor already
  const anchor = new Int32Array(n).fill(-1);
  for (const k of queue) anchor[k] = reach[k] === TAIL ? k : reach[k] > TAIL ? anchor[next[k]] : -1;
  return nodes.map((_, i) => {
    // best successor path (the vendor's own exposure does not count as transitive)
    let best = -1;
    for (const j of successors[i]) {
      if (reach[j] !== -1 && (best === -1 || reach[j] < reach[best])) best = j;
    }
    if (best === -1) return NOT_REACHED;
    // the chain is v, best and best's next hops to an exposed vendor; it stops before v if it leads back to v
    // (only an exposed vendor can be on a shorter chain than its own best successor's)
    const last = endOf(walk, anchor, best);
    const back = reach[i] === 0 && last === i;
    const length = 2 + reach[best] - (back ? 1 : 0);
    const end = nodes[last];
    const why = end.covered
      ? `${end.name} is a covered person`
      : 'its services run on adversary-controlled providers or in adversary countries';
    let chain: string;
    if (length <= WHOLE_CHAIN) chain = walkIds(walk, i, best, length).join(' → ');
    else {
      // the last TAIL vendors: from the anchor (TAIL hops from the end) on, or from its next hop when the end is
      // written (the end is not repeated when the chain leads back to v)
      const from = back ? anchor[best] : next[anchor[best]];
      const tail: string[] = [];
      for (let k = from; tail.length < TAIL; k = next[k]) tail.push(walk.ids[k]);
      const head = walkIds(walk, i, best, HEAD);
      chain = `${head.join(' → ')} → … ${formatNumber(length - HEAD - TAIL)} more … → ${tail.join(' → ')}`;
    }
    return new Chain(walk, i, best, length - 1, flat(`${chain} (${why})`));
  });
}

/** The exposed vendor at the end of k's chain (its anchor's chain is at most TAIL long). */
function endOf(walk: Walk, anchor: Int32Array, k: number): number {
  let e = anchor[k] === -1 ? k : anchor[k];
  while (walk.reach[e] > 0) e = walk.next[e];
  return e;
}
