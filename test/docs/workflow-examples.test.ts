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
import { runCli } from '../cli/run.js';
import { AS_OF, ROOT } from '../helpers.js';

const read = (p: string) => readFileSync(path.join(ROOT, p), 'utf8');

describe('workflow examples and docs', () => {
  it('the example waiver and configuration files are valid', () => {
    expect(parseWaivers(parseText(read('examples/waivers.yaml'), 'examples/waivers.yaml'), AS_OF).waivers).toHaveLength(
      2,
    );
    const cfg = parseConfig(parseText(read('examples/.residencyrc.yaml'), 'examples/.residencyrc.yaml'));
    expect(cfg.data.rules?.disable?.[0].reason).toBeTruthy();
  });

  it('the example waivers waive findings of the failing example', async () => {
    const run = await runCli([
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

  it('the GitHub workflow is YAML that runs the Action with inputs it has, and uploads its SARIF', () => {
    const wf = parse(read('examples/github-workflow.yml'));
    const steps = wf.jobs.residency.steps as { id?: string; uses?: string; with?: Record<string, string> }[];
    const action = parse(read('action.yml')) as { inputs: Record<string, { required?: boolean }> };
    const check = steps.find((s) => s.uses?.match(/^[\w-]+\/residency@/));
    expect(check?.id).toBeTruthy();
    for (const input of Object.keys(check?.with ?? {})) expect(Object.keys(action.inputs)).toContain(input);
    for (const [name, spec] of Object.entries(action.inputs))
      if (spec.required) expect(check?.with).toHaveProperty(name);
    const upload = steps.find((s) => s.uses?.startsWith('github/codeql-action/upload-sarif'));
    expect(upload?.with?.sarif_file).toBe(`\${{ steps.${check?.id}.outputs.sarif-file }}`);
  });

  it('every --flag named in docs/ci.md and docs/waivers.md exists on a residency command', () => {
    const known = new Set(
      [Check, Diff, Verify, ConfigShow].flatMap((c) => Object.keys(c.flags).flatMap((f) => [f, `no-${f}`])),
    );
    const named = new Set<string>();
    for (const doc of ['docs/ci.md', 'docs/waivers.md']) {
      // flags given to residency: prose and `residency …` commands, not npm's or git's flags
      const text = read(doc).replace(/(^|[\n&|;(`-])\s*(npm|git|npx) [^\n&|;)`]*/g, '$1');
      for (const m of text.matchAll(/(?<![\w-])--(\[no-\])?([a-z][a-z-]+)/g)) named.add(m[2]);
    }
    expect(named.size).toBeGreaterThan(10);
    for (const flag of named) expect(known, flag).toContain(flag);
  });
});
