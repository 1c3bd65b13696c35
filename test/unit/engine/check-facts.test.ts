import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadRulePack } from '../../../src/adapters/workspace.js';
import { buildRulePack } from '../../../src/engine/rules.js';
import { isResidencyError } from '../../../src/model/errors.js';
import type { Diagnostic } from '../../../src/model/types.js';
import { parseText } from '../../../src/parse/parse.js';
import { ROOT } from '../../helpers.js';

const EXAMPLE = `
    - inventory:
        apiVersion: residency/v1
        kind: Inventory
        organisation: { name: A }
        vendors: []`;

function rule(id: string, body: string): string {
  return `id: ${id}
title: A test rule
severity: high
${body}
rationale: Why it matters.
remediation: What to do.
references: [{ title: House policy }]
regimes: [us-dsp]
examples:
  pass:${EXAMPLE}
  fail:${EXAMPLE}
`;
}

function loadErrors(text: string, file: string): Diagnostic[] {
  try {
    buildRulePack([{ doc: parseText(text, file), bundled: false }], { version: 'test' });
  } catch (error) {
    if (isResidencyError(error)) return error.diagnostics.filter((d) => d.severity === 'error');
    throw error;
  }
  return [];
}

describe('rule fact paths are checked when the rule loads', () => {
  it('a typo in a condition is a located error with a suggestion', () => {
    const text = rule('typo', 'scope: service\nwhen:\n  fact: service.hostng.adversary\n  equals: true\nmessage: m');
    const [error, ...rest] = loadErrors(text, 'my-rules/typo.yaml');
    expect(rest).toEqual([]);
    expect(error).toMatchObject({
      code: 'E_RULE_FACT',
      file: 'my-rules/typo.yaml',
      line: 6,
      column: 9,
      pointer: '/when/fact',
    });
    expect(error.message).toContain("'service.hostng.adversary'");
    expect(error.hint).toContain("Did you mean 'service.hosting.adversary'?");
  });

  it('checks nested conditions, appliesWhen, evidence, regimesFrom and message placeholders', () => {
    const text = rule(
      'many',
      `scope: service
appliesWhen: { fact: data.sensitive, equals: true }
when:
  all:
    - { fact: service.hosting.adversary, equals: true }
    - not: { any: [{ fact: vendor.contract.regulatoryTerminaton, equals: true }] }
message: "{{vendor.nme}} on {{service.provider.name}}"
evidence: [service.control.evidence, service.controll.evidence]
regimesFrom: service.hosting.adversary`,
    );
    const errors = loadErrors(text, 'many.yaml');
    expect(errors.map((e) => e.pointer)).toEqual([
      '/appliesWhen/fact',
      '/when/all/1/not/any/0/fact',
      '/evidence/1',
      '/regimesFrom',
      '/message',
    ]);
    expect(errors[0].message).toContain("has no value in a rule of scope 'service'");
    expect(errors[1].hint).toContain("'vendor.contract.regulatoryTermination'");
    expect(errors[2].hint).toContain("'service.control.evidence'");
    expect(errors[3].message).toContain('not a list of regimes');
    expect(errors[4].hint).toContain("'vendor.name'");
    for (const e of errors) expect(e.line).toBeGreaterThan(1);
  });

  it('an organisation rule cannot read vendor facts', () => {
    const text = rule('org', 'scope: organisation\nwhen: { fact: vendor.coveredPerson, equals: true }\nmessage: m');
    const errors = loadErrors(text, 'org.yaml');
    expect(errors).toHaveLength(1);
    expect(errors[0].message).toContain("'vendor.coveredPerson' has no value in a rule of scope 'organisation'");
  });

  it('the bundled rules read only registered facts', async () => {
    const pack = await loadRulePack();
    expect(pack.rules.length).toBeGreaterThan(10);
    expect(pack.diagnostics.filter((d) => d.code === 'E_RULE_FACT')).toEqual([]);
  });

  it('the writing-rules example rule loads', () => {
    const doc = readFileSync(path.join(ROOT, 'docs', 'writing-rules.md'), 'utf8');
    const yaml = doc.slice(doc.indexOf('```yaml\n') + 8, doc.indexOf('```', doc.indexOf('```yaml\n') + 8));
    const definition = parseText(yaml, 'no-tencent-for-pii.yaml').data as Record<string, unknown>;
    definition.examples = parseText(`pass:${EXAMPLE}\nfail:${EXAMPLE}`, 'x.yaml').data;
    expect(loadErrors(JSON.stringify(definition), 'no-tencent-for-pii.json')).toEqual([]);
  });
});
