/**
 * The fact registry cannot drift from the enrichment: every fact of every fact set that evaluation builds for
 * the sample inventories (every rule example, every example inventory and the extra samples below) is in the
 * registry with its type, and every registry entry is produced by some sample. When you add a fact, add its
 * registry entry in src/enrich/registry.ts (and a sample here if no example produces it).
 */
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { loadCatalog } from '../../../src/adapters/workspace.js';
import type { Catalog } from '../../../src/catalog/types.js';
import type { RuleDefinition, RuleExample } from '../../../src/engine/types.js';
import { awsFacts } from '../../../src/enrich/aws.js';
import { enrich } from '../../../src/enrich/enrich.js';
import { FACTS, withFactsTable } from '../../../src/enrich/registry.js';
import { DECLARED_FACTS } from '../../../src/enrich/shared.js';
import { loadInventory } from '../../../src/inventory/validate.js';
import { parseText } from '../../../src/parse/parse.js';
import { AS_OF, ROOT } from '../../helpers.js';

/** Facts that no rule example or example inventory happens to produce. */
const EXTRA_SAMPLES: RuleExample[] = [
  {
    inventory: {
      apiVersion: 'residency/v1',
      kind: 'Inventory',
      organisation: { name: 'Sample', awsAccounts: ['111122223333'] },
      vendors: [
        {
          id: 'devices-vendor',
          name: 'Devices vendor',
          services: [
            {
              id: 'telemetry',
              provider: 'aws',
              regions: ['us-east-1'],
              data: [{ category: 'precise-geolocation', devices: 250000 }],
            },
          ],
        },
      ],
    },
    aws: { account: '111122223333', arn: 'arn:aws:iam::111122223333:user/a', partition: 'aws' },
  },
];

function samples(): RuleExample[] {
  const out: RuleExample[] = [...EXTRA_SAMPLES];
  const rulesDir = path.join(ROOT, 'rules');
  for (const file of readdirSync(rulesDir)
    .filter((f) => f.endsWith('.yaml'))
    .sort()) {
    const rule = parseText(readFileSync(path.join(rulesDir, file), 'utf8'), file).data as RuleDefinition;
    out.push(...rule.examples.pass, ...rule.examples.fail);
  }
  const examplesDir = path.join(ROOT, 'examples');
  for (const file of readdirSync(examplesDir)
    .filter((f) => /\.ya?ml$/.test(f))
    .sort()) {
    const data = parseText(readFileSync(path.join(examplesDir, file), 'utf8'), file).data as RuleExample['inventory'];
    if (data && typeof data === 'object' && 'vendors' in data) out.push({ inventory: data });
  }
  return out;
}

function kindOf(value: unknown): string {
  return value === null ? 'null' : Array.isArray(value) ? 'array' : typeof value;
}

/** `string?` → string, `ChainLink[]` → array, `object?` → object, `tri` → boolean or string (`unknown`). */
function kindsOfType(type: string): string[] {
  const t = type.replace(/\?$/, '');
  return t.endsWith('[]') ? ['array'] : t === 'tri' ? ['boolean', 'string'] : [t];
}

/** path → kinds seen, over every fact set built for the samples (as evaluate builds them). */
function observedFacts(catalog: Catalog): Map<string, Set<string>> {
  const seen = new Map<string, Set<string>>();
  const walk = (value: unknown, at: string): void => {
    if (value === undefined) return;
    const kind = kindOf(value);
    const kinds = seen.get(at) ?? new Set<string>();
    kinds.add(kind);
    seen.set(at, kinds);
    if (kind === 'object') {
      // own keys and the facts a class computes on read (declared on its prototype)
      const names = [
        ...Object.keys(value as object),
        ...((value as { [DECLARED_FACTS]?: Set<string> })[DECLARED_FACTS] ?? []),
      ];
      for (const k of names) walk((value as Record<string, unknown>)[k], `${at}.${k}`);
    }
  };
  for (const example of samples()) {
    const loaded = loadInventory([parseText(JSON.stringify(example.inventory), 'sample.json')], catalog);
    expect(loaded.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
    const enriched = enrich(loaded.inventory, catalog, {
      asOf: example.asOf ?? AS_OF,
      aws: awsFacts(example.aws, loaded.inventory.organisation.awsAccounts ?? []),
    });
    walk(enriched.asOf, 'asOf');
    walk(enriched.organisation, 'organisation');
    for (const vendor of enriched.vendors) {
      walk(vendor.facts, 'vendor');
      for (const service of vendor.services) {
        walk(service.facts, 'service');
        for (const data of service.data) walk(data, 'data');
      }
    }
  }
  return seen;
}

let catalog: Catalog;
beforeAll(async () => {
  catalog = (await loadCatalog()).catalog;
});

describe('fact registry', () => {
  it('lists every fact the enrichment produces, with its type, and nothing else', () => {
    const observed = observedFacts(catalog);
    const missing = [...observed.keys()].filter((p) => !Object.hasOwn(FACTS, p)).sort();
    expect(missing, 'facts produced by the enrichment but missing from src/enrich/registry.ts').toEqual([]);
    const neverProduced = Object.keys(FACTS)
      .filter((p) => !observed.has(p))
      .sort();
    expect(neverProduced, 'registry entries no sample produces (a stale entry, or add a sample above)').toEqual([]);
    const wrongType = Object.entries(FACTS)
      .filter(([p, info]) => [...(observed.get(p) ?? [])].some((k) => !kindsOfType(info.type).includes(k)))
      .map(([p, info]) => `${p}: registry says ${info.type}, seen ${[...(observed.get(p) ?? [])].join('/')}`);
    expect(wrongType).toEqual([]);
  });

  it('describes every fact in one line', () => {
    for (const [p, info] of Object.entries(FACTS)) {
      expect(info.description.trim(), p).not.toBe('');
      expect(info.description, p).not.toContain('\n');
      expect(info.type, p).toMatch(/^(string|number|boolean|tri|object|[A-Za-z]+\[\])\??$/);
    }
  });

  it('docs/writing-rules.md has the current facts table (npm run docs:rules)', () => {
    const doc = readFileSync(path.join(ROOT, 'docs', 'writing-rules.md'), 'utf8');
    expect(doc).toBe(withFactsTable(doc));
  });
});
