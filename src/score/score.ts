import { VendorRef } from '../engine/evaluate.js';
import type { Finding } from '../engine/types.js';
import type { Severity } from '../model/types.js';

/** The scoring method, written into every report (see docs/scoring.md). */
export const SCORING_METHOD = {
  name: 'residency-multiplicative-v1',
  severityBase: { critical: 0.4, high: 0.2, medium: 0.08, low: 0.03, info: 0 } as Record<Severity, number>,
  criticality: { critical: 1.25, high: 1.1, medium: 1, low: 0.85 } as Record<string, number>,
  sensitivity: 'multiplier 0.75 + 0.5 × s, s = highest data sensitivity involved (0–1)',
  volume: 'multiplier 1 + 0.25 × min(1, log10(1 + US persons or devices) / 6)',
  cap: 0.9,
  vendor:
    'round(100 × Π(1 − r)) over the vendor’s counted findings, r = min(0.9, base × sensitivity × volume × criticality × rule weight)',
  organisation:
    'round(((mean vendor score + lowest vendor score) / 2) × Π(1 − r) over organisation-wide findings); 100 when nothing is counted',
  counted: 'open and baseline (existing) findings count; waived findings and not_applicable outcomes do not',
  grades: { A: 90, B: 80, C: 70, D: 60 },
} as const;

export interface ScoredVendor {
  id: string;
  score: number;
  grade: string;
}

export function grade(score: number): string {
  const g = SCORING_METHOD.grades;
  if (score >= g.A) return 'A';
  if (score >= g.B) return 'B';
  if (score >= g.C) return 'C';
  if (score >= g.D) return 'D';
  return 'F';
}

/** The share of the score one finding removes (0 ≤ r ≤ 0.9). */
export function findingWeight(finding: Pick<Finding, 'severity' | 'factors'>, ruleWeight = 1): number {
  const base = SCORING_METHOD.severityBase[finding.severity] ?? 0;
  const s = Math.min(1, Math.max(0, finding.factors.sensitivity));
  const sensitivity = 0.75 + 0.5 * s;
  const volume = 1 + 0.25 * Math.min(1, Math.log10(1 + Math.max(0, finding.factors.volume)) / 6);
  const criticality = SCORING_METHOD.criticality[finding.factors.criticality] ?? 1;
  return Math.min(SCORING_METHOD.cap, Math.max(0, base * sensitivity * volume * criticality * ruleWeight));
}

export interface ScoreResult {
  score: number;
  grade: string;
  /** By vendor id, in vendor order (the listed vendors, then any other a finding names). */
  vendors: ReadonlyMap<string, ScoredVendor>;
}

/**
 * Pure and monotone: adding a counted finding never raises any score; waived findings are ignored;
 * an inventory with no counted findings scores 100.
 */
export function score(
  vendorIds: readonly string[],
  findings: readonly Finding[],
  ruleWeights: ReadonlyMap<string, number> = new Map(),
): ScoreResult {
  return scoreAt(new VendorPositions(vendorIds), findings, ruleWeights);
}

/** `map.get(id)` for a vendor id likely at position `hint` of the ids a score was given: no look-up by id when it is. */
export function getNear<V>(map: ReadonlyMap<string, V>, id: string, hint: number): V | undefined {
  return map instanceof ByPosition ? (map as ByPosition<V>).getNear(id, hint) : map.get(id);
}

/** `score` with the vendors' positions given (judge shares them with its per-vendor counts). */
export function scoreAt(
  positions: VendorPositions,
  findings: readonly Finding[],
  ruleWeights: ReadonlyMap<string, number>,
): ScoreResult {
  // each vendor's factor at its position: a list of doubles instead of a map written once per finding, with the same
  // multiplications in the same order
  const factors: number[] = positions.ids.map(() => 1);
  let organisationFactor = 1;
  let ruleId: string | undefined;
  let weight = 1;
  for (const f of findings) {
    if (f.status === 'waived') continue;
    if (f.ruleId !== ruleId) {
      ruleId = f.ruleId;
      weight = ruleWeights.get(ruleId) ?? 1;
    }
    const r = findingWeight(f, weight);
    if (r === 0) continue;
    if (f.vendor) {
      const i = positions.of(f.vendor);
      while (factors.length <= i) factors.push(1);
      factors[i] *= 1 - r;
    } else organisationFactor *= 1 - r;
  }
  // vendors first named by a finding after the listed ones, in that order (as the map of factors was)
  const counted = factors.length;
  let sum = 0;
  let worst = 100;
  for (let i = 0; i < counted; i++) {
    sum += 100 * factors[i];
    worst = Math.min(worst, 100 * factors[i]);
  }
  const mean = counted > 0 ? sum / counted : 100;
  const base = counted > 0 ? (mean + worst) / 2 : 100;
  const total = Math.round(base * organisationFactor);
  const vendors = new ByPosition(positions, counted, (i) => {
    const s = Math.round(100 * factors[i]);
    return { id: positions.ids[i], score: s, grade: grade(s) };
  });
  return { score: total, grade: grade(total), vendors };
}

/**
 * Vendor ids by position: the listed ones (once each, in order), then each id first seen in `of`. A finding's vendor
 * part is shared by the findings of one target, so the last one asked for is answered without a look-up.
 *
 * When the listed ids are `distinct` (a validated inventory's vendors: the caller says so), they are their own
 * positions and no id → position map is made unless something must be looked up by id: a vendor part that does not
 * know its position (a copy, a test's, a vendor not listed) or `indexOf`. Otherwise the map is made here, as the
 * listed ids are made unique.
 */
export class VendorPositions {
  readonly ids: string[];
  #index: Map<string, number> | undefined;
  #last: { id: string } | undefined;
  #lastIndex = 0;

  constructor(vendorIds: readonly string[], options: { distinct?: boolean } = {}) {
    if (options.distinct) this.ids = vendorIds.slice();
    else {
      this.ids = [];
      for (const id of vendorIds) this.#add(id);
    }
  }

  /**
   * The position of a finding's vendor, added at the end when it was not listed. A vendor part made by evaluate knows
   * its vendor's position in the inventory: when the listed id there is its id, that is the answer (ids are listed
   * once each, so it is the one the map holds).
   */
  of(vendor: { id: string }): number {
    if (vendor !== this.#last) {
      this.#last = vendor;
      const at = VendorRef.positionOf(vendor);
      this.#lastIndex = at !== undefined && this.ids[at] === vendor.id ? at : this.#add(vendor.id);
    }
    return this.#lastIndex;
  }

  /** The position of a vendor id, if it has one. */
  indexOf(id: string): number | undefined {
    return this.#map().get(id);
  }

  /**
   * The position of a vendor id that is likely at `hint` (the report asks in the inventory's order): `hint` when the
   * id is there (each id is there once), else as `indexOf`.
   */
  indexNear(id: string, hint: number): number | undefined {
    return this.ids[hint] === id ? hint : this.indexOf(id);
  }

  #map(): Map<string, number> {
    if (this.#index === undefined) {
      this.#index = new Map();
      for (let i = 0; i < this.ids.length; i++) this.#index.set(this.ids[i], i);
    }
    return this.#index;
  }

  #add(id: string): number {
    const index = this.#map();
    let i = index.get(id);
    if (i === undefined) {
      i = this.ids.length;
      index.set(id, i);
      this.ids.push(id);
    }
    return i;
  }
}

/**
 * A read-only map from vendor id to a value made from its position (the first `size` positions, in order, those for
 * which `value` gives something): no second map of every vendor, and nothing kept per vendor but the caller's list.
 */
export class ByPosition<V> implements ReadonlyMap<string, V> {
  readonly #positions: VendorPositions;
  readonly #count: number;
  readonly #value: (i: number) => V | undefined;

  constructor(positions: VendorPositions, count: number, value: (i: number) => V | undefined) {
    this.#positions = positions;
    this.#count = count;
    this.#value = value;
  }

  get(id: string): V | undefined {
    return this.#at(this.#positions.indexOf(id));
  }

  /** `get(id)` for an id likely at position `hint` (VendorPositions.indexNear). */
  getNear(id: string, hint: number): V | undefined {
    return this.#at(this.#positions.indexNear(id, hint));
  }

  #at(i: number | undefined): V | undefined {
    return i === undefined || i >= this.#count ? undefined : this.#value(i);
  }

  has(id: string): boolean {
    return this.get(id) !== undefined;
  }

  get size(): number {
    let n = 0;
    for (let i = 0; i < this.#count; i++) if (this.#value(i) !== undefined) n++;
    return n;
  }

  *entries(): MapIterator<[string, V]> {
    for (let i = 0; i < this.#count; i++) {
      const value = this.#value(i);
      if (value !== undefined) yield [this.#positions.ids[i], value];
    }
  }

  *keys(): MapIterator<string> {
    for (const [id] of this.entries()) yield id;
  }

  *values(): MapIterator<V> {
    for (const [, value] of this.entries()) yield value;
  }

  [Symbol.iterator](): MapIterator<[string, V]> {
    return this.entries();
  }

  forEach(callback: (value: V, key: string, map: ReadonlyMap<string, V>) => void, thisArg?: unknown): void {
    for (const [id, value] of this.entries()) callback.call(thisArg, value, id, this);
  }
}
