import { cpSync, mkdtempSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { sha256 } from '../../src/parse/parse.js';
import { expandReport } from '../../src/report/compact.js';
import { AS_OF, ROOT } from '../helpers.js';
import { runCli, runCliProcess } from './run.js';

describe('build-time snapshot of the bundled catalogue and rules', () => {
  it('covers every bundled file with its current digest', () => {
    const entries = JSON.parse(readFileSync(path.join(ROOT, 'dist', 'snapshot.json'), 'utf8')) as {
      file: string;
      sha256: string;
    }[];
    expect(entries.length).toBeGreaterThan(40);
    for (const e of entries) expect(sha256(readFileSync(path.join(ROOT, e.file), 'utf8')), e.file).toBe(e.sha256);
  });

  it('gives byte-identical reports with and without the snapshot and precompiled schemas', async () => {
    const args = ['check', 'examples/acme-failing.yaml', '--format', 'json', '--as-of', AS_OF];
    const fast = await runCli(args);
    // the snapshot is chosen once per process (RESIDENCY_NO_SNAPSHOT at start-up): a process of its own
    const slow = runCliProcess(args, { env: { RESIDENCY_NO_SNAPSHOT: '1' } });
    expect(fast.status).toBe(1);
    expect(fast.stdout).toBe(slow.stdout);
    const bad = ['validate', 'test/fixtures/invalid/typos.yaml'];
    expect((await runCli(bad)).stderr).toBe(runCliProcess(bad, { env: { RESIDENCY_NO_SNAPSHOT: '1' } }).stderr);
  });

  it('an edited bundled rule file is parsed again, never served stale', () => {
    // a copy of the installed package whose rules/ was edited after the build
    const pkg = mkdtempSync(path.join(tmpdir(), 'residency-pkg-'));
    for (const entry of ['dist', 'rules', 'schemas', 'bin', 'package.json', 'oclif.manifest.json', 'examples']) {
      cpSync(path.join(ROOT, entry), path.join(pkg, entry), { recursive: true });
    }
    symlinkSync(path.join(ROOT, 'node_modules'), path.join(pkg, 'node_modules'));
    const rule = path.join(pkg, 'rules', 'assessment-overdue.yaml');
    writeFileSync(rule, readFileSync(rule, 'utf8').replace('severity: low', 'severity: high'));
    // the copy's own bin/run.js, as installed
    const run = runCliProcess(['check', 'examples/minimal.yaml', '--format', 'json', '--as-of', '2030-01-01'], {
      bin: path.join(pkg, 'bin', 'run.js'),
      cwd: pkg,
    });
    // the finding's severity is its rule's: the compact report (3.0.0) gives it in rules[] only
    const report = expandReport(JSON.parse(run.stdout));
    const overdue = report.findings.find((f: { ruleId: string }) => f.ruleId === 'assessment-overdue');
    expect(overdue.severity).toBe('high');
    expect(run.status).toBe(1);
  });
});
