/** User rules are checked before they can pass anything: unknown fact paths and failing examples exit 2. */
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { AS_OF, runCli } from '../helpers.js';

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

  it('is rejected by validate --rules (exit 2, located, with a suggestion)', () => {
    const r = runCli(['validate', CLEAN, '--rules', dir]);
    expect(r.status).toBe(2);
    expect(r.stderr).toContain(where);
    expect(r.stderr).toContain('E_RULE_FACT');
    expect(r.stderr).toContain("Did you mean 'service.hosting.adversary'?");
  });

  it('is rejected by check --rules instead of scoring 100/100', () => {
    const r = runCli(['check', CLEAN, '--as-of', AS_OF, '--no-default-rules', '--rules', dir]);
    expect(r.status).toBe(2);
    expect(r.stderr).toContain(where);
    expect(r.stdout).not.toContain('100');
  });

  it('loads once the path is right', () => {
    const fixed = ruleFolder({ 'house-hosting.yaml': userRule('house-hosting', 'service.hosting.adversary') });
    const r = runCli(['check', CLEAN, '--as-of', AS_OF, '--no-default-rules', '--rules', fixed]);
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
  });
});
