import { readdirSync } from 'node:fs';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { loadCatalog, loadRulePack } from '../../../src/adapters/workspace.js';
import type { RulePack } from '../../../src/engine/rules.js';
import { type ExampleResult, testRules } from '../../../src/engine/tester.js';
import { AS_OF, ROOT } from '../../helpers.js';

const RULES_DIR = path.join(ROOT, 'rules');
const files = readdirSync(RULES_DIR).filter((f) => f.endsWith('.yaml'));

let pack: RulePack;
let results: ExampleResult[];
beforeAll(async () => {
  const { catalog } = await loadCatalog();
  pack = await loadRulePack();
  // the same tester as `residency rules test` and `validate --rules`
  results = testRules(pack, { catalog, asOf: AS_OF });
});

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

  it('loads every rule file, and every rule cites its sources and has pass and fail examples', () => {
    expect(pack.rules.map((r) => path.basename(r.file)).sort()).toEqual([...files].sort());
    for (const { definition } of pack.rules) {
      expect(definition.references.length, definition.id).toBeGreaterThan(0);
      expect(definition.examples.pass.length, definition.id).toBeGreaterThan(0);
      expect(definition.examples.fail.length, definition.id).toBeGreaterThan(0);
    }
  });

  for (const file of files) {
    const id = file.replace(/\.yaml$/, '');
    it(`${id}: every pass example passes and every fail example fails`, () => {
      const mine = results.filter((r) => r.ruleId === id);
      expect(mine.length).toBeGreaterThan(1);
      expect(mine.filter((r) => r.expect === 'fail').every((r) => (r.outcome?.fail ?? 0) > 0)).toBe(true);
      expect(mine.filter((r) => !r.ok).map((r) => `${r.pointer}: ${r.problem}`)).toEqual([]);
    });
  }
});
