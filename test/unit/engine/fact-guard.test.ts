/**
 * Facts computed on read (issue 13): a target's facts are class instances whose prototype getters compute most
 * facts when a rule or the report reads them. Rules read a fact only when it is an own property or a getter its
 * class declares (`declareFacts`, `isFact`): the guard that kept rule paths away from inherited members
 * (`constructor`, `__proto__`, `toString`, `toJSON`) is as strong as when rules read own properties only.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import { loadCatalog } from '../../../src/adapters/workspace.js';
import type { Catalog } from '../../../src/catalog/types.js';
import { compileGetter } from '../../../src/engine/compile.js';
import { enrich } from '../../../src/enrich/enrich.js';
import { DECLARED_FACTS, declareFacts, isFact } from '../../../src/enrich/shared.js';
import type { EnrichedInventory, FactSet } from '../../../src/enrich/types.js';
import { loadInventory } from '../../../src/inventory/validate.js';
import { parseText } from '../../../src/parse/parse.js';
import { AS_OF, ROOT } from '../../helpers.js';

type Generate = { inventoryChunks: (opts: object) => Iterable<string> };

let catalog: Catalog;
let generate: Generate;

beforeAll(async () => {
  catalog = (await loadCatalog()).catalog;
  generate = (await import(path.join(ROOT, 'bench', 'generate.mjs') as string)) as Generate;
});

function enrichText(text: string): EnrichedInventory {
  const loaded = loadInventory([parseText(text, 'inventory.json')], catalog);
  expect(loaded.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
  return enrich(loaded.inventory, catalog, { asOf: AS_OF });
}

function generated(shape: string, seed: number, vendors: number): EnrichedInventory {
  return enrichText([...generate.inventoryChunks({ vendors, seed, shape, format: 'json' })].join(''));
}

/** Every fact set evaluation builds, as it builds them (vendor, service and data scope). */
function* factSets(e: EnrichedInventory): Generator<FactSet> {
  const { organisation, asOf } = e;
  for (const vendor of e.vendors) {
    yield { organisation, vendor: vendor.facts, asOf };
    for (const service of vendor.services) {
      yield { organisation, vendor: vendor.facts, asOf, service: service.facts };
      for (const data of service.data) yield { organisation, vendor: vendor.facts, asOf, service: service.facts, data };
    }
  }
}

/** The fact names of an object as rules see them: own keys and the facts its class computes on read. */
function factNames(value: object): string[] {
  return [...Object.keys(value), ...((value as { [DECLARED_FACTS]?: Set<string> })[DECLARED_FACTS] ?? [])];
}

/** Every object-valued fact path under `at` (`vendor`, `vendor.control`, `service.provider.dsp`, …) with its object. */
function* objectFacts(value: unknown, at: string): Generator<[string, object]> {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) return;
  yield [at, value];
  for (const name of factNames(value)) yield* objectFacts((value as Record<string, unknown>)[name], `${at}.${name}`);
}

const INHERITED = [
  'constructor',
  '__proto__',
  'toString',
  'toJSON',
  'valueOf',
  'hasOwnProperty',
  'isPrototypeOf',
  'propertyIsEnumerable',
  'toLocaleString',
  '__defineGetter__',
  '__lookupGetter__',
];

const acmeFailing = (): string =>
  JSON.stringify(parseText(readFileSync(path.join(ROOT, 'examples', 'acme-failing.yaml'), 'utf8'), 'a.yaml').data);

describe('the rules’ guard on fact paths', () => {
  it('refuses inherited members at every depth, on every kind of facts (class instances or plain objects)', () => {
    const e = enrichText(acmeFailing());
    let checked = 0;
    for (const facts of factSets(e)) {
      for (const root of ['vendor', 'service', 'data'] as const) {
        if (facts[root] === undefined) continue;
        for (const [at, object] of objectFacts(facts[root], root)) {
          for (const name of INHERITED) {
            // the member is there for JavaScript (an inherited method or accessor), never for a rule
            if (name !== 'toJSON') expect(name in object, `${at}.${name}`).toBe(true);
            expect(compileGetter(`${at}.${name}`)(facts), `${at}.${name}`).toBeUndefined();
            checked++;
          }
        }
      }
    }
    expect(checked).toBeGreaterThan(1000);
  });

  it('reads a key named like an inherited member when the facts hold it as their own', () => {
    const own = { vendor: { constructor: 'own', toString: 'text', __proto__: null } } as unknown as FactSet;
    expect(compileGetter('vendor.constructor')(own)).toBe('own');
    expect(compileGetter('vendor.toString')(own)).toBe('text');
    const data = JSON.parse('{"data":{"x":{"y":{"__proto__":{"z":1}}}}}') as FactSet;
    expect(compileGetter('data.x.y.__proto__')(data)).toEqual({ z: 1 });
    expect(compileGetter('data.x.y.__proto__.z')(data)).toBe(1);
  });

  it('declares only getters of the prototype itself, never a member of Object.prototype', () => {
    class Facts {
      get name(): string {
        return 'n';
      }
      method(): string {
        return 'm';
      }
    }
    class Sub extends Facts {}
    const keys = ['name', 'method', 'missing', 'constructor', '__proto__'];
    expect(() => declareFacts(Facts.prototype, keys, ['method'])).toThrow(/not a getter/);
    expect(() => declareFacts(Facts.prototype, keys, ['missing'])).toThrow(/not a getter/);
    expect(() => declareFacts(Sub.prototype, keys, ['name'])).toThrow(/not a getter/);
    expect(() => declareFacts(Facts.prototype, keys, ['constructor'])).toThrow(/not a getter/);
    expect(() => declareFacts(Facts.prototype, keys, ['__proto__'])).toThrow(/not a getter/);
    expect(() => declareFacts(Facts.prototype, ['other'], ['name'])).toThrow(/among the keys/);
    declareFacts(Facts.prototype, ['name'], ['name']);
    const facts = new Facts();
    expect(isFact(facts, 'name')).toBe(true);
    expect(isFact(facts, 'method')).toBe(false);
    expect(isFact(facts, 'constructor')).toBe(false);
    expect(compileGetter('vendor.name')({ vendor: facts } as unknown as FactSet)).toBe('n');
    expect(compileGetter('vendor.method')({ vendor: facts } as unknown as FactSet)).toBeUndefined();
    expect(compileGetter('vendor.toJSON')({ vendor: facts } as unknown as FactSet)).toBeUndefined();
    expect(JSON.stringify(facts)).toBe('{"name":"n"}');
  });
});

describe('compiled getters', () => {
  /** The rules' guard step by step, as `isFact` states it: the reference a compiled getter must answer like. */
  function reference(path: string, facts: unknown): unknown {
    let node = facts;
    for (const part of path.split('.')) {
      if (node === null || node === undefined || typeof node !== 'object') return undefined;
      if (!isFact(node, part)) return undefined;
      node = (node as Record<string, unknown>)[part];
    }
    return node;
  }

  it('answer like isFact step by step, for any path over every kind of facts (random paths, names and depths)', () => {
    const e = enrichText(acmeFailing());
    const sets = [...factSets(e)];
    // the names a path may meet: every fact name of every object, inherited members, and nonsense
    const names = new Set<string>([...INHERITED, 'prototype', '', '0', 'length', 'x', '"', "'\\", '\u2028']);
    for (const facts of sets)
      for (const root of ['organisation', 'vendor', 'service', 'data'] as const) {
        names.add(root);
        const value = facts[root];
        if (value !== undefined)
          for (const [, object] of objectFacts(value, root)) for (const n of factNames(object)) names.add(n);
      }
    const pool = [...names];
    const plain = JSON.parse('{"data":{"__proto__":{"z":1},"x":[1,{"y":2}]},"constructor":"own"}') as unknown;
    fc.assert(
      fc.property(
        fc.array(fc.constantFrom(...pool), { minLength: 1, maxLength: 5 }),
        fc.integer({ min: 0, max: sets.length }),
        (parts, at) => {
          const path = parts.join('.');
          const facts = at === sets.length ? plain : sets[at];
          expect(compileGetter(path)(facts as FactSet)).toStrictEqual(reference(path, facts));
        },
      ),
      { numRuns: 3000 },
    );
  });

  it('are one per path, whatever rule asks for it', () => {
    expect(compileGetter('vendor.name')).toBe(compileGetter('vendor.name'));
    expect(compileGetter('vendor.name')).not.toBe(compileGetter('service.name'));
  });
});

describe('facts computed on read', () => {
  it('every fact of every kind reads the same through a rule’s path, directly and in the JSON a message quotes', () => {
    const e = enrichText(acmeFailing());
    const names = new Set<string>();
    for (const facts of factSets(e)) {
      for (const root of ['vendor', 'service', 'data'] as const) {
        if (facts[root] === undefined) continue;
        for (const [at, object] of objectFacts(facts[root], root)) {
          const json = JSON.parse(JSON.stringify(object)) as Record<string, unknown>;
          // the JSON has the facts rules read (those with a value), nothing else
          expect(Object.keys(json).sort(), at).toEqual(
            factNames(object)
              .filter((n) => (object as Record<string, unknown>)[n] !== undefined)
              .sort(),
          );
          for (const name of factNames(object)) {
            const value = (object as Record<string, unknown>)[name];
            // the same value (a list computed on read is a new list with the same items)
            expect(compileGetter(`${at}.${name}`)(facts), `${at}.${name}`).toStrictEqual(value);
            expect(JSON.stringify(json[name]), `${at}.${name}`).toBe(JSON.stringify(value));
            names.add(`${root}:${name}`);
          }
        }
      }
    }
    // computed on read: the data sets' and services' own facts
    for (const name of ['data:amount', 'data:category', 'data:cisa', 'service:name', 'service:counterparties'])
      expect(names).toContain(name);
  });

  it('do not depend on the order they are read in (random generated inventories, every fact of every target)', () => {
    const shapes = ['pretty', 'owners', 'chains', 'bulk'];
    fc.assert(
      fc.property(
        fc.constantFrom(...shapes),
        fc.integer({ min: 1, max: 10_000 }),
        fc.integer({ min: 0, max: 2 ** 31 - 1 }),
        (shape, seed, order) => {
          // in inventory order, the first read of each fact
          const inOrder = everyFact(generated(shape, seed, 25), (list) => list);
          // read from a second enrichment in a random order of targets, some read twice
          const shuffled = everyFact(generated(shape, seed, 25), (list) => shuffle(list, order));
          expect(shuffled).toEqual(inOrder);
        },
      ),
      { numRuns: 6 },
    );
  });
});

/** The JSON of every target's facts by target, read in the order `arrange` puts the targets. */
function everyFact(
  e: EnrichedInventory,
  arrange: (list: [string, object][]) => [string, object][],
): Map<string, string> {
  const targets: [string, object][] = [];
  e.vendors.forEach((v, i) => {
    targets.push([`v${i}`, v.facts]);
    v.services.forEach((s, j) => {
      targets.push([`v${i}s${j}`, s.facts]);
      s.data.forEach((d, k) => {
        targets.push([`v${i}s${j}d${k}`, d]);
      });
    });
  });
  const out = new Map<string, string>();
  for (const [key, facts] of arrange(targets)) {
    const json = JSON.stringify(facts);
    // a second read gives the same facts
    expect(JSON.stringify(facts)).toBe(json);
    out.set(key, json);
  }
  return new Map([...out].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
}

/** A permutation of `list` from `seed` (deterministic). */
function shuffle<T>(list: T[], seed: number): T[] {
  const out = list.slice();
  let s = seed || 1;
  for (let i = out.length - 1; i > 0; i--) {
    s = (s * 1103515245 + 12345) % 2 ** 31;
    const j = s % (i + 1);
    [out[i], out[j]] = [out[j], out[i]];
  }
  return out;
}
