/** User rules are checked before they can pass anything: unknown fact paths and failing examples exit 2. */
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { AS_OF } from '../helpers.js';
import { runCli } from './run.js';

const CLEAN = 'examples/acme-clean.yaml';

function userRule(id: string, fact: string): string {
  return `id: ${id}
title: Adversary-hosted service (house rule)
severity: high
scope: service
when:
  fact: ${fact}
  equals: true
message: "{{service.name}} is hosted in an adversary country"
rationale: House policy.
remediation: Move the service.
references: [{ title: House policy 7 }]
regimes: []
examples:
  pass:
    - inventory:
        apiVersion: residency/v1
        kind: Inventory
        organisation: { name: A }
        vendors: [{ id: v, name: V, services: [{ id: s, provider: aws, regions: [us-east-1] }] }]
  fail:
    - inventory:
        apiVersion: residency/v1
        kind: Inventory
        organisation: { name: A }
        vendors: [{ id: v, name: V, services: [{ id: s, provider: alibaba-cloud, regions: [cn-hangzhou] }] }]
`;
}

function ruleFolder(files: Record<string, string>): string {
  const dir = path.join(mkdtempSync(path.join(tmpdir(), 'residency-rules-')), 'my-rules');
  mkdirSync(dir);
  for (const [name, text] of Object.entries(files)) writeFileSync(path.join(dir, name), text);
  return dir;
}

describe('a user rule with a typo in a fact path', () => {
  const dir = ruleFolder({ 'house-hosting.yaml': userRule('house-hosting', 'service.hostng.adversary') });
  const where = `${path.join(dir, 'house-hosting.yaml')}:6:9`;

  it('is rejected by validate --rules (exit 2, located, with a suggestion)', async () => {
    const r = await runCli(['validate', CLEAN, '--rules', dir]);
    expect(r.status).toBe(2);
    expect(r.stderr).toContain(where);
    expect(r.stderr).toContain('E_RULE_FACT');
    expect(r.stderr).toContain("Did you mean 'service.hosting.adversary'?");
  });

  it('is rejected by check --rules instead of scoring 100/100', async () => {
    const r = await runCli(['check', CLEAN, '--as-of', AS_OF, '--no-default-rules', '--rules', dir]);
    expect(r.status).toBe(2);
    expect(r.stderr).toContain(where);
    expect(r.stdout).not.toContain('100');
  });

  it('loads once the path is right', async () => {
    const fixed = ruleFolder({ 'house-hosting.yaml': userRule('house-hosting', 'service.hosting.adversary') });
    const r = await runCli(['check', CLEAN, '--as-of', AS_OF, '--no-default-rules', '--rules', fixed]);
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
  });
});

describe('rule examples', () => {
  // the fact path is right but the value is a string: the rule can never fail, and its fail example says so
  const dir = ruleFolder({
    'house-hosting.yaml': userRule('house-hosting', 'service.hosting.adversary').replace(
      'equals: true',
      'equals: "yes"',
    ),
  });
  const file = path.join(dir, 'house-hosting.yaml');

  it('rules test reports each example and exits 1 when one does not hold', async () => {
    const r = await runCli(['rules', 'test', dir]);
    expect(r.status).toBe(1);
    expect(r.stdout).toContain(`ok    house-hosting  pass example 1  ${file}:15:7`);
    expect(r.stdout).toContain(`FAIL  house-hosting  fail example 1  ${file}:21:7`);
    expect(r.stdout).toContain('expected the rule to fail, but it did not fail on any target');
    expect(r.stdout).toContain('2 example(s) of 1 rule(s): 1 ok, 1 failed');
  });

  it('rules test --json returns the results', async () => {
    const r = await runCli(['rules', 'test', dir, '--json']);
    expect(r.status).toBe(1);
    const result = JSON.parse(r.stdout);
    expect(result.ok).toBe(false);
    expect(result.results.map((x: { expect: string; ok: boolean }) => [x.expect, x.ok])).toEqual([
      ['pass', true],
      ['fail', false],
    ]);
  });

  it('rules test passes a good rule (exit 0) and the bundled pack without a path', async () => {
    const good = ruleFolder({ 'house-hosting.yaml': userRule('house-hosting', 'service.hosting.adversary') });
    const r = await runCli(['rules', 'test', good]);
    expect(r.status).toBe(0);
    expect(r.stdout).toContain('2 example(s) of 1 rule(s): 2 ok, 0 failed');
    const bundled = await runCli(['rules', 'test', '--as-of', AS_OF]);
    expect(bundled.status).toBe(0);
    expect(bundled.stdout).toMatch(/ of \d+ rule\(s\): \d+ ok, 0 failed/);
  });

  it('validate --rules and check --rules refuse a rule whose examples do not hold (exit 2, located)', async () => {
    for (const args of [
      ['validate', CLEAN, '--rules', dir],
      ['check', CLEAN, '--as-of', AS_OF, '--no-default-rules', '--rules', dir],
    ]) {
      const r = await runCli(args);
      expect(r.status, args[0]).toBe(2);
      expect(r.stderr).toContain(`${file}:21:7  error E_RULE_EXAMPLE: rule house-hosting: fail example 1`);
    }
  });

  it('a rule folder gives its own files, not its subfolders (the bundled rules/ folder, with rules/catalog/, tests clean)', async () => {
    const pack = ruleFolder({ 'house-hosting.yaml': userRule('house-hosting', 'service.hosting.adversary') });
    mkdirSync(path.join(pack, 'fixtures'));
    writeFileSync(path.join(pack, 'fixtures', 'not-a-rule.yaml'), 'entities: []\n');
    const r = await runCli(['rules', 'test', pack, '--as-of', AS_OF]);
    expect(r.status, r.stderr).toBe(0);
    expect(r.stdout).toContain('2 example(s) of 1 rule(s): 2 ok, 0 failed');
    const bundled = await runCli(['rules', 'test', '--as-of', AS_OF]);
    const folder = await runCli(['rules', 'test', 'rules', '--as-of', AS_OF]);
    expect(folder.status, folder.stderr).toBe(0);
    expect(folder.stdout).toBe(bundled.stdout);
  });

  it('a rule that cannot load is exit 2 for rules test', async () => {
    const bad = ruleFolder({ 'house-hosting.yaml': userRule('house-hosting', 'service.hostng.adversary') });
    const r = await runCli(['rules', 'test', bad]);
    expect(r.status).toBe(2);
    expect(r.stderr).toContain('E_RULE_FACT');
  });
});
