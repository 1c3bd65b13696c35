import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { byteAt, shelfOffsets, utf8Offsets } from '../../../src/adapters/text-offsets.js';
import { scanJson } from '../../../src/parse/json-scan.js';

/** Where a non-ASCII JSON input's vendors start in its bytes, so a shelved document can read them again. */
describe('utf8Offsets', () => {
  it('gives the UTF-8 byte offset of every offset it is asked for (fast-check, seed 20_001)', () => {
    const char = fc.constantFrom('a', '"', 'é', 'ß', '€', '中', '😀', '\n', '\\', ' ');
    fc.assert(
      fc.property(fc.array(fc.array(char, { maxLength: 12 }), { maxLength: 40 }), (parts) => {
        // the offsets are the boundaries between parts: never inside a surrogate pair
        const text = parts.map((p) => p.join('')).join('');
        const units: number[] = [0];
        let at = 0;
        for (const p of parts) {
          at += p.join('').length;
          if (at !== units[units.length - 1]) units.push(at);
        }
        const table = utf8Offsets(text, Float64Array.from(units));
        for (const u of units) {
          expect(byteAt(table, u)).toBe(Buffer.byteLength(text.slice(0, u), 'utf8'));
        }
        if (text.length > 0 && !units.includes(1)) expect(byteAt(table, 1)).toBeUndefined();
      }),
      { seed: 20_001, numRuns: 300 },
    );
  });

  it('is asked for each vendor start, the containers the scan records and both ends of the text', () => {
    const text = JSON.stringify({ a: 'é', vendors: [{ id: 'x' }, { id: '😀' }, { id: 'z' }], b: [1] });
    const scan = scanJson(text, 256);
    const offsets = [...shelfOffsets(scan, text.length)];
    expect(offsets).toEqual([...new Set(offsets)].sort((x, y) => x - y));
    for (const v of scan.vendors?.vendorOffsets ?? []) expect(offsets).toContain(v);
    for (const [start, end] of scan.ends) expect(offsets).toEqual(expect.arrayContaining([start, end]));
    expect(offsets[0]).toBe(0);
    expect(offsets[offsets.length - 1]).toBe(text.length);
    // the last vendor's piece ends where the vendors array does
    expect(offsets).toContain(text.indexOf(']') + 1);
  });
});
