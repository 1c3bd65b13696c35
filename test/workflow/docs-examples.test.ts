import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import Check from '../../src/cli/commands/check.js';
import ConfigShow from '../../src/cli/commands/config/show.js';
import Diff from '../../src/cli/commands/diff.js';
import Verify from '../../src/cli/commands/verify.js';
import { parseConfig } from '../../src/cli/config-resolve.js';
import { parseText } from '../../src/parse/parse.js';
import { parseWaivers } from '../../src/triage/waivers.js';
import { AS_OF, ROOT, runCli } from '../helpers.js';

const read = (p: string) => readFileSync(path.join(ROOT, p), 'utf8');

describe('workflow examples and docs', () => {
  it('the example waiver and configuration files are valid', () => {
    expect(parseWaivers(parseText(read('examples/waivers.yaml'), 'examples/waivers.yaml'), AS_OF).waivers).toHaveLength(
      2,
    );
    const cfg = parseConfig(parseText(read('examples/.residencyrc.yaml'), 'examples/.residencyrc.yaml'));
    expect(cfg.data.rules?.disable?.[0].reason).toBeTruthy();
  });

  it('the example waivers waive findings of the failing example', () => {
    const run = runCli([
      'check',
      'examples/acme-failing.yaml',
      '--waivers',
      'examples/waivers.yaml',
      '--as-of',
      AS_OF,
      '--format',
      'json',
    ]);
    const report = JSON.parse(run.stdout);
    expect(report.summary.waived).toBe(2);
    expect(report.waivers.map((w: { state: string }) => w.state)).toEqual(['active', 'expiring']);
  });

  it('the GitHub workflow is YAML that runs check with flags that exist', () => {
    const wf = parse(read('examples/github-workflow.yml'));
    const steps = wf.jobs.residency.steps as { run?: string; uses?: string }[];
    expect(steps.some((s) => s.uses?.startsWith('github/codeql-action/upload-sarif'))).toBe(true);
    const check = steps.find((s) => s.run?.includes('residency check'))?.run ?? '';
    for (const flag of check.match(/--[a-z-]+/g) ?? []) expect(Object.keys(Check.flags)).toContain(flag.slice(2));
  });

  it('every --flag named in docs/ci.md and docs/waivers.md exists on a residency command', () => {
    const known = new Set(
      [Check, Diff, Verify, ConfigShow].flatMap((c) => Object.keys(c.flags).flatMap((f) => [f, `no-${f}`])),
    );
    const named = new Set<string>();
    for (const doc of ['docs/ci.md', 'docs/waivers.md']) {
      for (const m of read(doc).matchAll(/(?<![\w-])--(\[no-\])?([a-z][a-z-]+)/g)) named.add(m[2]);
    }
    expect(named.size).toBeGreaterThan(10);
    named.delete('global'); // `npm install --global residency`
    for (const flag of named) expect(known, flag).toContain(flag);
  });
});
