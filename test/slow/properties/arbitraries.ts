/**
 * Generators shared by the property tests (test/slow/properties) and the long fuzz run (test/fuzz).
 * Valid inventories are built from the real catalogue's provider and region ids, so most of them
 * get past validation and exercise enrichment, the rules, scoring and every formatter.
 */
import fc from 'fast-check';
import { ResidencyError } from '../../../src/model/errors.js';
import { DATA_CATEGORIES } from '../../../src/model/types.js';
import { parseText } from '../../../src/parse/parse.js';
import { FORMATS, formatterFor } from '../../../src/report/formatters/index.js';
import type { Report } from '../../../src/report/types.js';
import { bundledWorld, type World as CheckWorld, checkDocs } from '../../unit/run-check.js';

export const AS_OF = '2026-11-28';

/** Strings that have broken other tools: markup, CDATA ends, ANSI, bidi overrides, control chars. */
export const HOSTILE_STRINGS = [
  '<script>alert(1)</script>',
  '"]]><x>',
  '\u001b[2J\u001b[31mred',
  '\u001b]0;title\u0007',
  'line1\nline2\r\nline3',
  '\u202eevil\u202c',
  '=cmd|" /C calc"!A0',
  '@SUM(1+1)',
  `$${'{'}jndi:ldap://x}`,
  '| table | cell |',
  '`code` **bold** [link](javascript:alert(1))',
  '\u0000\u0007\u007f\u009b',
  '__proto__',
  'constructor',
  '&amp; &lt; &#0;',
  "' OR 1=1 --",
];

export const hostileString = fc.oneof(
  fc.constantFrom(...HOSTILE_STRINGS),
  fc.string({ minLength: 1, maxLength: 30 }),
  fc.string({ unit: 'binary', minLength: 1, maxLength: 20 }),
);

const kebab = fc
  .array(fc.stringMatching(/^[a-z0-9]{1,6}$/), { minLength: 1, maxLength: 3 })
  .map((parts) => parts.join('-'));

const CATEGORIES = DATA_CATEGORIES;

export interface World extends CheckWorld {
  /** provider id → region ids (from the catalogue). */
  regions: Map<string, string[]>;
}

let world: Promise<World> | undefined;

export function loadWorld(): Promise<World> {
  world ??= (async () => {
    const { catalog, pack } = await bundledWorld();
    const regions = new Map<string, string[]>();
    for (const [id, index] of catalog.regionIndex) regions.set(id, [...index.keys()].sort());
    for (const id of catalog.providers.keys()) if (!regions.has(id)) regions.set(id, []);
    return { catalog, pack, regions };
  })();
  return world;
}

const country = fc.constantFrom('US', 'CN', 'HK', 'RU', 'IR', 'KP', 'DE', 'SG', 'GB', 'JP', 'VE', 'CU', 'IE');
const date = fc
  .date({ min: new Date('2015-01-01T00:00:00Z'), max: new Date('2030-12-31T00:00:00Z'), noInvalidDate: true })
  .map((d) => d.toISOString().slice(0, 10));

/** A schema-valid inventory (names and descriptions hostile), built from catalogue ids. */
export function inventoryArb(w: World, options: { maxVendors?: number } = {}) {
  const providers = [...w.regions.keys()].sort();
  const service = fc.constantFrom(...providers).chain((provider) => {
    const regionIds = w.regions.get(provider) ?? [];
    return fc.record(
      {
        id: kebab,
        name: hostileString,
        description: hostileString,
        provider: fc.constant(provider),
        regions:
          regionIds.length > 0 ? fc.uniqueArray(fc.constantFrom(...regionIds), { maxLength: 3 }) : fc.constant([]),
        countries: fc.uniqueArray(country, { maxLength: 2 }),
        access: fc.constantFrom('none', 'limited', 'privileged'),
        data: fc.array(
          fc.record(
            {
              category: fc.constantFrom(...CATEGORIES),
              usPersons: fc.nat({ max: 10_000_000 }),
              description: hostileString,
              governmentLinked: fc.boolean(),
              encryption: fc.record({
                atRest: fc.boolean(),
                keys: fc.constantFrom('customer', 'provider', 'none'),
              }),
            },
            { requiredKeys: ['category'] },
          ),
          { maxLength: 2 },
        ),
      },
      { requiredKeys: ['id', 'provider'] },
    );
  });
  const vendor = fc.record(
    {
      id: kebab,
      name: hostileString,
      description: hostileString,
      country,
      criticality: fc.constantFrom('critical', 'high', 'medium', 'low'),
      lastAssessed: date,
      ownership: fc.array(fc.record({ entity: hostileString, country, percent: fc.integer({ min: 1, max: 100 }) }), {
        maxLength: 2,
      }),
      contract: fc.record({ regulatoryTermination: fc.boolean(), ends: date }, { requiredKeys: [] }),
      services: fc.uniqueArray(service, { selector: (s) => s.id, maxLength: 3 }),
    },
    { requiredKeys: ['id', 'name'] },
  );
  return fc.record({
    apiVersion: fc.constant('residency/v1'),
    kind: fc.constant('Inventory'),
    organisation: fc.record({ name: hostileString }),
    vendors: fc.uniqueArray(vendor, { selector: (v) => v.id, maxLength: options.maxVendors ?? 5 }),
  });
}

/** Arbitrary JSON values, sometimes dressed as an inventory, with prototype-named keys mixed in. */
export const junkDocument = fc.oneof(
  fc.jsonValue(),
  fc.record({
    apiVersion: fc.oneof(fc.constant('residency/v1'), fc.jsonValue()),
    kind: fc.oneof(fc.constant('Inventory'), fc.jsonValue()),
    organisation: fc.oneof(fc.record({ name: hostileString }), fc.jsonValue()),
    vendors: fc.oneof(
      fc.array(
        fc.dictionary(
          fc.constantFrom('id', 'name', 'services', '__proto__', 'constructor', 'prototype', 'x'),
          fc.jsonValue(),
        ),
      ),
      fc.jsonValue(),
    ),
  }),
);

/** Run the whole pure pipeline on a text document. Anything but a ResidencyError is re-thrown. */
export function checkText(w: World, text: string, file = 'inventory.json'): Report | ResidencyError {
  try {
    const doc = parseText(text, file);
    return checkDocs(w, [doc]);
  } catch (error) {
    if (error instanceof ResidencyError) return error;
    throw error;
  }
}

/** Every registered formatter, loaded once. */
export async function allFormatters(): Promise<[string, (r: Report) => string][]> {
  const out: [string, (r: Report) => string][] = [];
  for (const format of FORMATS) {
    const f = await formatterFor(format);
    out.push([format, (r) => f(r, { color: false, width: 100 })]);
  }
  return out;
}
