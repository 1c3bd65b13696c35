import { beforeAll, describe, expect, it } from 'vitest';
import { loadCatalog } from '../../../src/adapters/workspace.js';
import type { Catalog } from '../../../src/catalog/types.js';
import { buildRulePack } from '../../../src/engine/rules.js';
import { exampleDiagnostics, testRules, userRuleExampleDiagnostics } from '../../../src/engine/tester.js';
import { parseText } from '../../../src/parse/parse.js';
import { AS_OF } from '../../helpers.js';

const inventory = (provider: string, region: string) =>
  `{ apiVersion: residency/v1, kind: Inventory, organisation: { name: A }, vendors: [{ id: v, name: V, services: [{ id: s, provider: ${provider}, regions: [${region}] }] }] }`;

function rule(equals: string, passInventory = inventory('aws', 'us-east-1')): string {
  return `id: house
title: House hosting rule
severity: high
scope: service
when: { fact: service.hosting.adversary, equals: ${equals} }
message: "{{service.name}}"
rationale: Why it matters.
remediation: What to do.
references: [{ title: House policy }]
regimes: []
examples:
  pass:
    - inventory: ${passInventory}
  fail:
    - name: hosted in China
      inventory: ${inventory('alibaba-cloud', 'cn-hangzhou')}
`;
}

let catalog: Catalog;
beforeAll(async () => {
  catalog = (await loadCatalog()).catalog;
});

function pack(text: string, bundled = false) {
  return buildRulePack([{ doc: parseText(text, 'my/house.yaml'), bundled }], { version: 't' });
}

describe('rule tester', () => {
  it('passes a rule whose examples hold', () => {
    const results = testRules(pack(rule('true')), { catalog, asOf: AS_OF });
    expect(results.map((r) => [r.expect, r.ok, r.outcome?.fail])).toEqual([
      ['pass', true, 0],
      ['fail', true, 1],
    ]);
  });

  it('reports a fail example the rule does not fail, located at the example', () => {
    const [pass, fail] = testRules(pack(rule('"yes"')), { catalog, asOf: AS_OF });
    expect(pass.ok).toBe(true);
    expect(fail).toMatchObject({
      ok: false,
      name: 'hosted in China',
      pointer: '/examples/fail/0',
      line: 15,
      column: 7,
    });
    expect(fail.problem).toContain('did not fail on any target');
    const [diagnostic] = exampleDiagnostics([pass, fail]);
    expect(diagnostic).toMatchObject({ code: 'E_RULE_EXAMPLE', file: 'my/house.yaml', line: 15, column: 7 });
    expect(diagnostic.message).toContain("fail example 'hosted in China'");
  });

  it('reports a pass example the rule fails, with the failing target', () => {
    const [pass] = testRules(pack(rule('true', inventory('alibaba-cloud', 'cn-hangzhou'))), { catalog, asOf: AS_OF });
    expect(pass.ok).toBe(false);
    expect(pass.problem).toContain('failed on 1 target(s), first v/s');
  });

  it('an example that is not a valid inventory fails with errors located in the rule file', () => {
    const text = rule('true', '{ apiVersion: residency/v1, kind: Inventory, organisation: { name: A }, vendorz: [] }');
    const [pass] = testRules(pack(text), { catalog, asOf: AS_OF });
    expect(pass.ok).toBe(false);
    expect(pass.diagnostics.length).toBeGreaterThan(0);
    expect(pass.diagnostics[0]).toMatchObject({ file: 'my/house.yaml', line: 13 });
  });

  it('validate/check run only the user rules: bundled rules are tested by the test suite', () => {
    expect(userRuleExampleDiagnostics(pack(rule('"yes"'), true), { catalog, asOf: AS_OF })).toEqual([]);
    expect(userRuleExampleDiagnostics(pack(rule('"yes"')), { catalog, asOf: AS_OF })).toHaveLength(1);
  });
});
