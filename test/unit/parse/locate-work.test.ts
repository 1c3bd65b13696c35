import { describe, expect, it } from 'vitest';
import type { LocateWork } from '../../../src/parse/line-index.js';
import { parseText } from '../../../src/parse/parse.js';

/**
 * Issue 13: locating a finding used to scan back to the start of its line for the column, which on one-line
 * (minified) JSON is the start of the file: quadratic in the number of findings. These tests count the work
 * `locate` does (characters of text examined, binary-search steps over lines) instead of timing it: per
 * lookup it must not grow with the number of vendors, and one-line input must cost no more than the same
 * inventory pretty-printed.
 */

function inventory(vendors: number): unknown {
  return {
    apiVersion: 'residency/v1',
    organisation: { name: 'Work Counting Org', country: 'US' },
    vendors: Array.from({ length: vendors }, (_, i) => ({
      id: `vendor-${String(i).padStart(6, '0')}`,
      name: `Vendor ${String(i).padStart(6, '0')} \u00e9\u{1F600}`,
      country: 'US',
      services: Array.from({ length: 3 }, (_, j) => ({
        id: `svc-${j}`,
        provider: 'aws',
        regions: ['us-east-1', 'eu-west-1'],
        data: [{ categories: ['personal'], usPersons: 10 * j }],
      })),
    })),
  };
}

type Layout = 'one-line' | 'pretty' | 'crlf';

function text(vendors: number, layout: Layout): string {
  const data = inventory(vendors);
  if (layout === 'one-line') return JSON.stringify(data);
  const pretty = JSON.stringify(data, null, 2);
  return layout === 'crlf' ? pretty.replace(/\n/g, '\r\n') : pretty;
}

/** The pointers a check locates for one vendor: vendor, service, and deeper values and keys. */
function pointers(v: number): { pointer: string; key: boolean }[] {
  return [
    { pointer: `/vendors/${v}`, key: false },
    { pointer: `/vendors/${v}/services/1`, key: false },
    { pointer: `/vendors/${v}/services/2`, key: true },
    { pointer: `/vendors/${v}/id`, key: true },
    { pointer: `/vendors/${v}/services/2/regions/1`, key: false },
    { pointer: `/vendors/${v}/services/0/data/0/usPersons`, key: false },
  ];
}

/** Work per pointer kind, summed over every vendor, for an inventory of `vendors` vendors. */
function measure(vendors: number, layout: Layout): { total: LocateWork; perKind: LocateWork[] } {
  const work: LocateWork = { chars: 0, lines: 0 };
  const doc = parseText(text(vendors, layout), 'inv.json', { work });
  const perKind = pointers(0).map(() => ({ chars: 0, lines: 0 }));
  for (let v = 0; v < vendors; v++) {
    pointers(v).forEach(({ pointer, key }, k) => {
      const before = { ...work };
      expect(doc.locate(pointer, key)).toBeDefined();
      perKind[k].chars += work.chars - before.chars;
      perKind[k].lines += work.lines - before.lines;
    });
  }
  return { total: work, perKind };
}

/** Reference line and column: count the newlines before the offset (slow, obviously right). */
function reference(source: string, offset: number): { line: number; column: number } {
  const before = source.slice(0, offset).split('\n');
  return { line: before.length, column: before[before.length - 1].length + 1 };
}

describe('locating a finding costs the same whatever the size and layout of the input', () => {
  it('a vendor or service is located without examining any text, on one-line and pretty-printed input', () => {
    for (const layout of ['one-line', 'pretty', 'crlf'] as const) {
      const { perKind } = measure(300, layout);
      // /vendors/N and /vendors/N/services/M (value and key): array lookups in the pre-parse scan
      for (const k of [0, 1, 2]) expect(perKind[k]).toEqual({ chars: 0, lines: 0 });
    }
  });

  it('work per lookup does not grow with the number of vendors (one-line: the old code grew with the offset)', () => {
    for (const layout of ['one-line', 'pretty', 'crlf'] as const) {
      const small = measure(100, layout).total;
      const large = measure(800, layout).total;
      // every vendor has the same shape and text length, so 8× the vendors is exactly 8× the work
      expect(large.chars).toBe(8 * small.chars);
      expect(large.lines).toBe(8 * small.lines);
      expect(small.chars).toBeGreaterThan(0); // the deeper pointers are counted
    }
  });

  it('one-line input examines no more characters per lookup than the same inventory pretty-printed', () => {
    const oneLine = measure(200, 'one-line').perKind;
    const pretty = measure(200, 'pretty').perKind;
    for (let k = 0; k < oneLine.length; k++) {
      expect(oneLine[k].chars).toBeLessThanOrEqual(pretty[k].chars);
      expect(oneLine[k].lines).toBe(0);
      expect(pretty[k].lines).toBe(0); // vendor-relative lookups never search the whole text's lines
    }
  });

  it('each deeper lookup examines at most the text of its own vendor', () => {
    for (const layout of ['one-line', 'pretty'] as const) {
      const source = text(50, layout);
      const vendorLength = JSON.stringify(
        (inventory(1) as { vendors: unknown[] }).vendors[0],
        null,
        layout === 'pretty' ? 2 : undefined,
      ).length;
      const work: LocateWork = { chars: 0, lines: 0 };
      const doc = parseText(source, 'inv.json', { work });
      for (const v of [0, 25, 49]) {
        for (const { pointer, key } of pointers(v).slice(3)) {
          const before = work.chars;
          doc.locate(pointer, key);
          // pretty-printed vendors nested two levels deep carry 4 more spaces per line than stringified alone
          expect(work.chars - before).toBeLessThanOrEqual(2 * vendorLength);
        }
      }
    }
  });

  it('line and column are those of the text, on every layout (UTF-16 columns, as before)', () => {
    for (const layout of ['one-line', 'pretty', 'crlf'] as const) {
      const source = text(20, layout);
      const doc = parseText(source, 'inv.json');
      for (const v of [0, 7, 19]) {
        const id = `"vendor-${String(v).padStart(6, '0')}"`;
        const idAt = source.indexOf(id);
        // the vendor object starts at the last `{` before its id
        const start = source.lastIndexOf('{', idAt);
        expect(doc.locate(`/vendors/${v}`)).toEqual(reference(source, start));
        expect(doc.locate(`/vendors/${v}/id`)).toEqual(reference(source, idAt));
        expect(doc.locate(`/vendors/${v}/id`, true)).toEqual(reference(source, source.lastIndexOf('"id"', idAt)));
        const usPersons = source.indexOf('"usPersons"', idAt);
        expect(doc.locate(`/vendors/${v}/services/0/data/0/usPersons`, true)).toEqual(reference(source, usPersons));
      }
    }
  });

  it('pointers far inside one large vendor cost no more than the text, however many (one-line and pretty)', () => {
    // a vendor's values were located by counting lines from its start, for each: pointers × the vendor's length
    const bigVendor = (owners: number): unknown => ({
      apiVersion: 'residency/v1',
      kind: 'Inventory',
      organisation: { name: 'Org' },
      vendors: [
        {
          id: 'big',
          name: 'Big',
          owners: Array.from({ length: owners }, (_, i) => ({ entity: `owner-${i}`, percent: 0.01 })),
        },
      ],
    });
    for (const layout of ['one-line', 'pretty'] as const) {
      for (const order of ['in order', 'last first'] as const) {
        const totals: number[] = [];
        for (const owners of [4000, 32000]) {
          const data = bigVendor(owners);
          const source = layout === 'one-line' ? JSON.stringify(data) : JSON.stringify(data, null, 2);
          const work: LocateWork = { chars: 0, lines: 0 };
          const doc = parseText(source, 'inv.json', { work });
          for (let k = 0; k < owners; k++) {
            const i = order === 'in order' ? k : owners - 1 - k;
            expect(doc.locate(`/vendors/0/owners/${i}/percent`)).toBeDefined();
          }
          // the text indexed (its values once, the vendor's lines at most once), and at most 4,096 characters counted
          // for each of the pointers that near the vendor's start
          const vendorStart = source.indexOf('{', source.indexOf('"vendors"'));
          const near = [...source.matchAll(/"owner-\d+"/g)].filter((m) => m.index - vendorStart <= 4096).length;
          expect(near).toBeLessThan(owners / 20);
          expect(work.chars).toBeLessThanOrEqual(4 * source.length + near * 4096);
          totals.push(work.chars);
        }
        // eight times the owners, about eight times the work (it was sixty-four)
        expect(totals[1] / totals[0]).toBeLessThan(10);
      }
    }
  });
});
