import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { loadCatalog } from '../src/adapters/workspace.js';
import type { Catalog } from '../src/catalog/types.js';
import { buildRulePack } from '../src/engine/rules.js';
import type { RuleDefinition, RuleExample } from '../src/engine/types.js';
import { parseText } from '../src/parse/parse.js';
import { runCheck } from '../src/pipeline.js';
import { validate } from '../src/schema/schemas.js';
import { AS_OF, ROOT } from './helpers.js';

const RULES_DIR = path.join(ROOT, 'rules');
const files = readdirSync(RULES_DIR).filter((f) => f.endsWith('.yaml'));

let catalog: Catalog;
beforeAll(async () => {
  catalog = (await loadCatalog()).catalog;
});

function outcomeOf(file: string, example: RuleExample) {
  const text = readFileSync(path.join(RULES_DIR, file), 'utf8');
  const ruleDoc = parseText(text, `rules/${file}`);
  const pack = buildRulePack([{ doc: ruleDoc, bundled: true }], { version: 'test' });
  const doc = parseText(JSON.stringify(example.inventory), 'example.json');
  const report = runCheck({
    tool: { name: 'residency', version: 'test' },
    docs: [doc],
    catalog,
    pack,
    asOf: example.asOf ?? AS_OF,
    failOn: 'high',
    minScore: 0,
    configuration: {},
    identity: example.aws,
  });
  return report.outcomes[0];
}

describe('default rule pack', () => {
  it('has the rules the issue asks for', () => {
    const ids = files.map((f) => f.replace(/\.yaml$/, ''));
    for (const id of [
      'adversary-hosted-data',
      'adversary-controlled-provider',
      'personal-data-adversary-provider',
      'intellectual-property-adversary-provider',
      'bulk-sensitive-data-threshold',
      'government-related-data-adversary',
      'privileged-access-adversary-provider',
      'critical-dependency-without-exit-plan',
      'no-regulatory-termination-clause',
      'adversary-owned-vendor',
      'restricted-list-entity',
      'provider-held-keys',
      'transitive-adversary-exposure',
      'unknown-hosting-location',
      'unknown-ownership',
      'assessment-overdue',
    ]) {
      expect(ids).toContain(id);
    }
  });

  for (const file of files) {
    const definition = parseText(readFileSync(path.join(RULES_DIR, file), 'utf8'), file).data as RuleDefinition;
    describe(definition.id, () => {
      it('is valid and cites its sources', () => {
        expect(validate('rule', definition)).toEqual([]);
        expect(definition.references.length).toBeGreaterThan(0);
      });
      definition.examples.pass.forEach((example, i) => {
        it(`passes example ${example.name ?? i}`, () => {
          expect(validate('inventory', example.inventory)).toEqual([]);
          const outcome = outcomeOf(file, example);
          expect(outcome.fail).toBe(0);
          expect(outcome.error).toBe(0);
        });
      });
      definition.examples.fail.forEach((example, i) => {
        it(`fails example ${example.name ?? i}`, () => {
          expect(validate('inventory', example.inventory)).toEqual([]);
          const outcome = outcomeOf(file, example);
          expect(outcome.fail).toBeGreaterThan(0);
          expect(outcome.error).toBe(0);
        });
      });
    });
  }
});
