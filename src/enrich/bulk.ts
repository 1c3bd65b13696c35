import type { BulkThreshold } from '../catalog/types.js';
import { cached } from '../util/memo.js';
import { flat, formatNumber } from '../util/text.js';
import { EMPTY } from './shared.js';
import type { BulkFacts, BulkStatus, DataFacts } from './types.js';

/**
 * Bulk U.S. sensitive personal data (28 CFR 202.205): amounts are aggregated over the preceding 12 months
 * across covered data transactions with the SAME covered person (or country of concern), per data category.
 * One hash map keyed by (counterparty, category): linear in the number of (data set, counterparty) pairs,
 * whatever the number of vendors sharing one counterparty.
 */

/** The count 202.205 asks for: the 12-month peak where the inventory gives it, else the current count. */
export function countOf(
  data: { category: string; usPersons?: number; devices?: number; peak12Months?: number },
  unit: 'usPersons' | 'devices',
): { count?: number; countBasis: 'peak12Months' | 'current' | 'unknown' } {
  if (data.peak12Months !== undefined) return { count: data.peak12Months, countBasis: 'peak12Months' };
  const current = unit === 'devices' ? data.devices : data.usPersons;
  return current === undefined ? { countBasis: 'unknown' } : { count: current, countBasis: 'current' };
}

/**
 * The count of a data set in another category's unit (a combined data set, 28 CFR 202.205(g)): its own 12-month
 * count where the unit is its own, else the current count in that unit (US devices or US persons), unknown if absent.
 */
function countIn(
  data: Pick<DataFacts, 'count' | 'countBasis' | 'usPersons' | 'devices'>,
  unit: 'usPersons' | 'devices',
  own: 'usPersons' | 'devices',
): { count?: number; countBasis: DataFacts['countBasis'] } {
  if (unit === own) return { count: data.count, countBasis: data.countBasis };
  const current = unit === 'devices' ? data.devices : data.usPersons;
  return current === undefined ? { countBasis: 'unknown' } : { count: current, countBasis: 'current' };
}

/** The unit a category is counted in (US devices for precise geolocation, else US persons). */
export function unitOf(category: string, threshold: BulkThreshold | undefined): 'usPersons' | 'devices' {
  return threshold?.unit ?? (category === 'precise-geolocation' ? 'devices' : 'usPersons');
}

function exceeds(total: number, threshold: BulkThreshold): boolean {
  return threshold.comparison === 'gt' ? total > threshold.threshold : total >= threshold.threshold;
}

/** `250,000`; `?` for an unknown count. */
export function formatCount(n: number | undefined): string {
  return n === undefined ? '?' : formatNumber(n);
}
const fmt = formatCount;

export class BulkAggregator {
  private readonly thresholds: Map<string, BulkThreshold>;
  private readonly groups = new Map<string, BulkFacts>();
  private readonly members: DataFacts[] = [];
  private readonly seen = new Set<DataFacts>();
  /** Detached: the aggregates a data set contributes to, kept here instead of on the data set. */
  private readonly detached?: Map<DataFacts, BulkFacts[]>;

  /**
   * `detached`: count without touching the data sets' own bulk facts (`bulk`, `bulkStatus`, `bulkEvidence`), for
   * amounts held with persons that are not covered persons (202.302's foreign counterparties); read with `of`.
   */
  constructor(thresholds: readonly BulkThreshold[], options: { detached?: boolean } = {}) {
    this.thresholds = new Map(thresholds.map((t) => [t.category, t]));
    if (options.detached) this.detached = new Map();
  }

  /** The aggregates a data set contributes to (its `bulk`, or the detached ones). */
  of(data: DataFacts): readonly BulkFacts[] {
    return this.detached ? (this.detached.get(data) ?? []) : data.bulk;
  }

  private list(data: DataFacts): BulkFacts[] {
    if (!this.detached) {
      // a data set starts with the shared empty list (src/enrich/shared.ts): its own list on its first aggregate
      if (data.bulk === EMPTY) data.bulk = [];
      return data.bulk;
    }
    let l = this.detached.get(data);
    if (!l) {
      l = [];
      this.detached.set(data, l);
    }
    return l;
  }

  threshold(category: string): BulkThreshold | undefined {
    return this.thresholds.get(category);
  }

  /**
   * Count `data` towards the amount held with counterparty `key` (once per data set, counterparty and category). A
   * combined data set (28 CFR 202.205(g)) counts towards each category it contains that has a threshold, so the
   * lowest threshold of the categories present decides.
   */
  add(key: string, name: string, data: DataFacts): void {
    this.addTo(key, name, data, data.category, data.count, data.countBasis, false);
    for (const category of data.combinedWith) {
      const threshold = this.thresholds.get(category);
      if (!threshold) continue;
      const { count, countBasis } = countIn(data, unitOf(category, threshold), this.unitOf(data));
      this.addTo(key, name, data, category, count, countBasis, true);
    }
  }

  private unitOf(data: DataFacts): 'usPersons' | 'devices' {
    return unitOf(data.category, this.thresholds.get(data.category));
  }

  private addTo(
    key: string,
    name: string,
    data: DataFacts,
    category: string,
    count: number | undefined,
    countBasis: DataFacts['countBasis'],
    combined: boolean,
  ): void {
    const threshold = this.thresholds.get(category);
    const groupKey = `${key.length}:${key}\0${category}`;
    let bulk = this.groups.get(groupKey);
    if (!bulk) {
      bulk = {
        category,
        group: key,
        groupName: name,
        total: 0,
        unknownContributors: 0,
        unit: unitOf(data.category, threshold),
        threshold: threshold?.threshold,
        comparison: threshold?.comparison,
        status: 'not-applicable',
        exceeded: false,
        citation: threshold?.citation,
        label: threshold?.label,
        contributors: 0,
        peakContributors: 0,
        combinedContributors: 0,
      };
      this.groups.set(groupKey, bulk);
    } else if (this.list(data).includes(bulk)) return;
    if (count === undefined) bulk.unknownContributors++;
    else bulk.total += count;
    if (countBasis === 'peak12Months') bulk.peakContributors++;
    if (combined) bulk.combinedContributors++;
    bulk.contributors++;
    this.list(data).push(bulk);
    if (this.detached) return;
    if (!this.seen.has(data)) {
      this.seen.add(data);
      this.members.push(data);
    }
  }

  /** Settle every aggregate and each contributing data set's status and evidence; returns the aggregates, sorted. */
  finish(): BulkFacts[] {
    for (const bulk of this.groups.values()) bulk.status = statusOf(bulk, this.thresholds.get(bulk.category));
    for (const bulk of this.groups.values()) bulk.exceeded = bulk.status === 'exceeded';
    // one sentence per aggregate, shared by its contributing data sets: many vendors' data sets with one covered
    // person would otherwise each hold a copy of the same sentence
    const sentences = new Map<BulkFacts, string>();
    const sentenceOf = (b: BulkFacts): string => cached(sentences, b, () => flat(bulkEvidence(b)));
    // a data set in one aggregate (most) shares that aggregate's one-element list; the others get an exact-size copy
    const alone = new Map<BulkFacts, BulkFacts[]>();
    for (const data of this.members) {
      data.bulk =
        data.bulk.length === 1
          ? cached(alone, data.bulk[0], () => Object.freeze([data.bulk[0]]) as BulkFacts[])
          : data.bulk.slice();
      let status: BulkStatus = 'not-applicable';
      let evidence: string | undefined;
      let parts: string[] | undefined;
      // indexed: the list is frozen when shared (`for … of` over frozen and other lists is not inlined)
      const bulk = data.bulk;
      for (let i = 0; i < bulk.length; i++) {
        const b = bulk[i];
        if (b.status === 'exceeded') status = 'exceeded';
        else if (b.status === 'unknown' && status !== 'exceeded') status = 'unknown';
        else if (b.status === 'below' && status === 'not-applicable') status = 'below';
        if (b.status !== 'exceeded' && b.status !== 'unknown') continue;
        if (evidence === undefined) evidence = sentenceOf(b);
        else {
          parts ??= [evidence];
          parts.push(sentenceOf(b));
        }
      }
      data.bulkStatus = status;
      data.bulkEvidence = parts ? parts.join('; ') : (evidence ?? '');
    }
    return [...this.groups.values()].sort((a, b) =>
      a.category < b.category ? -1 : a.category > b.category ? 1 : a.group < b.group ? -1 : a.group > b.group ? 1 : 0,
    );
  }
}

function statusOf(bulk: BulkFacts, threshold: BulkThreshold | undefined): BulkStatus {
  if (!threshold) return 'not-applicable';
  if (exceeds(bulk.total, threshold)) return 'exceeded';
  return bulk.unknownContributors > 0 ? 'unknown' : 'below';
}

/** `250,000 US persons of personal data (current counts) with X across 1 data set(s) > 100,000 (28 CFR 202.205)`. */
export function bulkEvidence(b: BulkFacts): string {
  const unit = b.unit === 'devices' ? 'US devices' : 'US persons';
  const known = b.contributors - b.unknownContributors;
  const counted =
    known === 0
      ? 'no count'
      : b.peakContributors === known
        ? '12-month peak'
        : b.peakContributors === 0
          ? 'current count'
          : `${b.peakContributors} 12-month peak(s), the rest current counts`;
  const cmp = b.comparison === 'gt' ? '>' : '≥';
  const combined =
    b.combinedContributors > 0
      ? `, ${b.combinedContributors} of them as part of combined data (28 CFR 202.205(g))`
      : '';
  const unknown =
    b.unknownContributors > 0
      ? ` plus ${b.unknownContributors} data set(s) with no count (unknown, not counted as 0 or as bulk)`
      : '';
  const verdict =
    b.status === 'exceeded' ? `${cmp} ${fmt(b.threshold)}` : `bulk unknown against ${cmp} ${fmt(b.threshold)}`;
  return `${fmt(b.total)} ${unit} of ${b.category} data (${counted}) with ${b.groupName} across ${b.contributors} data set(s)${combined}${unknown}: ${verdict} (${b.citation ?? '28 CFR 202.205'})`;
}
