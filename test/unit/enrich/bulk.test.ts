import { describe, expect, it } from 'vitest';
import { BulkAggregator, countOf } from '../../../src/enrich/bulk.js';
import { dataFacts, THRESHOLDS } from './facts.js';

describe('countOf (28 CFR 202.205: preceding 12 months)', () => {
  it('uses the 12-month peak where known, else the current count, and says which', () => {
    expect(countOf({ category: 'health', usPersons: 9000, peak12Months: 12000 }, 'usPersons')).toEqual({
      count: 12000,
      countBasis: 'peak12Months',
    });
    expect(countOf({ category: 'health', usPersons: 9000 }, 'usPersons')).toEqual({
      count: 9000,
      countBasis: 'current',
    });
    expect(countOf({ category: 'precise-geolocation', usPersons: 5, devices: 2000 }, 'devices')).toEqual({
      count: 2000,
      countBasis: 'current',
    });
    expect(countOf({ category: 'health' }, 'usPersons')).toEqual({ countBasis: 'unknown' });
  });
});

describe('BulkAggregator', () => {
  it('aggregates per (counterparty, category), not across counterparties', () => {
    const agg = new BulkAggregator(THRESHOLDS);
    const a = dataFacts({ category: 'health', usPersons: 6000 });
    const b = dataFacts({ category: 'health', usPersons: 6000 });
    const c = dataFacts({ category: 'health', usPersons: 6000 });
    agg.add('x', 'X', a);
    agg.add('x', 'X', b);
    agg.add('y', 'Y', c);
    const bulks = agg.finish();
    expect(bulks.map((g) => [g.group, g.total, g.status])).toEqual([
      ['x', 12000, 'exceeded'],
      ['y', 6000, 'below'],
    ]);
    expect(a.bulkExceeded).toBe(true);
    expect(c.bulkExceeded).toBe(false);
    expect(c.bulkStatus).toBe('below');
    expect(a.bulkEvidence).toMatch(
      /12,000 US persons of health data \(current count\) with X across 2 data set\(s\): > 10,000/,
    );
  });

  it('keeps categories apart and counts a data set once per counterparty', () => {
    const agg = new BulkAggregator(THRESHOLDS);
    const h = dataFacts({ category: 'health', usPersons: 10000 });
    const p = dataFacts({ category: 'personal', usPersons: 10000 });
    agg.add('x', 'X', h);
    agg.add('x', 'X', h);
    agg.add('x', 'X', p);
    const bulks = agg.finish();
    expect(bulks.map((g) => [g.category, g.total, g.contributors])).toEqual([
      ['health', 10000, 1],
      ['personal', 10000, 1],
    ]);
    // "more than 10,000": exactly 10,000 is not bulk
    expect(h.bulkStatus).toBe('below');
  });

  it('treats a missing count as unknown: not 0, not over the threshold', () => {
    const agg = new BulkAggregator(THRESHOLDS);
    const known = dataFacts({ category: 'health', usPersons: 4000 });
    const missing = dataFacts({ category: 'health' });
    agg.add('x', 'X', known);
    agg.add('x', 'X', missing);
    const [bulk] = agg.finish();
    expect(bulk.total).toBe(4000);
    expect(bulk.unknownContributors).toBe(1);
    expect(bulk.status).toBe('unknown');
    expect(known.bulkStatus).toBe('unknown');
    expect(known.bulkExceeded).toBe(false);
    expect(known.bulkEvidence).toMatch(/1 data set\(s\) with no count \(unknown, not counted as 0 or as bulk\)/);
    // a known amount over the threshold is bulk whatever the unknown ones hold
    const agg2 = new BulkAggregator(THRESHOLDS);
    const big = dataFacts({ category: 'health', usPersons: 20000 });
    agg2.add('x', 'X', big);
    agg2.add('x', 'X', dataFacts({ category: 'health' }));
    expect(agg2.finish()[0].status).toBe('exceeded');
  });

  it('uses the 12-month peak and says so', () => {
    const agg = new BulkAggregator(THRESHOLDS);
    const d = dataFacts({ category: 'health', usPersons: 3000, peak12Months: 11000 });
    agg.add('x', 'X', d);
    agg.finish();
    expect(d.bulkStatus).toBe('exceeded');
    expect(d.bulkEvidence).toMatch(/11,000 US persons of health data \(12-month peak\)/);
  });

  it('counts precise geolocation in devices', () => {
    const agg = new BulkAggregator(THRESHOLDS);
    const d = dataFacts({ category: 'precise-geolocation', usPersons: 5000, devices: 900 });
    agg.add('x', 'X', d);
    const [bulk] = agg.finish();
    expect([bulk.unit, bulk.total, bulk.status]).toEqual(['devices', 900, 'below']);
  });

  it('has no threshold for categories that are not sensitive personal data', () => {
    const agg = new BulkAggregator(THRESHOLDS);
    const d = dataFacts({ category: 'intellectual-property', usPersons: 10_000_000 });
    agg.add('x', 'X', d);
    expect(agg.finish()[0].status).toBe('not-applicable');
    expect(d.bulkExceeded).toBe(false);
  });

  it('stays linear when thousands of vendors share one covered person', () => {
    // one aggregate, one bulk entry per data set: the work per data set does not grow with the vendor count
    const agg = new BulkAggregator(THRESHOLDS);
    const all = Array.from({ length: 20_000 }, () => dataFacts({ category: 'personal', usPersons: 10 }));
    for (const d of all) agg.add('cloud', 'Cloud', d);
    const bulks = agg.finish();
    expect(bulks).toHaveLength(1);
    expect(bulks[0].total).toBe(200_000);
    expect(bulks[0].contributors).toBe(20_000);
    expect(all.every((d) => d.bulk.length === 1 && d.bulkExceeded)).toBe(true);
    // one (read-only) list for the data sets in only this aggregate, and one sentence: not a copy per data set
    expect(all[1].bulk).toBe(all[0].bulk);
    expect(Object.isFrozen(all[0].bulk)).toBe(true);
    expect(new Set(all.map((d) => d.bulkEvidence)).size).toBe(1);
    expect(all[0].bulkEvidence).toContain('200,000 US persons of personal data');
    expect(all[0].bulkEvidence).toContain('across 20000 data set(s)');
  });

  it('joins the sentences of each aggregate a data set is exceeded or unknown in, and no other', () => {
    const agg = new BulkAggregator(THRESHOLDS);
    const both = dataFacts({ category: 'personal', usPersons: 200_000 });
    const other = dataFacts({ category: 'personal', usPersons: 200_000 });
    const unknownCount = dataFacts({ category: 'personal' });
    agg.add('x', 'X', both);
    agg.add('y', 'Y', both);
    agg.add('x', 'X', other);
    agg.add('z', 'Z', unknownCount);
    agg.finish();
    const [x, y] = both.bulkEvidence.split('; ');
    expect(both.bulkEvidence.split('; ')).toHaveLength(2);
    expect(x).toContain('400,000 US persons of personal data (current count) with X across 2 data set(s)');
    expect(y).toContain('200,000 US persons of personal data (current count) with Y across 1 data set(s)');
    expect(other.bulkEvidence).toBe(x);
    // in two aggregates: its own list, in the order it was counted
    expect(both.bulk.map((b) => b.group)).toEqual(['x', 'y']);
    expect(other.bulk.map((b) => b.group)).toEqual(['x']);
    expect(unknownCount.bulkEvidence).toContain('with Z across 1 data set(s) plus 1 data set(s) with no count');
  });

  describe('combined data (28 CFR 202.205(g): the lowest threshold of the categories present applies)', () => {
    // 202.205(g), eCFR text (self-law.org copy, read 2026-12-02): a set containing more than one category of (a)–(f),
    // or a listed identifier linked to categories (a)–(e), is bulk where any data type meets the lowest threshold
    // of the categories present. Interpretation: the set's count stands for each data type it contains.
    it('covered personal identifiers of 50,000 persons combined with health data are bulk (> 10,000), alone they are not', () => {
      const agg = new BulkAggregator(THRESHOLDS);
      const combined = dataFacts({ category: 'personal', usPersons: 50_000 }, { combinedWith: ['health'] });
      const alone = dataFacts({ category: 'personal', usPersons: 50_000 });
      agg.add('x', 'X', combined);
      agg.add('y', 'Y', alone);
      agg.finish();
      expect(combined.bulkStatus).toBe('exceeded');
      expect(combined.bulk.map((b) => [b.category, b.total, b.status])).toEqual([
        ['personal', 50_000, 'below'],
        ['health', 50_000, 'exceeded'],
      ]);
      expect(combined.bulkEvidence).toContain('1 of them as part of combined data (28 CFR 202.205(g))');
      expect(alone.bulkStatus).toBe('below');
    });

    it('aggregates a combined set with single-category sets held by the same counterparty', () => {
      const agg = new BulkAggregator(THRESHOLDS);
      const combined = dataFacts({ category: 'personal', usPersons: 6_000 }, { combinedWith: ['health'] });
      const health = dataFacts({ category: 'health', usPersons: 5_000 });
      agg.add('x', 'X', combined);
      agg.add('x', 'X', health);
      const health11k = agg.finish().find((b) => b.category === 'health');
      expect(health11k?.total).toBe(11_000);
      expect(health.bulkStatus).toBe('exceeded');
      expect(combined.bulkStatus).toBe('exceeded');
    });

    it('counts precise geolocation in US devices: unknown when the combined set gives no device count', () => {
      const agg = new BulkAggregator(THRESHOLDS);
      const known = dataFacts(
        { category: 'health', usPersons: 2_000, devices: 1_500 },
        { combinedWith: ['precise-geolocation'] },
      );
      const unknown = dataFacts({ category: 'health', usPersons: 2_000 }, { combinedWith: ['precise-geolocation'] });
      agg.add('x', 'X', known);
      agg.add('y', 'Y', unknown);
      agg.finish();
      expect(known.bulkStatus).toBe('exceeded');
      expect(known.bulk.find((b) => b.category === 'precise-geolocation')).toMatchObject({
        unit: 'devices',
        total: 1_500,
      });
      expect(unknown.bulkStatus).toBe('unknown');
    });
  });
});
