/**
 * Ownership as a graph: persons (entities, individuals, governments) with several owners holding shares, and the
 * status of each person under one regime's ownership test, computed over the whole graph at once.
 *
 * Pure and regime-neutral: a regime is a `Test` (which persons qualify by their own facts, which are excluded, the
 * ownership threshold, whether a declared controlling parent of unknown share counts). Status passes down each link
 * (an owner that qualifies counts with its whole direct share; shares are never multiplied along a chain) and is
 * aggregated over owners. Unknown facts give `'unknown'`, never an assumed 100 %.
 *
 * Three values come from two least fixed points: `lower` treats every unknown as not qualifying (what the facts
 * prove), `upper` treats every unknown as qualifying (what the facts allow). true = proven; false = impossible even
 * in the worst case; 'unknown' otherwise. Least fixed points make cycles terminate and never make a cycle of
 * owners qualify by itself; both iterations are monotone, so adding a qualifying owner never clears a status and
 * the order of owners does not matter.
 */
import { cached } from '../util/memo.js';
import { flat, formatNumber } from '../util/text.js';

export type Tri = true | false | 'unknown';

export type PersonKind = 'entity' | 'individual' | 'government';

export interface OwnerEdge {
  /** Key of the owning person in the graph. */
  owner: string;
  /** Share held (0–100]; absent when not recorded. */
  percent?: number;
  /** The source states that this owner controls the person (a parent of unrecorded share, catalogue convention). */
  controlling?: boolean;
  /**
   * Stated by the inventory (`owners`, legacy `ownership` chains): an unrecorded share there is unknown and never
   * read as a group parent's control (`soleParentControls` applies to catalogue edges only).
   */
  declared?: boolean;
}

export interface PersonNode {
  key: string;
  name: string;
  /** Absent when the inventory does not say. */
  kind?: PersonKind;
  /** Entity: country under whose laws it is organised. Government: its country. */
  organised?: string;
  /** Entity: principal place of business (headquarters), when recorded. */
  principalPlaceOfBusiness?: string;
  /** Individual: country of primary residence. */
  residence?: string;
  /** Individual: citizenships (ISO codes). */
  citizenship?: string[];
  /** Individual: lawful permanent resident of (ISO code; 'US' matters). */
  permanentResident?: string;
  /** Designated by the DOJ under 28 CFR 202.211(a)(5) (or the regime's own designation). */
  designated?: boolean;
  /** Individual: keys of the employers / principals (entities or governments) of an employee or contractor. */
  employers?: string[];
  /** Keys of the persons or governments at whose order, request or direction it acts (a declared fact). */
  directedBy?: string[];
  owners: OwnerEdge[];
  /** The owners listed are all the owners (remaining shares are then held by no one we track). */
  ownersComplete?: boolean;
}

export type Graph = ReadonlyMap<string, PersonNode>;

/** One regime's test over the graph. */
export interface Test {
  /** Short name used in evidence ("covered person", "foreign-adversary controlled"). */
  term: string;
  citation: string;
  /** A person qualifies by its own facts (organisation, residence, designation...). */
  base(node: PersonNode): Tri;
  /** A person that can never qualify (DSP: a U.S. person), true | false | 'unknown'. */
  excluded?(node: PersonNode): Tri;
  /** Aggregate share of qualifying owners at or above which a person qualifies. */
  threshold: number;
  /**
   * A second, lower threshold (PADFA's 20 % stake) met by the stakes of owners that qualify by their own facts or
   * by control, counted whole; an owner that qualifies only through such a minority stake does not hold the stake
   * itself: what counts is the stake of the qualifying persons behind it, looked through (its share times the
   * qualifying stake in it, e.g. 30 % of an entity 25 % held from China is 7.5 %).
   */
  minorityThreshold?: number;
  /**
   * The one owner whose share is unrecorded controls the person when no other owner holds a recorded majority (a
   * group subsidiary's parent). Catalogue edges only: an inventory edge without a share is unknown (`declared`).
   * Used by ICTS's control test, which has no percentage; never by a test with a share threshold in its text.
   */
  soleParentControls?: boolean;
  /** Shares of several qualifying owners are not added up (a list rule without "in the aggregate"). */
  individually?: boolean;
  /** A declared controlling parent that qualifies makes the person qualify (ICTS "controlled by"). */
  controlPasses?: boolean;
  /** An employee or contractor of a qualifying employer qualifies (DSP (a)(3)). */
  employmentPasses?: boolean;
  /** A person declared to act at the direction of a qualifying person qualifies (ICTS "direction", PADFA (C)). */
  directionPasses?: boolean;
  /** Explanation of a person's own qualifying facts ("organised in China"). */
  reason(node: PersonNode): string | undefined;
}

export interface Status {
  value: Tri;
  /** How the status was reached, nearest first: `V GmbH (DE) ← 60 % V Pte Ltd (SG, covered: …)`. */
  evidence: string;
  /** Why the value is 'unknown' (the fact that is missing). */
  missing?: string[];
  /** The same missing facts, each naming the person (and owner) it is about: what validation warns of. */
  needs?: Need[];
}

/**
 * A fact about one person of the graph that a verdict needs and nobody recorded: the share an owner holds, where a
 * person is organised or resident, or whether it is a U.S. person (its citizenship / residence).
 */
export type Need =
  | { fact: 'share'; person: string; owner: string }
  | { fact: 'location'; person: string }
  | { fact: 'us-person'; person: string };

export interface Bound {
  lower: Set<string>;
  upper: Set<string>;
  /** Look-through minority stakes (PADFA (B)) of the persons that qualify only through one, per bound. */
  lowerStakes: Map<string, number>;
  upperStakes: Map<string, number>;
  /** The same two sets by the person's index in the graph's `Order` (1: qualifies). */
  lowerAt: Uint8Array;
  upperAt: Uint8Array;
}

/**
 * Share held by the owners that `counts`: recorded shares, plus — when optimistic and some counted owner's share is
 * unrecorded — everything the recorded shares leave over (an unrecorded share is at most that, never assumed).
 */
function heldBy(
  node: PersonNode,
  counts: (edge: OwnerEdge) => boolean,
  optimistic: boolean,
  individually = false,
): number {
  // indexed loops: `owners` is the shared frozen empty list for most persons, and `for … of` over a mix of frozen and
  // other lists is not inlined by V8 (an iterator and a result object per step; see `EMPTY`)
  const owners = node.owners;
  if (individually) {
    // the largest single holding, the unrecorded ones at most what the recorded shares leave over
    let recorded = 0;
    for (let i = 0; i < owners.length; i++) recorded += owners[i].percent ?? 0;
    let best = 0;
    for (let i = 0; i < owners.length; i++) {
      const edge = owners[i];
      if (!counts(edge)) continue;
      const share = edge.percent ?? (optimistic ? Math.max(0, 100 - recorded) : 0);
      best = Math.max(best, share);
    }
    return best;
  }
  let total = 0;
  let open = false;
  let recorded = 0;
  for (let i = 0; i < owners.length; i++) {
    const edge = owners[i];
    recorded += edge.percent ?? 0;
    if (!counts(edge)) continue;
    if (edge.percent !== undefined) total += edge.percent;
    else open = true;
  }
  return optimistic && open ? total + Math.max(0, 100 - recorded) : total;
}

/** Whether an owner controls the person under the test, whatever its share. */
function controls(test: Test, node: PersonNode, edge: OwnerEdge): boolean {
  if (!test.controlPasses) return false;
  if (edge.controlling) return true;
  // the one owner whose share is unrecorded, when no other owner holds a recorded majority
  return (
    test.soleParentControls === true &&
    edge.percent === undefined &&
    edge.declared !== true &&
    node.owners.every((o) => o === edge || (o.percent !== undefined && o.percent < 50))
  );
}

/**
 * The stake held in `node` by qualifying persons, for the minority threshold: owners that qualify outright count
 * with their whole share; an owner that qualifies only through a minority stake counts with its share times its
 * own qualifying stake (looked through). Optimistic: an unrecorded share of a qualifying owner is at most what the
 * recorded shares leave over.
 */
function minorityStake(
  node: PersonNode,
  holds: ReadonlySet<string>,
  stakes: ReadonlyMap<string, number>,
  optimistic: boolean,
): number {
  let total = 0;
  let recorded = 0;
  let open = 0;
  const owners = node.owners;
  for (let i = 0; i < owners.length; i++) {
    const edge = owners[i];
    recorded += edge.percent ?? 0;
    if (!holds.has(edge.owner)) continue;
    const through = stakes.get(edge.owner);
    const factor = through === undefined ? 1 : through / 100;
    if (edge.percent !== undefined) total += edge.percent * factor;
    else if (optimistic) open = Math.max(open, factor);
  }
  return total + Math.max(0, 100 - recorded) * open;
}

/** Look-through stakes settle within this many passes; past it (only cycles of minority stakes) the last is kept. */
const STAKE_PASSES = 64;

interface Fixed {
  holds: Set<string>;
  /** `holds` by index in the order (1: qualifies). */
  at: Uint8Array;
  /** Persons that qualify only through a minority stake, with the stake qualifying persons hold in them. */
  stakes: Map<string, number>;
}

function fixedPoint(order: Order, test: Test, optimistic: boolean, skipUnchanged: boolean): Fixed {
  const holds = new Set<string>();
  const at = new Uint8Array(order.nodes.length);
  // `stakes` by index (1: qualifies only through a minority stake): the loop reads both by index, not by key
  const weakAt = new Uint8Array(order.nodes.length);
  // persons that qualify only through a minority stake (not by their own facts or by control), with that stake
  const stakes = new Map<string, number>();
  const { nodes, dependents } = order;
  const accept = (t: Tri): boolean => (optimistic ? t !== false : t === true);
  // A person's outcome depends only on its own facts and on whether (and with what stake) its owners, employers
  // and directors hold. A person none of whose owners, employers or directors changed since it was last looked at
  // would give the same outcome as then (no change), so it is skipped: the persons to look at wait in two queues by
  // their place in `order` — this pass's (after the one being looked at) and the next pass's — so each pass looks at
  // the same persons in the same order as a pass over every person would, without reading the others: linear in the
  // links, where a pass over the whole graph per pass cost passes × persons (a chain of 8,000 holdings: 8,000 passes).
  const dirty = new Uint8Array(nodes.length).fill(1);
  let position = -1;
  let thisPass = new IndexQueue();
  let nextPass = new IndexQueue();
  const touch = (key: string): void => {
    for (const i of dependents.get(key) ?? NO_DEPENDENTS) {
      if (!skipUnchanged || dirty[i] === 1) continue;
      dirty[i] = 1;
      (i > position ? thisPass : nextPass).push(i);
    }
  };
  /** Looked at again next pass, whatever its owners do. */
  const again = (n: number): void => {
    if (!skipUnchanged || dirty[n] === 1) return;
    dirty[n] = 1;
    nextPass.push(n);
  };
  // built once, not per person and pass
  const held = (key: string): boolean => holds.has(key);
  const ownerHolds = (edge: OwnerEdge): boolean => holds.has(edge.owner);
  let changed = true;
  const visit = (n: number): void => {
    const node = nodes[n];
    if (at[n] === 1 && weakAt[n] === 0) return;
    const excluded = test.excluded?.(node) ?? false;
    if (optimistic ? excluded === true : excluded !== false) return;
    let ok = accept(test.base(node));
    if (!ok) {
      let total = heldBy(node, ownerHolds, optimistic, test.individually);
      if (test.controlPasses) {
        const owners = node.owners;
        for (let i = 0; i < owners.length; i++) {
          const e = owners[i];
          if (controls(test, node, e) && holds.has(e.owner)) {
            total = 100;
            break;
          }
        }
      }
      ok = total >= test.threshold;
    }
    if (!ok && test.employmentPasses && node.employers) ok = node.employers.some(held);
    if (!ok && test.directionPasses && node.directedBy) ok = node.directedBy.some(held);
    if (!ok && test.minorityThreshold !== undefined) {
      const stake = Math.min(100, minorityStake(node, holds, stakes, optimistic));
      if (stake >= test.minorityThreshold && stake > (stakes.get(node.key) ?? -1) + 1e-9) {
        stakes.set(node.key, stake);
        weakAt[n] = 1;
        holds.add(node.key);
        at[n] = 1;
        touch(node.key);
        // looked at again next pass (as the plain iteration does), whatever its owners do
        again(n);
        changed = true;
      }
      return;
    }
    if (ok) {
      // a person that qualified through a minority stake and now qualifies outright is upgraded
      stakes.delete(node.key);
      weakAt[n] = 0;
      holds.add(node.key);
      at[n] = 1;
      touch(node.key);
      changed = true;
    }
  };
  let passes = 0;
  // monotone: each pass can only add a person or raise a stake
  while (changed && passes++ < nodes.length + STAKE_PASSES) {
    changed = false;
    if (passes === 1 || !skipUnchanged) {
      // the first pass looks at every person in order (every one is to be looked at), as does every pass of the
      // plain iteration (the tests compare it with the queues)
      for (let n = 0; n < nodes.length; n++) {
        position = n;
        dirty[n] = 0;
        visit(n);
      }
      continue;
    }
    [thisPass, nextPass] = [nextPass, thisPass];
    position = -1;
    while (thisPass.size > 0) {
      const n = thisPass.pop();
      position = n;
      dirty[n] = 0;
      visit(n);
    }
  }
  return { holds, stakes, at };
}

const NO_DEPENDENTS: readonly number[] = [];

/** Indexes, taken smallest first (a binary heap). */
class IndexQueue {
  readonly #heap: number[] = [];
  get size(): number {
    return this.#heap.length;
  }
  push(value: number): void {
    const heap = this.#heap;
    let i = heap.length;
    heap.push(value);
    while (i > 0) {
      const parent = (i - 1) >> 1;
      if (heap[parent] <= value) break;
      heap[i] = heap[parent];
      i = parent;
    }
    heap[i] = value;
  }
  pop(): number {
    const heap = this.#heap;
    const top = heap[0];
    const last = heap.pop() as number;
    const n = heap.length;
    if (n > 0) {
      let i = 0;
      for (;;) {
        let child = 2 * i + 1;
        if (child >= n) break;
        if (child + 1 < n && heap[child + 1] < heap[child]) child++;
        if (heap[child] >= last) break;
        heap[i] = heap[child];
        i = child;
      }
      heap[i] = last;
    }
    return top;
  }
}

/**
 * The graph's persons in key order, and for each key the indexes of the persons it owns, employs or directs. Built
 * once per graph by a caller that runs several tests on it (`orderOf`), valid while the graph is not changed.
 */
export interface Order {
  nodes: PersonNode[];
  dependents: Map<string, number[]>;
  /** Each person's index in `nodes`, by key. */
  index: Map<string, number>;
}

export function orderOf(graph: Graph): Order {
  const nodes = [...graph.values()].sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
  const dependents = new Map<string, number[]>();
  const index = new Map<string, number>();
  const link = (key: string, i: number): void => {
    const list = dependents.get(key);
    if (list === undefined) dependents.set(key, [i]);
    else if (list[list.length - 1] !== i) list.push(i);
  };
  nodes.forEach((node, i) => {
    index.set(node.key, i);
    const owners = node.owners;
    for (let o = 0; o < owners.length; o++) link(owners[o].owner, i);
    for (const employer of node.employers ?? []) link(employer, i);
    for (const director of node.directedBy ?? []) link(director, i);
  });
  return { nodes, dependents, index };
}

/**
 * For each person of the graph (by its place in `order`), the OR of `place` over the person and everyone up the graph
 * from it (its owners, their owners, …). One pass: Tarjan's strongly connected components, which come out owners
 * first, so a component's owners outside it are final when it is reached; the persons of a cycle share one value.
 * Iterative (a chain of holdings may be longer than the call stack).
 */
export function upGraphBits(order: Order, place: (node: PersonNode) => number): Uint8Array {
  const nodes = order.nodes;
  const n = nodes.length;
  const bits = new Uint8Array(n);
  const seenAt = new Int32Array(n).fill(-1);
  const low = new Int32Array(n);
  const onStack = new Uint8Array(n);
  const component: number[] = [];
  const calls: number[] = [];
  const nextEdge: number[] = [];
  let counter = 0;
  const enter = (v: number): void => {
    seenAt[v] = low[v] = counter++;
    component.push(v);
    onStack[v] = 1;
    calls.push(v);
    nextEdge.push(0);
  };
  for (let root = 0; root < n; root++) {
    if (seenAt[root] !== -1) continue;
    enter(root);
    while (calls.length > 0) {
      const top = calls.length - 1;
      const v = calls[top];
      const owners = nodes[v].owners;
      let descended = false;
      while (nextEdge[top] < owners.length) {
        const w = order.index.get(owners[nextEdge[top]++].owner);
        if (w === undefined) continue;
        if (seenAt[w] === -1) {
          enter(w);
          descended = true;
          break;
        }
        if (onStack[w] === 1 && seenAt[w] < low[v]) low[v] = seenAt[w];
      }
      if (descended) continue;
      calls.pop();
      nextEdge.pop();
      if (low[v] === seenAt[v]) {
        // v's component is complete: its persons' places and the (final) bits of its owners outside it
        const from = component.lastIndexOf(v);
        let value = 0;
        for (let k = from; k < component.length; k++) {
          const m = component[k];
          value |= place(nodes[m]);
          const mine = nodes[m].owners;
          for (let o = 0; o < mine.length; o++) {
            const x = order.index.get(mine[o].owner);
            // an owner inside the component still has 0 here: OR-ing it changes nothing
            if (x !== undefined) value |= bits[x];
          }
        }
        for (let k = from; k < component.length; k++) {
          bits[component[k]] = value;
          onStack[component[k]] = 0;
        }
        component.length = from;
      }
      if (calls.length > 0) {
        const u = calls[calls.length - 1];
        if (low[v] < low[u]) low[u] = low[v];
      }
    }
  }
  return bits;
}

/**
 * The two least fixed points: who qualifies when every unknown fact is taken as not qualifying (`lower`) and as
 * qualifying (`upper`), with the look-through stakes of each. `skipUnchanged: false` looks at every person on
 * every pass (the plain iteration; the tests compare both).
 */
export function boundsOf(graph: Graph, test: Test, skipUnchanged = true, order = orderOf(graph)): Bound {
  const lower = fixedPoint(order, test, false, skipUnchanged);
  const upper = fixedPoint(order, test, true, skipUnchanged);
  return {
    lower: lower.holds,
    upper: upper.holds,
    lowerStakes: lower.stakes,
    upperStakes: upper.stakes,
    lowerAt: lower.at,
    upperAt: upper.at,
  };
}

/** Status of every person of the graph under one test; evidence is built only when read. */
export interface Verdicts {
  value(key: string): Tri;
  /** `value` of the person at `index` in the order the test was evaluated in (no lookup by key). */
  valueAt(index: number): Tri;
  status(key: string): Status;
}

export function evaluateTest(graph: Graph, test: Test, order: Order = orderOf(graph)): Verdicts {
  const bound = boundsOf(graph, test, true, order);
  const value = (key: string): Tri => (bound.lower.has(key) ? true : bound.upper.has(key) ? 'unknown' : false);
  const { lowerAt, upperAt } = bound;
  const memo = new Map<string, Status>();
  const sums = new Sums();
  return {
    value,
    valueAt: (index) => (lowerAt[index] === 1 ? true : upperAt[index] === 1 ? 'unknown' : false),
    status(key) {
      let s = memo.get(key);
      if (!s) {
        const node = graph.get(key);
        s = node
          ? { value: value(key), ...explain(graph, test, bound, sums, node, value(key)) }
          : { value: 'unknown', evidence: `${key} is not in the ownership graph`, missing: [key], needs: [] };
        memo.set(key, s);
      }
      return s;
    },
  };
}

export function label(node: PersonNode): string {
  const where = node.organised ?? node.residence;
  const ppob =
    node.principalPlaceOfBusiness && node.principalPlaceOfBusiness !== node.organised
      ? `, principal place of business ${node.principalPlaceOfBusiness}`
      : '';
  return `${node.name}${where ? ` (${where}${ppob})` : ppob ? ` (${ppob.slice(2)})` : ''}`;
}

function pct(n: number): string {
  return `${Math.round(n * 100) / 100} %`;
}

/**
 * The most levels of owners one explanation follows: as many as the owners it names (MAX_PARTS), so that a single chain
 * is cut only where the names run out. Six until pass 24 of issue 13, set when an explanation could name every path:
 * a layered holding structure of seven to sixteen links then stopped before the owner that made the person qualify
 * (`… ← 100 % Holding 5 (KY) ← …` instead of `… ← 100 % Holding 8 (CN), organised in China (202.211(a)(1))`).
 */
const MAX_DEPTH = 16;
/**
 * The most owners, employers and directors one explanation writes, in all. The explanation of a person owned through
 * a graph that branches (every holding owned by several others, each in turn by several) would otherwise name every
 * path up to MAX_DEPTH: B^6 owners for B owners a holding six levels deep, 64 MB of report for 20 vendors over 48
 * holdings of 8 owners each. Past it, each person's remaining owners are counted (`… 6 more`), not written, and their own owners not
 * looked at (as past MAX_DEPTH). The verdict is the graph's fixed point and does not depend on it.
 */
export const MAX_PARTS = 16;

/**
 * What an explanation reads of each person, worked out once per person and test, not on every explanation that
 * passes through it: how much the qualifying owners hold, and how many of them there are.
 */
class Sums {
  // one map per bound, by the person's key (a key made per look-up, `l` or `u` + the key, was a new string hashed on
  // every call)
  readonly #held = [new Map<string, number>(), new Map<string, number>()];
  readonly #counts = [new Map<string, number>(), new Map<string, number>()];
  held(n: PersonNode, lower: boolean, compute: () => number): number {
    return cached(this.#held[lower ? 0 : 1], n.key, compute);
  }
  /** How many of n's owners are in `set` (the bound the explanation follows). */
  qualifying(n: PersonNode, lower: boolean, set: ReadonlySet<string>): number {
    return cached(this.#counts[lower ? 0 : 1], n.key, () => {
      let count = 0;
      const owners = n.owners;
      for (let i = 0; i < owners.length; i++) if (set.has(owners[i].owner)) count++;
      return count;
    });
  }
}

/** Human evidence for one person: its own facts, or the owners whose shares make it qualify (path and shares). */
function explain(
  graph: Graph,
  test: Test,
  bound: Bound,
  sums: Sums,
  node: PersonNode,
  value: Tri,
): { evidence: string; missing?: string[]; needs?: Need[] } {
  const missing: string[] = [];
  const needs: Need[] = [];
  // owners, employers and directors this explanation may still write (MAX_PARTS)
  let left = MAX_PARTS;
  // the persons between the one explained and the one being written, that one included: a person already on the way
  // is named, not followed again (one set, added to on the way up and taken from on the way back, not a copy a level)
  const onTheWay = new Set<string>();
  const why = (n: PersonNode, depth: number): string => {
    const inLower = bound.lower.has(n.key);
    const inUpper = bound.upper.has(n.key);
    const excluded = test.excluded?.(n) ?? false;
    if (excluded === true) return `${label(n)}, excluded`;
    const own = test.base(n);
    if (own === true && inLower) return `${label(n)}, ${test.reason(n) ?? test.term}`;
    if (depth >= MAX_DEPTH || onTheWay.has(n.key)) return label(n);
    onTheWay.add(n.key);
    const parts: string[] = [];
    const set = inLower ? bound.lower : bound.upper;
    const total = sums.held(n, inLower, () => heldBy(n, (e) => set.has(e.owner), !inLower, test.individually));
    // indexed: `owners` may be the shared frozen empty list (see `heldBy`)
    const owners = n.owners;
    let written = 0;
    let cut = false;
    for (let o = 0; o < owners.length; o++) {
      const edge = owners[o];
      const owner = graph.get(edge.owner);
      if (!owner) continue;
      const ownerLower = bound.lower.has(owner.key);
      const ownerUpper = bound.upper.has(owner.key);
      if (inLower ? !ownerLower : !ownerUpper) continue;
      if (left === 0) {
        const more = sums.qualifying(n, inLower, set) - written;
        parts.push(`… ${formatNumber(more)} more ${more === 1 ? 'owner' : 'owners'}`);
        cut = true;
        break;
      }
      left--;
      written++;
      const share = edge.percent !== undefined ? pct(edge.percent) : '? %';
      if (edge.percent === undefined && !(controls(test, n, edge) && ownerLower)) {
        missing.push(`the share ${owner.name} holds in ${n.name}`);
        needs.push({ fact: 'share', person: n.key, owner: owner.key });
      }
      if (!ownerLower) {
        // an owner whose own status is open: say which fact decides
        if (test.base(owner) === 'unknown') {
          missing.push(`where ${owner.name} is organised or resident`);
          needs.push({ fact: 'location', person: owner.key });
        }
      }
      const above = owner.owners.length > 0 && test.base(owner) !== true;
      const sub = depth + 1 < MAX_DEPTH && above;
      // past MAX_DEPTH levels an owner that qualifies through its own owners is named with a mark that the
      // explanation stops there, not as if it qualified by itself
      parts.push(`${share} ${sub ? `${why(owner, depth + 1)}` : `${describe(owner)}${above ? ' ← …' : ''}`}`);
    }
    onTheWay.delete(n.key);
    if (!inUpper) return label(n);
    if (excluded === 'unknown' && inUpper && !inLower) {
      missing.push(`whether ${n.name} is a U.S. person`);
      needs.push({ fact: 'us-person', person: n.key });
    }
    if (own === 'unknown' && parts.length === 0) {
      missing.push(`where ${n.name} is organised or resident`);
      needs.push({ fact: 'location', person: n.key });
    }
    const employers = test.employmentPasses
      ? (n.employers ?? []).filter((e) => (inLower ? bound.lower : bound.upper).has(e))
      : [];
    const directors = test.directionPasses
      ? (n.directedBy ?? []).filter((e) => (inLower ? bound.lower : bound.upper).has(e))
      : [];
    const employed = [
      ...employers.map((e) => `works for ${graph.get(e)?.name ?? e}`),
      ...directors.map((e) => `acts at the direction of ${describeKey(e)}`),
    ];
    if (employed.length > left)
      employed.splice(left, employed.length - left, `… ${formatNumber(employed.length - left)} more`);
    left = Math.max(0, left - employed.length);
    const sum = inLower ? `= ${pct(total)}` : `≤ ${pct(total)}`;
    // a person within the test only through a minority stake: the stake of the qualifying persons, looked through
    const stake = (inLower ? bound.lowerStakes : bound.upperStakes).get(n.key);
    const through =
      stake === undefined ? '' : ` (${inLower ? '' : '≤ '}${pct(stake)} held by qualifying persons, looked through)`;
    const owned =
      parts.length > 1 || cut
        ? `${parts.join(' + ')} ${sum}${through}`
        : parts.length === 1
          ? `${parts[0]}${through}`
          : undefined;
    return `${label(n)}${owned ? ` ← ${owned}` : ''}${employed.length > 0 ? ` (${employed.join(', ')})` : ''}`;
    function describeKey(key: string): string {
      const o = graph.get(key);
      return o ? describe(o) : key;
    }
    function describe(o: PersonNode): string {
      const r = bound.lower.has(o.key) ? test.reason(o) : undefined;
      return r ? `${label(o)}, ${r}` : label(o);
    }
  };
  const chain = why(node, 0);
  let verdict: string;
  if (value === true) verdict = ` ⇒ ${test.term} under ${test.citation}`;
  else if (value === 'unknown')
    verdict = ` ⇒ ${test.term} under ${test.citation} only if ${[...new Set(missing)].join('; ') || 'unknown facts hold'}: unknown`;
  else {
    const excluded = test.excluded?.(node) === true;
    verdict = excluded ? ` ⇒ not a ${test.term}` : ` ⇒ not a ${test.term} (${test.citation})`;
  }
  return {
    // kept (memoised per person) and quoted by findings: one flat string, not a rope of every part of the path
    evidence: flat(`${chain}${verdict}`),
    ...(value === 'unknown' ? { missing: [...new Set(missing)], needs } : {}),
  };
}
