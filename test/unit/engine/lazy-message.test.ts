import { beforeAll, describe, expect, it } from 'vitest';
import { type CompiledRule, compileRule } from '../../../src/engine/compile.js';
import { evaluate, restateFinding } from '../../../src/engine/evaluate.js';
import type { Finding, RuleDefinition } from '../../../src/engine/types.js';
import type { EnrichedInventory, FactSet } from '../../../src/enrich/types.js';
import { parseText } from '../../../src/parse/parse.js';
import { ENGINE_FINDING_KEYS } from '../../../src/report/compact.js';
import { applyBaseline, parseBaseline } from '../../../src/triage/baseline.js';
import { applyWaivers, parseWaivers } from '../../../src/triage/waivers.js';
import { AS_OF } from '../../helpers.js';
import { enrichedText } from '../run-check.js';

/**
 * A finding `evaluate` makes does not hold its message: it makes it again from its rule's template and its target's
 * facts when it is read (docs/performance-history.md, "Pass 21"). These tests check that it still reads, copies, serialises and
 * compares as the plain finding it was, that each message comes from its own target's facts (evaluation reuses one
 * fact set per scope), and that a baseline or a waiver keeps it so.
 */
const INVENTORY = `
apiVersion: residency/v1
kind: Inventory
organisation: { name: Lazy Org }
vendors:
  - id: v1
    name: One Inc
    country: US
    services:
      - { id: s1, name: One Store, provider: aws, regions: [us-east-1], data: [{ category: personal, usPersons: 10 }, { category: health, usPersons: 20 }] }
  - id: v2
    name: Two Inc
    country: GB
    services:
      - { id: s2, name: Two Store, provider: aws, regions: [eu-west-2], data: [{ category: financial, usPersons: 30 }] }
`;

let enriched: EnrichedInventory;

beforeAll(async () => {
  enriched = await enrichedText(INVENTORY, 'lazy.yaml');
});

/** A fact every target of the scope has: each rule fails on every target. */
const WHEN: Record<RuleDefinition['scope'], string> = {
  organisation: 'organisation.name',
  vendor: 'vendor.id',
  service: 'service.id',
  data: 'data.category',
};

function rule(id: string, scope: RuleDefinition['scope'], message: string): CompiledRule {
  return compileRule(
    {
      id,
      title: id,
      severity: 'medium',
      scope,
      when: { fact: WHEN[scope], exists: true },
      message,
      rationale: 'r',
      remediation: 'r',
      references: [],
      regimes: [],
      examples: { pass: [], fail: [] },
    },
    'test.yaml',
  );
}

/** `base` with its template's calls counted in `calls.n`. */
function counted(base: CompiledRule, calls: { n: number }): CompiledRule {
  return {
    ...base,
    message: (facts: FactSet) => {
      calls.n++;
      return base.message(facts);
    },
  };
}

const RULES = () => [
  rule('org', 'organisation', 'Organisation {{organisation.name}}.'),
  rule('vendor', 'vendor', '{{vendor.name}} ({{vendor.id}}) is a vendor.'),
  rule('service', 'service', '{{service.name}} of {{vendor.name}}.'),
  rule('data', 'data', '{{data.category}} data in {{service.name}} of {{vendor.name}}.'),
];

/** A finding as plain data, its message read once. */
const plain = (f: Finding): Finding => ({ ...f });

describe('a finding made by evaluate: its message is made when it is read', () => {
  it('reads, copies and serialises as plain data, its keys in their order', () => {
    const { findings } = evaluate(enriched, RULES());
    expect(findings.length).toBe(1 + 2 + 2 + 3);
    for (const f of findings) {
      expect(Object.keys(f)).toEqual(ENGINE_FINDING_KEYS);
      const copy = plain(f);
      expect(Object.keys(copy)).toEqual(ENGINE_FINDING_KEYS);
      expect(typeof copy.message).toBe('string');
      expect(JSON.stringify(f)).toBe(JSON.stringify(copy));
      expect(f).toEqual(copy);
    }
  });

  it('makes each message from the facts of its own target', () => {
    const { findings } = evaluate(enriched, RULES());
    const messages = findings.map((f) => `${f.ruleId}: ${f.message}`).sort();
    expect(messages).toEqual([
      'data: financial data in Two Store of Two Inc.',
      'data: health data in One Store of One Inc.',
      'data: personal data in One Store of One Inc.',
      'org: Organisation Lazy Org.',
      'service: One Store of One Inc.',
      'service: Two Store of Two Inc.',
      'vendor: One Inc (v1) is a vendor.',
      'vendor: Two Inc (v2) is a vendor.',
    ]);
  });

  it('holds no text: it renders on read, once for reads in a row', () => {
    const calls = { n: 0 };
    const { findings } = evaluate(enriched, [counted(rule('vendor', 'vendor', '{{vendor.name}} seen.'), calls)]);
    // once per failing target while evaluating (a template that throws fails its rule there)
    expect(calls.n).toBe(2);
    const [a, b] = findings;
    const descriptor = Object.getOwnPropertyDescriptor(a, 'message');
    expect(descriptor?.enumerable).toBe(true);
    expect(descriptor && 'value' in descriptor).toBe(false);
    expect(typeof descriptor?.get).toBe('function');
    expect([a.message, a.message, a.message]).toEqual(['One Inc seen.', 'One Inc seen.', 'One Inc seen.']);
    expect(calls.n).toBe(3);
    expect(b.message).toBe('Two Inc seen.');
    expect(a.message).toBe('One Inc seen.');
    expect(calls.n).toBe(5);
  });

  it('becomes a plain property when its message is set, in the same place', () => {
    const [f] = evaluate(enriched, RULES()).findings;
    f.message = 'said otherwise';
    expect(Object.getOwnPropertyDescriptor(f, 'message')).toMatchObject({ value: 'said otherwise', writable: true });
    expect(Object.keys(f)).toEqual(ENGINE_FINDING_KEYS);
    expect(JSON.parse(JSON.stringify(f)).message).toBe('said otherwise');
  });

  it('a baseline keeps the finding as `{ ...finding, status }` would, still made when read', () => {
    const { findings } = evaluate(enriched, RULES());
    const report = JSON.stringify({ findings: findings.map((f) => ({ fingerprint: f.fingerprint })) });
    const out = applyBaseline(findings, parseBaseline(parseText(report, 'old.json'))).findings;
    expect(out.map((f) => f.status)).toEqual(findings.map(() => 'existing'));
    out.forEach((f, i) => {
      expect(JSON.stringify(f)).toBe(JSON.stringify({ ...findings[i], status: 'existing' }));
      expect(typeof Object.getOwnPropertyDescriptor(f, 'message')?.get).toBe('function');
    });
  });

  it('a waiver keeps the finding as `{ ...finding, status, waiver }` would, still made when read', () => {
    const { findings } = evaluate(enriched, RULES());
    const file = parseWaivers(
      parseText(
        'waivers:\n  - rule: service\n    vendor: v2\n    reason: exit planned\n    approvedBy: ciso\n    expires: 2099-01-01\n',
        'waivers.yaml',
      ),
      AS_OF,
    );
    const out = applyWaivers(findings, file, { asOf: AS_OF }).findings;
    const waived = out.filter((f) => f.status === 'waived');
    expect(waived.map((f) => `${f.ruleId}/${f.vendor?.id}`)).toEqual(['service/v2']);
    const [f] = waived;
    const before = findings[out.indexOf(f)];
    const waiver = { reason: 'exit planned', approvedBy: 'ciso', expires: '2099-01-01' };
    expect(JSON.stringify(f)).toBe(JSON.stringify({ ...before, status: 'waived', waiver }));
    expect(Object.keys(f)).toEqual([...ENGINE_FINDING_KEYS, 'waiver']);
    expect(f.message).toBe('Two Store of Two Inc.');
    expect(typeof Object.getOwnPropertyDescriptor(f, 'message')?.get).toBe('function');
    // restated again without a waiver, it keeps its own, as `{ ...finding, status }` would
    const again = restateFinding(f, 'existing');
    expect(JSON.stringify(again)).toBe(JSON.stringify({ ...f, status: 'existing' }));
    expect(typeof Object.getOwnPropertyDescriptor(again, 'message')?.get).toBe('function');
  });
});
