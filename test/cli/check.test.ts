import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { expandReport } from '../../src/report/compact.js';
import { validate } from '../../src/schema/schemas.js';
import { AS_OF, ROOT } from '../helpers.js';
import { runCli } from './run.js';

const FAILING = 'examples/acme-failing.yaml';
const CLEAN = 'examples/acme-clean.yaml';

async function jsonReport(args: string[]) {
  const run = await runCli(['check', ...args, '--format', 'json', '--as-of', AS_OF]);
  return { run, report: JSON.parse(run.stdout) };
}

describe('residency check', () => {
  it('exits 1 on the failing example and names the exposures', async () => {
    const run = await runCli(['check', FAILING, '--as-of', AS_OF]);
    expect(run.status).toBe(1);
    expect(run.stdout).toMatch(/^✖ FAIL {2}Acme Corp: score \d+\/100 \(grade F\)/);
    expect(run.stdout).toContain('adversary-hosted-data');
    expect(run.stdout).toContain('Alibaba Group Holding Limited');
    expect(run.stderr).toBe('');
    // the location (and evidence and fix) come with --verbose
    expect(run.stdout).not.toContain(`at ${FAILING}:64:9`);
    expect((await runCli(['check', FAILING, '--as-of', AS_OF, '--verbose'])).stdout).toContain(`at ${FAILING}:64:9`);
  });

  it('exits 0 with score 100 on the clean example', async () => {
    const { run, report } = await jsonReport([CLEAN]);
    expect(run.status).toBe(0);
    expect(report.summary.score).toBe(100);
    expect(report.summary.grade).toBe('A');
    expect(report.findings).toEqual([]);
  });

  it('writes a JSON report that validates against schemas/report.schema.json', async () => {
    const { run, report: written } = await jsonReport([FAILING]);
    expect(run.status).toBe(1);
    expect(validate('report', written)).toEqual([]);
    expect(written.schemaVersion).toBe('3.0.0');
    // 2.0.0: a finding refers to its rule (in rules[]) for references and remediation instead of repeating them;
    // 3.0.0: nor its title and scope, nor its vendor's name (expanded, the finding has them again)
    const rules = new Map(written.rules.map((r: { id: string }) => [r.id, r]));
    const vendors = new Map(written.vendors.map((v: { id: string }) => [v.id, v]));
    const report = expandReport(written);
    expect(report.findings.length).toBe(written.findings.length);
    report.findings.forEach(
      (f: { ruleId: string; title: string; vendor?: { id: string; name: string } }, i: number) => {
        const compact = written.findings[i];
        expect(rules.has(f.ruleId)).toBe(true);
        expect(f).not.toHaveProperty('references');
        expect(f).not.toHaveProperty('remediation');
        expect(compact).not.toHaveProperty('title');
        expect(compact).not.toHaveProperty('scope');
        expect(f.title).toBe((rules.get(f.ruleId) as { title: string }).title);
        if (f.vendor) {
          expect(compact.vendor).toEqual({ id: f.vendor.id });
          expect(f.vendor.name).toBe((vendors.get(f.vendor.id) as { name: string }).name);
        }
      },
    );
    expect(report.inputs[0].path).toBe(FAILING);
    expect(report.inputs[0].sha256).toMatch(/^[0-9a-f]{64}$/);
    const ids = new Set(report.findings.map((f: { ruleId: string }) => f.ruleId));
    for (const id of [
      'adversary-hosted-data',
      'adversary-controlled-provider',
      'personal-data-adversary-provider',
      'bulk-sensitive-data-threshold',
      'privileged-access-adversary-provider',
      'adversary-owned-vendor',
      'restricted-list-entity',
      'transitive-adversary-exposure',
    ]) {
      expect(ids).toContain(id);
    }
    for (const f of report.findings) {
      expect(f.location.line).toBeGreaterThan(0);
      expect(f.location.column).toBeGreaterThan(0);
    }
    // Alibaba Cloud in Virginia is still Alibaba's
    const alibaba = report.findings.find(
      (f: { ruleId: string; service?: { id: string } }) =>
        f.ruleId === 'adversary-controlled-provider' && f.service?.id === 'event-store',
    );
    expect(alibaba.evidence.join(' ')).toMatch(/alibaba-cloud → .*Alibaba Group Holding Limited/);
    // plain hosting on an adversary-controlled provider: ICTS concerns only (no DSP transaction, PADFA binds data brokers)
    expect(alibaba.regimes).toEqual(['us-icts']);
    expect(alibaba.basis).toBe('exposure');
  });

  it('is byte-identical for the same inputs and --as-of', async () => {
    const a = await runCli(['check', FAILING, '--format', 'json', '--as-of', AS_OF]);
    const b = await runCli(['check', FAILING, '--format', 'json', '--as-of', AS_OF]);
    expect(a.stdout).toBe(b.stdout);
  });

  it('keeps fingerprints when lines move', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'residency-'));
    const moved = path.join(dir, 'moved.yaml');
    writeFileSync(moved, `# a comment\n\n# another\n${readFileSync(path.join(ROOT, FAILING), 'utf8')}`);
    const a = (await jsonReport([FAILING])).report;
    const b = await runCli(['check', moved, '--format', 'json', '--as-of', AS_OF]);
    const rb = JSON.parse(b.stdout);
    expect(rb.findings.map((f: { fingerprint: string }) => f.fingerprint)).toEqual(
      a.findings.map((f: { fingerprint: string }) => f.fingerprint),
    );
    expect(rb.findings[0].location.line).toBe(a.findings[0].location.line + 3);
  });

  it('--fail-on never and --min-score change the exit code only through thresholds', async () => {
    expect((await runCli(['check', FAILING, '--fail-on', 'never', '-q', '--as-of', AS_OF])).status).toBe(0);
    expect((await runCli(['check', CLEAN, '--min-score', '100', '-q', '--as-of', AS_OF])).status).toBe(0);
    const low = await runCli(['check', FAILING, '--fail-on', 'never', '--min-score', '50', '-q', '--as-of', AS_OF]);
    expect(low.status).toBe(1);
    expect(low.stdout).toMatch(/score \d+ is below --min-score 50/);
  });

  it('--output writes the report atomically and prints the verdict to stderr', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'residency-'));
    const out = path.join(dir, 'report.json');
    const run = await runCli(['check', FAILING, '--json', '--output', out, '--as-of', AS_OF]);
    expect(run.status).toBe(1);
    expect(run.stdout).toBe('');
    expect(run.stderr).toMatch(/^FAIL {2}Acme Corp/);
    expect(JSON.parse(readFileSync(out, 'utf8')).summary.verdict).toBe('fail');
  });

  it('evaluates --as-of dates: an assessment becomes overdue', async () => {
    const early = (await jsonReport([CLEAN])).report;
    const late = await runCli(['check', CLEAN, '--format', 'json', '--as-of', '2028-01-01']);
    expect(early.findings).toHaveLength(0);
    const report = JSON.parse(late.stdout);
    expect(report.findings.every((f: { ruleId: string }) => f.ruleId === 'assessment-overdue')).toBe(true);
    expect(report.findings.length).toBe(3);
    expect(late.status).toBe(0); // low severity is below the default --fail-on high
  });

  it('bad flags and bad input exit 2 without a stack trace', async () => {
    for (const args of [
      ['check', FAILING, '--fail-on', 'sometimes'],
      ['check', FAILING, '--as-of', '2026-02-30'],
      ['check', 'does-not-exist.yaml'],
      ['check', 'examples'],
      ['check'],
    ]) {
      const run = await runCli(args);
      expect(run.status, args.join(' ')).toBe(2);
      expect(run.stderr).toMatch(/error E_[A-Z_]+/);
      expect(run.stderr).not.toMatch(/\n\s+at /);
    }
  });

  it('--rules adds user rules and --no-default-rules drops the pack', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'residency-'));
    writeFileSync(
      path.join(dir, 'no-tencent.yaml'),
      `id: no-tencent
title: No Tencent Cloud
severity: high
scope: service
when: { fact: service.provider.id, equals: tencent-cloud }
message: "{{service.name}} uses Tencent Cloud"
rationale: House rule.
remediation: Move it.
references: [{ title: House policy }]
regimes: []
examples:
  pass: [{ inventory: { apiVersion: residency/v1, kind: Inventory, organisation: { name: X }, vendors: [] } }]
  fail: [{ inventory: { apiVersion: residency/v1, kind: Inventory, organisation: { name: X }, vendors: [{ id: v, name: V, services: [{ id: s, provider: tencent-cloud, regions: [ap-guangzhou] }] }] } }]
`,
    );
    const run = await runCli([
      'check',
      FAILING,
      '--no-default-rules',
      '--rules',
      dir,
      '--format',
      'json',
      '--as-of',
      AS_OF,
    ]);
    const report = JSON.parse(run.stdout);
    expect(report.rulePack.rules).toBe(1);
    expect(report.findings.map((f: { ruleId: string }) => f.ruleId)).toEqual(['no-tencent']);
    expect(run.status).toBe(1);
  });

  it('a bad rule is a located error, exit 2', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'residency-'));
    writeFileSync(
      path.join(dir, 'broken.yaml'),
      'id: broken\ntitle: Broken\nseverity: urgent\nscope: service\nwhen: { fact: service.id, equals: x }\nmessage: m\nrationale: r\nremediation: r\nreferences: [{ title: t }]\nregimes: []\nexamples: { pass: [], fail: [] }\n',
    );
    const run = await runCli(['check', FAILING, '--rules', dir]);
    expect(run.status).toBe(2);
    expect(run.stderr).toContain(`${path.join(dir, 'broken.yaml')}:3:11`);
    expect(run.stderr).toMatch(/severity has 'urgent', which is not allowed \(expected one of critical, high/);
  });
});
