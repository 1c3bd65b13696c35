import { generateKeyPairSync } from 'node:crypto';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { parse, stringify } from 'yaml';
import { expandReport } from '../../src/report/compact.js';
import { validate } from '../../src/schema/schemas.js';
import { AS_OF, ROOT } from '../helpers.js';
import { runCli } from './run.js';

const FAILING = path.join(ROOT, 'examples/acme-failing.yaml');
const CLEAN = path.join(ROOT, 'examples/acme-clean.yaml');

let dir: string;

function write(name: string, text: string): string {
  const file = path.join(dir, name);
  mkdirSync(path.dirname(file), { recursive: true });
  writeFileSync(file, text);
  return file;
}

function waiver(rule: string, vendor: string, expires: string, extra = ''): string {
  return `  - rule: ${rule}\n    vendor: ${vendor}\n    reason: accepted risk\n    approvedBy: ciso@acme.example\n    expires: ${expires}\n${extra}`;
}

/** The clean inventory plus one vendor with exactly one high finding (ownership by a CN entity). */
function cleanPlusOne(): string {
  const inv = parse(readFileSync(CLEAN, 'utf8'));
  inv.vendors.push({
    id: 'new-vendor',
    name: 'New Vendor Ltd',
    criticality: 'low',
    country: 'US',
    ownership: [
      { entity: 'New Vendor Ltd', country: 'US' },
      { entity: 'New Parent Co', country: 'CN', percent: 60 },
    ],
    contract: { ends: '2027-12-31', regulatoryTermination: true },
    lastAssessed: '2026-10-01',
    services: [],
  });
  return stringify(inv);
}

beforeAll(() => {
  dir = mkdtempSync(path.join(tmpdir(), 'residency-workflow-'));
});

describe('waivers (CLI)', () => {
  it('a waived finding does not fail the run and is recorded in the report', async () => {
    const inv = write('one/inventory.yaml', cleanPlusOne());
    const first = await runCli(['check', inv, '--as-of', AS_OF, '--format', 'json']);
    expect(first.status).toBe(1);
    const open = JSON.parse(first.stdout).findings;
    expect(open.length).toBeGreaterThan(0);
    const rules = [...new Set(open.map((f: { ruleId: string }) => f.ruleId))] as string[];
    // default waiver file beside the inventory
    write(
      'one/.residency-waivers.yaml',
      `waivers:\n${rules.map((r) => waiver(r, 'new-vendor', '2027-01-31')).join('')}`,
    );
    const run = await runCli(['check', inv, '--as-of', AS_OF, '--format', 'json']);
    expect(run.stderr).toBe('');
    expect(run.status).toBe(0);
    const report = JSON.parse(run.stdout);
    expect(validate('report', report)).toEqual([]);
    expect(report.summary.waived).toBe(open.length);
    expect(report.summary.open).toBe(0);
    expect(report.findings[0].status).toBe('waived');
    expect(report.findings[0].waiver).toMatchObject({ approvedBy: 'ciso@acme.example', expires: '2027-01-31' });
    expect(report.waivers.every((w: { state: string }) => w.state === 'active')).toBe(true);
    expect(report.configuration.waivers.path).toBe(path.join(dir, 'one/.residency-waivers.yaml'));
    expect(report.configuration.waivers.sha256).toMatch(/^[0-9a-f]{64}$/);
  });

  it('an expired waiver fails the run and names the date', async () => {
    const w = write('expired.yaml', `waivers:\n${waiver('adversary-owned-vendor', 'globex-analytics', '2026-11-01')}`);
    const clean = await runCli(['check', CLEAN, '--as-of', AS_OF, '--waivers', w]);
    // the waiver matches nothing in the clean inventory but is expired: the run fails all the same
    expect(clean.status).toBe(1);
    expect(clean.stdout).toContain('expired on 2026-11-01');
    expect(clean.stdout).toContain('1 expired waiver(s)');
  });

  it('an unused waiver warns; --strict-waivers fails the run', async () => {
    const w = write('unused.yaml', `waivers:\n${waiver('adversary-owned-vendor', 'nobody', '2027-01-31')}`);
    const lax = await runCli(['check', CLEAN, '--as-of', AS_OF, '--waivers', w, '--format', 'json']);
    expect(lax.status).toBe(0);
    const report = JSON.parse(lax.stdout);
    expect(report.waivers[0].state).toBe('unused');
    expect(report.diagnostics).toContainEqual(
      expect.objectContaining({ code: 'W_WAIVER_UNUSED', severity: 'warning', file: w, line: 2, column: 5 }),
    );
    const strict = await runCli(['check', CLEAN, '--as-of', AS_OF, '--waivers', w, '--strict-waivers']);
    expect(strict.status).toBe(1);
    expect(strict.stdout).toContain('1 unused waiver(s) (--strict-waivers)');
  });

  it('an invalid waiver file is a located error, exit 2, and no output file', async () => {
    const w = write(
      'bad.yaml',
      `waivers:\n  - rule: adversary-owned-vendor\n    vendor: globex-analytics\n    expires: 2027-01-31\n`,
    );
    const out = path.join(dir, 'bad-report.json');
    const run = await runCli(['check', FAILING, '--as-of', AS_OF, '--waivers', w, '--format', 'json', '--output', out]);
    expect(run.status).toBe(2);
    expect(run.stderr).toContain(`${w}:2:5  error E_WAIVERS: waivers[0] is missing required property 'reason'`);
    expect(run.stderr).not.toMatch(/\n\s+at /);
    expect(existsSync(out)).toBe(false);
    const tooLong = write(
      'long.yaml',
      `maxWaiverDays: 90\nwaivers:\n${waiver('adversary-owned-vendor', 'globex-analytics', '2027-11-28')}`,
    );
    const run2 = await runCli(['check', FAILING, '--as-of', AS_OF, '--waivers', tooLong]);
    expect(run2.status).toBe(2);
    expect(run2.stderr).toContain(`${tooLong}:7:14  error E_WAIVER_TOO_LONG`);
  });
});

describe('baseline and diff (CLI)', () => {
  it('the same findings, reordered and reformatted, are existing (exit 0); a new one fails (exit 1)', async () => {
    const base = path.join(dir, 'baseline.json');
    const first = await runCli(['check', FAILING, '--as-of', AS_OF, '--format', 'json', '--output', base]);
    expect(first.stderr).not.toContain('error');
    expect(first.status).toBe(1);
    const total = JSON.parse(readFileSync(base, 'utf8')).findings.length;

    const inv = parse(readFileSync(FAILING, 'utf8'));
    inv.vendors.reverse();
    const reformatted = write('reformatted.json', JSON.stringify(inv, null, 4));
    const same = await runCli(['check', reformatted, '--as-of', AS_OF, '--format', 'json', '--baseline', base]);
    expect(same.status).toBe(0);
    const r = JSON.parse(same.stdout);
    expect(validate('report', r)).toEqual([]);
    expect(r.summary.existing).toBe(total);
    expect(r.summary.open).toBe(0);
    expect(r.baseline).toMatchObject({ path: base, existing: total, resolved: 0 });
    expect(r.baseline.sha256).toMatch(/^[0-9a-f]{64}$/);

    const cleanBase = path.join(dir, 'clean.json');
    await runCli(['check', CLEAN, '--as-of', AS_OF, '--format', 'json', '--output', cleanBase]);
    const more = write('more.yaml', cleanPlusOne());
    const grown = await runCli(['check', more, '--as-of', AS_OF, '--format', 'json', '--baseline', cleanBase]);
    expect(grown.status).toBe(1);
    const g = JSON.parse(grown.stdout);
    expect(g.summary.open).toBeGreaterThan(0);
    expect(g.findings.every((f: { vendor?: { id: string } }) => f.vendor?.id === 'new-vendor')).toBe(true);

    const newReport = path.join(dir, 'more.json');
    await runCli(['check', more, '--as-of', AS_OF, '--format', 'json', '--output', newReport]);
    const diff = await runCli(['diff', cleanBase, newReport, '--format', 'json']);
    expect(diff.status).toBe(0);
    const d = JSON.parse(diff.stdout);
    expect(d.counts).toEqual({ new: g.findings.length, resolved: 0, unchanged: 0 });
    expect(d.scoreChange).toBeLessThan(0);
    expect(d.findings.new[0].vendor.id).toBe('new-vendor');
    expect((await runCli(['diff', cleanBase, newReport, '--fail-on-new'])).status).toBe(1);
    expect((await runCli(['diff', newReport, cleanBase, '--fail-on-new'])).status).toBe(0);
    const bad = await runCli(['diff', cleanBase, FAILING]);
    expect(bad.status).toBe(2);
    expect(bad.stderr).toContain('E_REPORT');
  });

  it('a baseline that is not a report is a located error (exit 2)', async () => {
    const run = await runCli(['check', FAILING, '--as-of', AS_OF, '--baseline', FAILING]);
    expect(run.status).toBe(2);
    expect(run.stderr).toContain(`${FAILING}:2:1  error E_BASELINE: the baseline has no 'findings' list`);
  });
});

describe('configuration (CLI)', () => {
  it('check finds .residencyrc.yaml upward; config show names the source of each value', async () => {
    write(
      'proj/.residencyrc.yaml',
      'failOn: critical\nminScore: 95\nrules:\n  disable:\n    - id: assessment-overdue\n      reason: tracked elsewhere\n',
    );
    const cwd = path.join(dir, 'proj', 'deep', 'er');
    mkdirSync(cwd, { recursive: true });
    const run = await runCli(['check', FAILING, '--as-of', AS_OF, '--format', 'json'], { cwd });
    expect(run.status).toBe(1);
    const report = JSON.parse(run.stdout);
    expect(report.summary.failOn).toBe('critical');
    expect(report.summary.minScore).toBe(95);
    expect(report.findings.some((f: { ruleId: string }) => f.ruleId === 'assessment-overdue')).toBe(false);
    expect(report.configuration.source.path).toBe('../../.residencyrc.yaml');
    expect(report.configuration.disabledRules).toEqual([{ id: 'assessment-overdue', reason: 'tracked elsewhere' }]);

    const flag = await runCli(['check', CLEAN, '--as-of', AS_OF, '--format', 'json', '--min-score', '0'], { cwd });
    expect(JSON.parse(flag.stdout).summary.minScore).toBe(0);

    const show = await runCli(['config', 'show', '--json', '--fail-on', 'low'], { cwd });
    expect(show.status).toBe(0);
    const settings = Object.fromEntries(
      JSON.parse(show.stdout).settings.map((s: { key: string; value: unknown; source: string }) => [s.key, s]),
    );
    expect(settings.failOn).toMatchObject({ value: 'low', source: 'flag' });
    expect(settings.minScore).toMatchObject({ value: 95, source: '../../.residencyrc.yaml' });
    expect(settings.format).toMatchObject({ value: 'pretty', source: 'default' });
    const text = await runCli(['config', 'show'], { cwd });
    expect(text.stdout).toMatch(/minScore\s+95\s+\(\.\.\/\.\.\/\.residencyrc\.yaml\)/);
  });

  it('an invalid configuration file is a located error (exit 2)', async () => {
    const cfg = write('badcfg/.residencyrc.yaml', 'failOn: hihg\n');
    const run = await runCli(['check', CLEAN, '--as-of', AS_OF, '--config', cfg]);
    expect(run.status).toBe(2);
    expect(run.stderr).toContain(`${cfg}:1:9  error E_CONFIG: failOn has 'hihg', which is not allowed`);
  });
});

describe('stdin (CLI)', () => {
  it('reads the inventory from - and records <stdin> as its path', async () => {
    const run = await runCli(['check', '-', '--as-of', AS_OF, '--format', 'json'], {
      input: readFileSync(FAILING, 'utf8'),
    });
    expect(run.status).toBe(1);
    const written = JSON.parse(run.stdout);
    expect(written.inputs).toEqual([expect.objectContaining({ path: '<stdin>', format: 'yaml' })]);
    // the only input's path is not repeated on each finding (3.0.0); expanded, it is
    expect(written.findings[0].location.file).toBeUndefined();
    expect(expandReport(written).findings[0].location.file).toBe('<stdin>');
  });
});

describe('signed reports (CLI)', () => {
  it('check --sign writes a signature that verify accepts, and verify catches tampering and changed inputs', async () => {
    const { privateKey, publicKey } = generateKeyPairSync('ed25519');
    const key = write('keys/key.pem', privateKey.export({ type: 'pkcs8', format: 'pem' }).toString());
    const pub = write('keys/pub.pem', publicKey.export({ type: 'spki', format: 'pem' }).toString());
    const inv = write('signed/inventory.yaml', readFileSync(FAILING, 'utf8'));
    const out = path.join(dir, 'signed/report.json');
    const run = await runCli(['check', inv, '--as-of', AS_OF, '--format', 'json', '--output', out, '--sign', key]);
    expect(run.status).toBe(1);
    const report = JSON.parse(readFileSync(out, 'utf8'));
    expect(report.signature).toMatchObject({ algorithm: 'ed25519' });
    expect(validate('report', report)).toEqual([]);
    expect(report.signature.keyId).toMatch(/^[0-9a-f]{16}$/);

    const ok = await runCli(['verify', out, '--key', pub, '--inputs', inv]);
    expect(ok.status).toBe(0);
    expect(ok.stdout).toContain('signature: valid');
    expect(ok.stdout).toContain(`input ${inv}: sha256 matches`);

    writeFileSync(inv, `${readFileSync(FAILING, 'utf8')}# edited\n`);
    const changed = await runCli(['verify', out, '--key', pub, '--inputs', inv]);
    expect(changed.status).toBe(1);
    expect(changed.stdout).toContain('signature: valid');
    expect(changed.stdout).toContain(`input ${inv}: CHANGED`);

    report.summary.score = 100;
    const tampered = write('signed/tampered.json', JSON.stringify(report, null, 2));
    const bad = await runCli(['verify', tampered, '--key', pub]);
    expect(bad.status).toBe(1);
    expect(bad.stdout).toContain('signature: INVALID');

    const unreadable = await runCli(['verify', path.join(dir, 'nope.json'), '--key', pub]);
    expect(unreadable.status).toBe(2);
    const notKey = await runCli(['verify', out, '--key', inv]);
    expect(notKey.status).toBe(2);
    expect(notKey.stderr).toContain('E_KEY');

    const pretty = await runCli(['check', inv, '--as-of', AS_OF, '--sign', key]);
    expect(pretty.status).toBe(2);
    expect(pretty.stderr).toContain('--sign');
  });
});
