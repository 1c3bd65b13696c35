import { beforeAll, describe, expect, it } from 'vitest';
import { type CompiledRule, compileRule } from '../../../src/engine/compile.js';
import { evaluate } from '../../../src/engine/evaluate.js';
import type { RuleDefinition } from '../../../src/engine/types.js';
import type { EnrichedInventory } from '../../../src/enrich/types.js';
import { enrichedText } from '../run-check.js';

/**
 * Each rule's status on each target, as `evaluate` counts and records them: not applicable, pass, fail, or error when
 * the rule's test, message or finding throws (that rule only, on that target; the other rules and targets still run).
 */
const INVENTORY = `
apiVersion: residency/v1
kind: Inventory
organisation: { name: Status Org }
vendors:
  - id: v1
    name: One Inc
    country: US
    services:
      - { id: s1, provider: aws, regions: [us-east-1], data: [{ category: personal, usPersons: 10 }, { category: health, usPersons: 20 }] }
      - { id: s2, provider: aws, regions: [us-east-1] }
  - id: v2
    name: Two Inc
    country: GB
    services:
      - { id: s3, provider: aws, regions: [eu-west-2], data: [{ category: financial, usPersons: 30 }] }
`;

let enriched: EnrichedInventory;

beforeAll(async () => {
  enriched = await enrichedText(INVENTORY, 'status.yaml');
});

function rule(id: string, scope: RuleDefinition['scope'], fact: string, extra: Partial<RuleDefinition> = {}) {
  return compileRule(
    {
      id,
      title: id,
      severity: 'medium',
      scope,
      when: { fact, exists: true },
      message: `{{${fact}}} seen`,
      rationale: 'r',
      remediation: 'r',
      references: [],
      regimes: [],
      examples: { pass: [], fail: [] },
      ...extra,
    },
    'test.yaml',
  );
}

/** A rule that throws `what` in its test (or its message) on the targets `on` picks. */
function throwing(base: CompiledRule, on: (id: string) => boolean, where: 'fails' | 'message'): CompiledRule {
  const id = (facts: Parameters<CompiledRule['fails']>[0]): string =>
    String(
      (facts.data as { index?: number } | undefined)?.index ??
        (facts.service as { id?: string } | undefined)?.id ??
        (facts.vendor as { id?: string } | undefined)?.id ??
        'organisation',
    );
  if (where === 'fails')
    return {
      ...base,
      fails: (facts, day) => {
        if (on(id(facts))) throw new Error(`boom at ${id(facts)}`);
        return base.fails(facts, day);
      },
    };
  return {
    ...base,
    message: (facts) => {
      if (on(id(facts))) throw new Error(`no message at ${id(facts)}`);
      return base.message(facts);
    },
  };
}

describe('evaluate: statuses per rule and target', () => {
  it('counts and records not applicable, pass, fail and error for each rule, in the rules and targets order', () => {
    const rules = [
      rule('org-name', 'organisation', 'organisation.name'),
      rule('vendor-name', 'vendor', 'vendor.name', { appliesWhen: { fact: 'vendor.id', equals: 'v1' } }),
      throwing(rule('vendor-boom', 'vendor', 'vendor.name'), (id) => id === 'v2', 'fails'),
      rule('service-missing', 'service', 'service.nothing'),
      throwing(rule('service-message', 'service', 'service.id'), (id) => id === 's2', 'message'),
      rule('data-category', 'data', 'data.category', { appliesWhen: { fact: 'data.category', notEquals: 'health' } }),
      throwing(rule('data-boom', 'data', 'data.category'), (id) => id === '0', 'fails'),
    ];
    const { findings, outcomes } = evaluate(enriched, rules, { recordTargets: true });
    const byId = new Map(outcomes.map((o) => [o.ruleId, o]));
    const summary = (id: string) => {
      const { pass, fail, not_applicable, error } = byId.get(id) ?? {};
      return { pass, fail, not_applicable, error };
    };
    expect(summary('org-name')).toEqual({ pass: 0, fail: 1, not_applicable: 0, error: 0 });
    expect(summary('vendor-name')).toEqual({ pass: 0, fail: 1, not_applicable: 1, error: 0 });
    expect(summary('vendor-boom')).toEqual({ pass: 0, fail: 1, not_applicable: 0, error: 1 });
    expect(summary('service-missing')).toEqual({ pass: 3, fail: 0, not_applicable: 0, error: 0 });
    expect(summary('service-message')).toEqual({ pass: 0, fail: 2, not_applicable: 0, error: 1 });
    expect(summary('data-category')).toEqual({ pass: 0, fail: 2, not_applicable: 1, error: 0 });
    expect(summary('data-boom')).toEqual({ pass: 0, fail: 1, not_applicable: 0, error: 2 });

    expect(byId.get('vendor-boom')?.errors).toEqual(['rule vendor-boom failed on v2: boom at v2']);
    expect(byId.get('service-message')?.errors).toEqual(['rule service-message failed on v1/s2: no message at s2']);
    expect(byId.get('data-boom')?.errors).toEqual([
      'rule data-boom failed on v1/s1/data/0: boom at 0',
      'rule data-boom failed on v2/s3/data/0: boom at 0',
    ]);
    expect(byId.get('vendor-name')?.targets).toEqual([
      { target: 'v1', status: 'fail', message: 'One Inc seen' },
      { target: 'v2', status: 'not_applicable', message: undefined },
    ]);
    expect(byId.get('service-message')?.targets).toEqual([
      { target: 'v1/s1', status: 'fail', message: 's1 seen' },
      { target: 'v1/s2', status: 'error', message: 'rule service-message failed on v1/s2: no message at s2' },
      { target: 'v2/s3', status: 'fail', message: 's3 seen' },
    ]);
    expect(byId.get('data-category')?.targets?.map((t) => [t.target, t.status])).toEqual([
      ['v1/s1/data/0', 'fail'],
      ['v1/s1/data/1', 'not_applicable'],
      ['v2/s3/data/0', 'fail'],
    ]);
    // a finding for every fail, none for an error
    const counts = new Map<string, number>();
    for (const f of findings) counts.set(f.ruleId, (counts.get(f.ruleId) ?? 0) + 1);
    expect(Object.fromEntries(counts)).toEqual({
      'org-name': 1,
      'vendor-name': 1,
      'vendor-boom': 1,
      'service-message': 2,
      'data-category': 2,
      'data-boom': 1,
    });
  });

  it('evaluates with no rule of a scope, and with no rules at all', () => {
    expect(evaluate(enriched, []).findings).toEqual([]);
    const { outcomes } = evaluate(enriched, [rule('data-only', 'data', 'data.category')]);
    expect(outcomes).toEqual([{ ruleId: 'data-only', pass: 0, fail: 3, not_applicable: 0, error: 0 }]);
  });
});
