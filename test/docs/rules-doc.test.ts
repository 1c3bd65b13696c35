import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadRulePack } from '../../src/adapters/workspace.js';
import { renderRulesDoc } from '../../src/report/rules-doc.js';
import { runCli } from '../cli/run.js';
import { ROOT } from '../helpers.js';

describe('rules documentation', () => {
  it('docs/rules.md is generated from the rule metadata and up to date (npm run docs:rules)', async () => {
    const pack = await loadRulePack();
    const committed = readFileSync(path.join(ROOT, 'docs', 'rules.md'), 'utf8');
    expect(committed).toBe(renderRulesDoc(pack.rules));
  });

  it('rules list and rules show print the metadata', async () => {
    const list = await runCli(['rules', 'list', '--json']);
    expect(list.status).toBe(0);
    const rows = JSON.parse(list.stdout);
    expect(rows.map((r: { id: string }) => r.id)).toContain('adversary-hosted-data');
    const show = await runCli(['rules', 'show', 'adversary-hosted-data']);
    expect(show.status).toBe(0);
    expect(show.stdout).toContain('15 CFR 791.4');
    expect(show.stdout).toContain('Fix:');
    const missing = await runCli(['rules', 'show', 'adversary-hosted-dat']);
    expect(missing.status).toBe(2);
    expect(missing.stderr).toContain("Did you mean 'adversary-hosted-data'?");
  });
});
