import type { BulkThreshold } from '../catalog/types.js';
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

/** The unit a category is counted in (US devices for precise geolocation, else US persons). */
export function unitOf(category: string, threshold: BulkThreshold | undefined): 'usPersons' | 'devices' {
  return threshold?.unit ?? (category === 'precise-geolocation' ? 'devices' : 'usPersons');
}

function exceeds(total: number, threshold: BulkThreshold): boolean {
  return threshold.comparison === 'gt' ? total > threshold.threshold : total >= threshold.threshold;
}

const NUMBER = new Intl.NumberFormat('en-US');

/** `250,000`; `?` for an unknown count. One formatter for every count (toLocaleString builds one per call). */
export function formatCount(n: number | undefined): string {
  return n === undefined ? '?' : NUMBER.format(n);
}
const fmt = formatCount;

export class BulkAggregator {
  private readonly thresholds: Map<string, BulkThreshold>;
  private readonly groups = new Map<string, BulkFacts>();
  private readonly members: DataFacts[] = [];
  private readonly seen = new Set<DataFacts>();

  constructor(thresholds: readonly BulkThreshold[]) {
    this.thresholds = new Map(thresholds.map((t) => [t.category, t]));
  }

  threshold(category: string): BulkThreshold | undefined {
    return this.thresholds.get(category);
  }

  /** Count `data` towards the amount held with counterparty `key` (once per data set and counterparty). */
  add(key: string, name: string, data: DataFacts): void {
    const threshold = this.thresholds.get(data.category);
    const groupKey = `${key.length}:${key}\0${data.category}`;
    let bulk = this.groups.get(groupKey);
    if (!bulk) {
      bulk = {
        category: data.category,
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
      };
      this.groups.set(groupKey, bulk);
    } else if (data.bulk.includes(bulk)) return;
    if (data.count === undefined) bulk.unknownContributors++;
    else bulk.total += data.count;
    if (data.countBasis === 'peak12Months') bulk.peakContributors++;
    bulk.contributors++;
    data.bulk.push(bulk);
    if (!this.seen.has(data)) {
      this.seen.add(data);
      this.members.push(data);
    }
  }

  /** Settle every aggregate and each contributing data set's status and evidence; returns the aggregates, sorted. */
  finish(): BulkFacts[] {
    for (const bulk of this.groups.values()) bulk.status = statusOf(bulk, this.thresholds.get(bulk.category));
    for (const bulk of this.groups.values()) bulk.exceeded = bulk.status === 'exceeded';
    for (const data of this.members) {
      let status: BulkStatus = 'not-applicable';
      const parts: string[] = [];
      for (const b of data.bulk) {
        if (b.status === 'exceeded') status = 'exceeded';
        else if (b.status === 'unknown' && status !== 'exceeded') status = 'unknown';
        else if (b.status === 'below' && status === 'not-applicable') status = 'below';
        if (b.status === 'exceeded' || b.status === 'unknown') parts.push(bulkEvidence(b));
      }
      data.bulkStatus = status;
      data.bulkExceeded = status === 'exceeded';
      data.bulkEvidence = parts.join('; ');
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
  const unknown =
    b.unknownContributors > 0
      ? ` plus ${b.unknownContributors} data set(s) with no count (unknown, not counted as 0 or as bulk)`
      : '';
  const verdict =
    b.status === 'exceeded' ? `${cmp} ${fmt(b.threshold)}` : `bulk unknown against ${cmp} ${fmt(b.threshold)}`;
  return `${fmt(b.total)} ${unit} of ${b.category} data (${counted}) with ${b.groupName} across ${b.contributors} data set(s)${unknown}: ${verdict} (${b.citation ?? '28 CFR 202.205'})`;
}
