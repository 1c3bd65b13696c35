import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parse, stringify } from 'yaml';
import { inventoryYamlPieces, VENDORS_PER_PIECE, YAML_OPTIONS } from '../../../src/importers/emit.js';
import type { Inventory } from '../../../src/model/types.js';

/** Strings that make `yaml` choose every style: plain, quoted, block (clip, strip, keep), escapes, markers. */
const awkward = fc.oneof(
  fc.string(),
  fc.string({ unit: 'grapheme' }),
  fc.constantFrom(
    '',
    ' ',
    'true',
    'null',
    '42',
    '0x1F',
    '1e3',
    '- item',
    '? key',
    'a: b',
    'a #b',
    '#comment',
    '---',
    '--- x',
    '...',
    '%YAML',
    'line one\nline two',
    'ends with newline\n',
    'keeps\n\n',
    '\n\nleading newlines',
    ' leading space\nsecond',
    'tab\there',
    'quote "double" and \'single\'',
    'control \u0001 char',
    'emoji 🙂 and 中国',
    'long text with \\n escapes and a newline\nthat is long enough to fold at forty characters or more',
  ),
  fc
    .array(fc.constantFrom('a', ' ', '\n', '#', ':', '-', '"', "'", '\t', '\\', '…', '---', '\r'), { maxLength: 12 })
    .map((parts) => parts.join('')),
);

const service = fc.record(
  {
    id: awkward,
    name: awkward,
    description: awkward,
    provider: fc.oneof(awkward, fc.record({ name: awkward, country: fc.constantFrom('US', 'CN') })),
    regions: fc.array(awkward, { maxLength: 3 }),
    tags: fc.dictionary(awkward, awkward, { maxKeys: 3 }),
    data: fc.array(fc.record({ category: awkward, usPersons: fc.integer() }), { maxLength: 2 }),
  },
  { requiredKeys: ['id'] },
);

const vendor = fc.record(
  {
    id: awkward,
    name: awkward,
    notes: awkward,
    country: fc.constantFrom('US', 'CN', undefined),
    services: fc.array(service, { maxLength: 3 }),
    critical: fc.boolean(),
  },
  { requiredKeys: ['id'] },
);

const inventory = fc.record({
  apiVersion: fc.constant('residency/v1'),
  kind: fc.constant('Inventory'),
  organisation: fc.record({ name: awkward }),
  vendors: fc.array(vendor, { maxLength: 9 }),
});

describe('inventoryYamlPieces', () => {
  it('writes exactly the bytes of one yaml stringify of the whole inventory, at every slice size', () => {
    fc.assert(
      fc.property(inventory, fc.integer({ min: 1, max: 4 }), (inv, perPiece) => {
        const whole = stringify(inv, YAML_OPTIONS);
        const pieces = [...inventoryYamlPieces(inv as unknown as Inventory, perPiece)];
        expect(pieces.join('')).toBe(whole);
        // and more than one piece when the vendors are sliced
        if (inv.vendors.length > perPiece) expect(pieces.length).toBeGreaterThan(4);
      }),
      { numRuns: 200 },
    );
  });

  it('lays out vendors of one-line values itself with the bytes yaml gives, at the edge of every style', () => {
    // strings of the characters at the edge of plain style, words and numbers a reader could take for another type
    const edge = fc.oneof(
      fc
        .array(
          fc.constantFrom('a', 'Z', '0', '9', ' ', '.', '_', '/', '(', ')', '+', ',', '-', ':', '#', "'", '"', 'é'),
          {
            maxLength: 8,
          },
        )
        .map((parts) => parts.join('')),
      fc.constantFrom('true', 'False', 'NULL', 'yes', 'No', 'on', 'OFF', 'y', 'n', 'nan', 'Inf', 'e1', 'x0', 'aws'),
    );
    const scalar = fc.oneof(
      edge,
      awkward,
      fc.integer(),
      fc.double(),
      fc.constantFrom(-0, 2 ** 60, 1e21, 0.5, Number.NaN),
      fc.boolean(),
      fc.constant(null),
      fc.constant(undefined),
    );
    const key = fc.constantFrom('id', 'name', 'line', 'source', 'a b', '1', 'x:y', '_k', 'null', 'True', 'on', 'tags');
    const value = fc.letrec((tie) => ({
      value: fc.oneof({ depthSize: 'small', withCrossShrink: true }, scalar, tie('list'), tie('map')),
      list: fc.array(tie('value'), { maxLength: 3 }),
      map: fc.dictionary(key, tie('value'), { maxKeys: 4 }),
    })).value;
    const vendors = fc.array(
      fc.oneof(fc.dictionary(key, value, { maxKeys: 5 }), fc.record({ id: edge, name: edge, n: fc.integer() })),
      { maxLength: 6 },
    );
    fc.assert(
      fc.property(vendors, fc.integer({ min: 1, max: 3 }), (list, perPiece) => {
        const inv = { apiVersion: 'residency/v1', kind: 'Inventory', organisation: { name: 'O' }, vendors: list };
        const pieces = [...inventoryYamlPieces(inv as unknown as Inventory, perPiece)];
        expect(pieces.join('')).toBe(stringify(inv, YAML_OPTIONS));
      }),
      { numRuns: 2000 },
    );
  });

  it('slices a large vendor list into pieces that parse back to the inventory', () => {
    const vendors = Array.from({ length: 1000 }, (_, i) => ({
      id: `v${i}`,
      name: i % 7 === 0 ? `multi\nline ${i}\n\n` : `Vendor ${i}`,
      services: [{ id: 'main', provider: i % 3 === 0 ? 'true' : 'aws' }],
    }));
    const inv = { apiVersion: 'residency/v1', kind: 'Inventory', organisation: { name: 'O' }, vendors };
    const pieces = [...inventoryYamlPieces(inv as unknown as Inventory)];
    expect(pieces.length).toBe(3 + Math.ceil(1000 / VENDORS_PER_PIECE));
    expect(pieces.join('')).toBe(stringify(inv, YAML_OPTIONS));
    expect(parse(pieces.join(''))).toEqual(inv);
  });

  it('leaves out undefined members as yaml does, and writes an empty vendor list in one piece', () => {
    const inv = { apiVersion: 'residency/v1', kind: 'Inventory', organisation: undefined, vendors: [] };
    expect([...inventoryYamlPieces(inv as unknown as Inventory)].join('')).toBe(stringify(inv, YAML_OPTIONS));
    expect([...inventoryYamlPieces({} as Inventory)].join('')).toBe(stringify({}, YAML_OPTIONS));
  });
});
