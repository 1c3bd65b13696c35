/**
 * `import` writes a JSON inventory in pieces (issue 13: a 100k-vendor inventory is never one string): the pieces must
 * be the bytes of `JSON.stringify(inventory, null, 2)` and a newline, whatever the inventory holds and however it is
 * sliced.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { inventoryJsonPieces, VENDORS_PER_PIECE } from '../../../src/importers/emit.js';
import type { Inventory } from '../../../src/model/types.js';

/** Strings JSON must escape, or write as they are: quotes, backslashes, line breaks, controls, lone surrogates. */
const awkward = fc.oneof(
  fc.string(),
  fc.string({ unit: 'grapheme' }),
  fc.string({ unit: 'binary' }),
  fc.constantFrom('', '\n', '\r\n', '"', '\\', '\u2028', '\ud800', '  indented\n  lines', '</script>'),
);

/** Any JSON value a person might add to a vendor, and values JSON.stringify leaves out or writes as null. */
const extra = fc.oneof(
  fc.jsonValue(),
  fc.constant(undefined),
  fc.array(fc.oneof(fc.integer(), fc.constant(undefined)), { maxLength: 3 }),
);

const vendor = fc.record(
  {
    id: awkward,
    name: awkward,
    services: fc.array(fc.record({ id: awkward, countries: fc.array(awkward, { maxLength: 2 }), note: extra })),
    extra,
    empty: fc.constantFrom({}, []),
  },
  { requiredKeys: ['id'] },
);

const inventory = fc.record(
  {
    apiVersion: fc.constant('residency/v1'),
    kind: fc.constant('Inventory'),
    organisation: fc.record({ name: awkward }),
    vendors: fc.array(fc.oneof({ weight: 9, arbitrary: vendor }, { weight: 1, arbitrary: fc.constant(undefined) }), {
      maxLength: 9,
    }),
    later: extra,
  },
  { requiredKeys: [] },
);

describe('inventoryJsonPieces', () => {
  it('writes exactly the bytes of JSON.stringify(inventory, null, 2) and a newline, at every slice size', () => {
    fc.assert(
      fc.property(inventory, fc.integer({ min: 1, max: 4 }), (inv, perPiece) => {
        const pieces = [...inventoryJsonPieces(inv as unknown as Inventory, perPiece)];
        expect(pieces.join('')).toBe(`${JSON.stringify(inv, null, 2)}\n`);
        const vendors = Array.isArray(inv.vendors) ? inv.vendors.length : 0;
        if (vendors > perPiece) expect(pieces.length).toBeGreaterThanOrEqual(Math.ceil(vendors / perPiece));
      }),
      { numRuns: 300, seed: 1305 },
    );
  });

  it('never makes the text of many vendors one string', () => {
    const vendors = Array.from({ length: 10 * VENDORS_PER_PIECE }, (_, i) => ({ id: `v-${i}`, name: `Vendor ${i}` }));
    const inv = { apiVersion: 'residency/v1', kind: 'Inventory', organisation: { name: 'O' }, vendors };
    const pieces = [...inventoryJsonPieces(inv as unknown as Inventory)];
    const text = pieces.join('');
    expect(text).toBe(`${JSON.stringify(inv, null, 2)}\n`);
    expect(pieces.length).toBeGreaterThanOrEqual(10);
    expect(Math.max(...pieces.map((p) => p.length))).toBeLessThan(text.length / 5);
  });

  it('writes an inventory without members as an empty object', () => {
    expect([...inventoryJsonPieces({} as Inventory)].join('')).toBe('{}\n');
    expect([...inventoryJsonPieces({ vendors: undefined } as unknown as Inventory)].join('')).toBe('{}\n');
  });
});
