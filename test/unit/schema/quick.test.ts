import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import path from 'node:path';
import fc from 'fast-check';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { loadInventory } from '../../../src/inventory/validate.js';
import { parseText } from '../../../src/parse/parse.js';
import { compileQuick, isDate, type QuickCheck } from '../../../src/schema/quick.js';
import { schemaDocument, setQuickChecks, validator } from '../../../src/schema/schemas.js';
import { inventoryArb, loadWorld, type World } from '../../slow/properties/arbitraries.js';

/**
 * The quick check (src/schema/quick.ts) stands in for ajv on valid inventories: it must never say yes where ajv
 * reports an error. These tests hold it to more: the same yes or no as ajv on inventories mutated at every level
 * (wrong types, missing and unknown keys, repeated items, bad dates, lengths counted in code points), and the same
 * diagnostics from loadInventory with and without it.
 */

const require = createRequire(import.meta.url);

/** A 200-vendor bench inventory, generated here (bench/data is not in the repository). */
const GENERATED = path.join(mkdtempSync(path.join(tmpdir(), 'residency-quick-')), 'inv-200.json');
execFileSync(process.execPath, ['bench/generate.mjs', '--vendors', '200', '--seed', '1', '--out', GENERATED]);

const INVENTORIES = [
  'examples/acme-clean.yaml',
  'examples/acme-failing.yaml',
  'examples/minimal.yaml',
  'test/fixtures/migration/inventory-0.1.yaml',
  'test/fixtures/first-contact/wording.yaml',
  GENERATED,
];

/** The parsed inventory, its vendors cut to the first five (each mutation copies the whole of it). */
function load(file: string): unknown {
  const data = parseText(readFileSync(file, 'utf8'), file).data as { vendors?: unknown[] };
  if (Array.isArray(data.vendors)) data.vendors = data.vendors.slice(0, 5);
  return data;
}

const quick = compileQuick(schemaDocument('inventory')) as QuickCheck;
const ajv = validator('inventory');
const ajvValid = (data: unknown): boolean => ajv(data) === true;

/** Replacement values that break one keyword or another. */
const VALUES: unknown[] = [
  null,
  0,
  -1,
  1.5,
  101,
  true,
  '',
  'x',
  'X',
  'US',
  'us',
  'aws',
  'personal',
  '2025-02-29',
  '2024-02-29',
  '2025-13-01',
  '2025-1-01',
  'not a date',
  '\u{1F600}',
  'a'.repeat(129),
  '\u{1F600}'.repeat(128),
  'Ab',
  [],
  ['x'],
  ['US', 'US'],
  [{}],
  {},
  { name: 'x', country: 'US' },
];

type Path = (string | number)[];

/** Every path to a value inside `data` (the root excluded). */
function paths(data: unknown, prefix: Path = [], out: Path[] = []): Path[] {
  if (Array.isArray(data)) {
    data.forEach((item, i) => {
      out.push([...prefix, i]);
      paths(item, [...prefix, i], out);
    });
  } else if (data !== null && typeof data === 'object') {
    for (const [key, value] of Object.entries(data)) {
      out.push([...prefix, key]);
      paths(value, [...prefix, key], out);
    }
  }
  return out;
}

function parentOf(root: unknown, path: Path): Record<string | number, unknown> {
  let at = root as Record<string | number, unknown>;
  for (const key of path.slice(0, -1)) at = at[key] as Record<string | number, unknown>;
  return at;
}

/** Copies of `data`, each with one change at one place. */
function* mutations(data: unknown): Generator<unknown> {
  const all = paths(data);
  for (const path of all) {
    const last = path[path.length - 1];
    for (const value of VALUES) {
      const copy = structuredClone(data);
      parentOf(copy, path)[last] = structuredClone(value);
      yield copy;
    }
    const copy = structuredClone(data);
    const parent = parentOf(copy, path);
    if (Array.isArray(parent)) {
      parent.push(structuredClone(parent[last as number])); // a repeated item
      yield copy;
      const emptied = structuredClone(data);
      (parentOf(emptied, path) as unknown as unknown[]).splice(last as number, 1);
      yield emptied;
    } else {
      delete parent[last]; // a missing key
      yield copy;
    }
  }
  // an unknown key in every object
  for (const path of [[], ...all]) {
    const copy = structuredClone(data);
    const target = path.length === 0 ? copy : parentOf(copy, path)[path[path.length - 1]];
    if (target !== null && typeof target === 'object' && !Array.isArray(target)) {
      (target as Record<string, unknown>).unknownKey = 'x';
      yield copy;
    }
  }
}

describe('the quick schema check', () => {
  it('compiles the inventory schema', () => {
    expect(quick).toBeTypeOf('function');
  });

  for (const file of INVENTORIES) {
    const name = file === GENERATED ? 'a generated 200-vendor inventory' : file;
    it(`says what ajv says on every one-change mutation of ${name}`, () => {
      const data = load(file);
      expect(quick(data)).toBe(ajvValid(data));
      let count = 0;
      let invalid = 0;
      for (const mutated of mutations(data)) {
        const expected = ajvValid(mutated);
        if (quick(mutated) !== expected) throw new Error(`differs from ajv (${expected}): ${JSON.stringify(mutated)}`);
        count++;
        if (!expected) invalid++;
      }
      expect(count).toBeGreaterThan(100);
      expect(invalid).toBeGreaterThan(count / 4);
    });
  }

  it('says what ajv says on generated inventories with random values put anywhere', async () => {
    const world: World = await loadWorld();
    const value = fc.oneof(fc.jsonValue({ maxDepth: 2 }), fc.constantFrom(...VALUES));
    fc.assert(
      fc.property(inventoryArb(world, { maxVendors: 4 }), fc.nat(), value, fc.boolean(), (inventory, pick, v, del) => {
        const data = JSON.parse(JSON.stringify(inventory)) as unknown;
        expect(quick(data)).toBe(ajvValid(data));
        const all = paths(data);
        if (all.length === 0) return;
        const path = all[pick % all.length];
        const parent = parentOf(data, path);
        if (del && !Array.isArray(parent)) delete parent[path[path.length - 1]];
        else parent[path[path.length - 1]] = v;
        expect(quick(data)).toBe(ajvValid(data));
      }),
      { numRuns: 400, seed: 13 },
    );
  });

  it("reads dates as ajv-formats' date does", () => {
    const reference = (
      require('ajv-formats/dist/formats') as { fullFormats: { date: { validate: (s: string) => boolean } } }
    ).fullFormats.date.validate;
    for (const year of ['0000', '1900', '2000', '2023', '2024', '2100', '2400', '9999'])
      for (let month = 0; month <= 13; month++)
        for (let day = 0; day <= 32; day++) {
          const s = `${year}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`;
          expect(isDate(s), s).toBe(reference(s));
        }
    for (const s of [
      '',
      '2024-01-1',
      '2024-01-011',
      '2024/01/01',
      '２０２４-01-01',
      '2024-0a-01',
      ' 2024-01-01',
      '2024-01-01\n',
    ])
      expect(isDate(s), s).toBe(reference(s));
    fc.assert(
      fc.property(fc.stringMatching(/^[0-9:/-]{8,12}$/), (s) => isDate(s) === reference(s)),
      { numRuns: 2000, seed: 7 },
    );
  });

  it('follows a definition that refers to itself, and checks additionalProperties and if/then/else', () => {
    const check = compileQuick({
      $ref: '#/$defs/node',
      $defs: {
        node: {
          type: 'object',
          properties: {
            child: { $ref: '#/$defs/node' },
            // biome-ignore lint/suspicious/noThenProperty: a JSON Schema keyword
            kind: { if: { type: 'string' }, then: { minLength: 2 }, else: { type: 'integer' } },
          },
          additionalProperties: { type: 'boolean' },
        },
      },
    }) as QuickCheck;
    expect(check({ child: { child: { kind: 'ab', x: true } } })).toBe(true);
    expect(check({ child: { child: { kind: 'a' } } })).toBe(false);
    expect(check({ child: { child: { kind: 1.5 } } })).toBe(false);
    expect(check({ child: { child: { kind: 3, x: 'no' } } })).toBe(false);
    expect(check({ child: [] })).toBe(false);
  });

  it('gives no check for a schema with keywords it does not know', () => {
    expect(compileQuick({ type: 'object', patternProperties: { '^x': { type: 'string' } } })).toBeUndefined();
    expect(compileQuick({ anyOf: [{ type: 'string' }] })).toBeUndefined();
    expect(compileQuick({ enum: [{ a: 1 }] })).toBeUndefined();
    expect(compileQuick({ properties: { toString: { type: 'string' } } })).toBeUndefined();
  });
});

describe('loadInventory with and without the quick check', () => {
  let world: World;
  beforeAll(async () => {
    world = await loadWorld();
  });
  afterEach(() => setQuickChecks(true));

  it('gives the same diagnostics on mutated inventories', () => {
    const data = load('examples/acme-failing.yaml');
    let n = 0;
    for (const mutated of mutations(data)) {
      if (n++ % 7 !== 0) continue; // a sample: each run validates twice and runs the semantic checks
      const text = JSON.stringify(mutated);
      setQuickChecks(true);
      const fast = loadInventory([parseText(text, 'inv.json')], world.catalog).diagnostics;
      setQuickChecks(false);
      const general = loadInventory([parseText(text, 'inv.json')], world.catalog).diagnostics;
      expect(fast).toEqual(general);
    }
    expect(n).toBeGreaterThan(500);
  });
});
