import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Report } from '../../../src/report/types.js';
import { AS_OF } from '../../helpers.js';
import { runCli } from '../run.js';
import { FAILING, jsonReport, tempDir } from './helpers.js';

/** Issue 16: warnings are never hidden, counts add up, and every format opens on totals by regime and basis. */
const INFRA = 'test/fixtures/first-contact/infra';
const WAIVERS = 'examples/waivers.yaml';
const tmp = tempDir('residency-summary-');

async function run(args: string[]): Promise<string> {
  const r = await runCli(['check', ...args, '--as-of', AS_OF, '--fail-on', 'never']);
  expect(r.status, r.stderr).toBe(0);
  return r.stdout;
}

describe('warnings are printed by check in every format', () => {
  const MESSAGE = "module 'storage': local module './modules/storage' could not be read";
  const WHERE = `${INFRA}/main.tf:5:1`;

  it('pretty lists each warning, grouped by code, with its location', async () => {
    const out = await run([INFRA]);
    expect(out).toMatch(/Warnings \(1\)/);
    expect(out).toMatch(/^ {2}W_IMPORT_MODULE \(1\)$/m);
    expect(out.replace(/\n +/g, ' ')).toContain(`${WHERE}  ${MESSAGE}`);
    expect(out).not.toContain('run `residency validate` to list them');
  });

  it('JSON diagnostics, SARIF notifications, JUnit testcases and Markdown carry it', async () => {
    const report = JSON.parse(await run([INFRA, '--format', 'json'])) as Report;
    expect(report.diagnostics.map((d) => d.code)).toContain('W_IMPORT_MODULE');
    const sarif = JSON.parse(await run([INFRA, '--format', 'sarif']));
    const notes = sarif.runs[0].invocations[0].toolExecutionNotifications;
    expect(notes).toHaveLength(report.diagnostics.length);
    expect(notes[0]).toMatchObject({ level: 'warning', descriptor: { id: 'W_IMPORT_MODULE' } });
    expect(notes[0].message.text).toContain(MESSAGE);
    expect(notes[0].locations[0].physicalLocation.region).toEqual({ startLine: 5, startColumn: 1 });
    const junit = await run([INFRA, '--format', 'junit']);
    expect(junit).toContain(`<testcase name="W_IMPORT_MODULE ${WHERE}" classname="residency.diagnostics"`);
    expect(junit).toContain(`<skipped message="warning W_IMPORT_MODULE: ${MESSAGE.replace(/'/g, '&apos;')}`);
    const markdown = await run([INFRA, '--format', 'markdown']);
    expect(markdown).toContain('### Warnings (1)');
    expect(markdown).toContain(`- \`W_IMPORT_MODULE\` \`${WHERE}\`: module 'storage'`);
  });

  it('validate reads the same input and lists the same warning', async () => {
    const r = await runCli(['validate', INFRA]);
    expect(r.status).toBe(0);
    expect(r.stderr).toContain(`${WHERE}  warning W_IMPORT_MODULE: ${MESSAGE}`);
  });
});

describe('counts add up', () => {
  it('the verdict says open, in the baseline and waived, and they sum to the total', async () => {
    // a baseline that holds the harbour-hr findings, then waivers on top
    const full = JSON.parse(await run([FAILING, '--format', 'json'])) as Report;
    const baseline = path.join(tmp, 'baseline.json');
    const kept = { ...full, findings: full.findings.filter((f) => f.vendor?.id === 'harbour-hr') };
    writeFileSync(baseline, JSON.stringify(kept));
    const args = [FAILING, '--waivers', WAIVERS, '--baseline', baseline];
    const report = JSON.parse(await run([...args, '--format', 'json'])) as Report;
    const s = report.summary;
    expect(s.waived).toBeGreaterThan(0);
    expect(s.existing).toBeGreaterThan(0);
    expect(s.open + s.existing + s.waived).toBe(s.findings);
    const phrase = `${s.findings} finding(s): ${s.open} open (`;
    const pretty = await run(args);
    expect(pretty.split('\n')[0]).toContain(phrase);
    expect(pretty.split('\n')[0]).toMatch(new RegExp(`\\), ${s.existing} in the baseline, ${s.waived} waived \\[`));
    // the open severities in the verdict add up to the open count
    const open = /open \(([^)]*)\)/.exec(pretty.split('\n')[0])?.[1] ?? '';
    expect(open.split(', ').reduce((n, part) => n + Number.parseInt(part, 10), 0)).toBe(s.open);
    const markdown = await run([...args, '--format', 'markdown']);
    expect(markdown).toContain(phrase);
    expect(markdown).toContain('| Severity | Open | In baseline | Waived |');
  });
});

describe('totals by regime and by basis come first', async () => {
  const report = await jsonReport(FAILING);

  it('JSON: totals that agree with the findings; every regime id defined', () => {
    const t = report.summary.totals;
    expect(t.byBasis.reduce((n, b) => n + b.findings, 0)).toBe(report.summary.findings);
    for (const r of t.byRegime) {
      expect(r.findings).toBe(report.findings.filter((f) => f.regimes.includes(r.regime)).length);
      expect(r.open + r.existing + r.waived).toBe(r.findings);
    }
    expect(t.noRegime.findings).toBe(report.findings.filter((f) => f.regimes.length === 0).length);
    const defined = new Set(report.regimes.map((r) => r.id));
    for (const f of report.findings) for (const r of f.regimes) expect(defined).toContain(r);
    for (const rule of report.rules) for (const r of rule.regimes) expect(defined).toContain(r);
    for (const r of report.regimes) expect(r).toMatchObject({ name: expect.any(String), citation: expect.any(String) });
  });

  it('JSON: each finding names the catalogue facts it relied on, each with source and asOf', () => {
    const withFacts = report.findings.filter((f) => (f.catalogFacts ?? []).length > 0);
    expect(withFacts.length).toBeGreaterThan(0);
    // every finding on a service of a catalogue provider relies on that provider's entry
    const catalogued = new Set(
      Object.values(report.catalogFacts)
        .filter((c) => c.kind === 'provider')
        .map((c) => c.id),
    );
    const onCatalogued = report.findings.filter((f) => f.service && catalogued.has(f.service.provider));
    expect(onCatalogued.length).toBeGreaterThan(0);
    for (const f of onCatalogued) expect(f.catalogFacts).toContain(`provider:${f.service?.provider}`);
    for (const f of withFacts) {
      for (const key of f.catalogFacts ?? []) {
        const fact = report.catalogFacts[key];
        expect(fact, key).toBeDefined();
        expect(fact.source, key).toEqual(expect.any(String));
        expect(fact.asOf, key).toMatch(/^\d{4}-\d{2}-\d{2}$/);
      }
    }
    const hosted = report.findings.find(
      (f) => f.ruleId === 'adversary-hosted-data' && f.service?.id === 'storefront-db',
    );
    expect(hosted?.catalogFacts).toContain('region:aws/cn-north-1');
    expect(report.catalogFacts['region:aws/cn-north-1'].fact).toContain('operated by Beijing Sinnet');
    // a finding that claims a regime relies on that regime's list of countries; a bulk finding on its threshold
    const claiming = report.findings.filter((f) => f.regimes.length > 0);
    expect(claiming.length).toBeGreaterThan(0);
    for (const f of claiming) for (const r of f.regimes) expect(f.catalogFacts).toContain(`regime:${r}`);
    expect(report.catalogFacts['regime:us-dsp'].fact).toContain('CN (with HK, MO)');
    const bulk = report.findings.filter((f) => f.ruleId === 'bulk-sensitive-data-threshold');
    expect(bulk.length).toBeGreaterThan(0);
    for (const f of bulk) expect(f.catalogFacts).toContain(`threshold:${f.data?.category}`);
  });

  it('pretty, Markdown and JUnit show the totals before the first finding', async () => {
    const pretty = await run([FAILING]);
    const firstFinding = pretty.search(/^ {2}CRITICAL /m);
    expect(pretty.indexOf('By regime')).toBeGreaterThan(0);
    expect(pretty.indexOf('By regime')).toBeLessThan(firstFinding);
    expect(pretty.indexOf('By basis')).toBeLessThan(firstFinding);
    expect(pretty).toMatch(/^ {2}us-dsp +DOJ Data Security Program/m);
    const markdown = await run([FAILING, '--format', 'markdown']);
    expect(markdown.indexOf('### By regime')).toBeLessThan(markdown.indexOf('### Findings'));
    expect(markdown.indexOf('### By basis')).toBeLessThan(markdown.indexOf('### Findings'));
    const junit = await run([FAILING, '--format', 'junit']);
    expect(junit.indexOf('<testsuite name="summary"')).toBeLessThan(junit.indexOf('<testcase'));
    expect(junit).toMatch(/<property name="regime us-dsp: DOJ Data Security Program[^"]*" value="\d+ finding\(s\)/);
  });
});

describe('the terminal report is short by default', () => {
  it('prints one line per finding, grouped by vendor; --verbose adds evidence, location and fix', async () => {
    const report = await jsonReport(FAILING);
    const short = await run([FAILING]);
    const findingLines = short.split('\n').filter((l) => /^ {2}(CRITICAL|HIGH|MEDIUM|LOW|INFO) /.test(l));
    expect(findingLines).toHaveLength(report.findings.length);
    expect(short).not.toMatch(/^ {4}(evidence|fix):/m);
    // the warnings section (each warning printed in full) is not part of the findings' budget
    const withoutWarnings = short.replace(/\nWarnings \(\d+\)[\s\S]*?\n\n/, '\n\n');
    expect(withoutWarnings.split('\n').length).toBeLessThan(report.findings.length + 50);
    for (const v of report.vendors.filter((x) => x.findings > 0)) expect(short).toMatch(new RegExp(`^${v.id} `, 'm'));
    const verbose = await run([FAILING, '--verbose']);
    expect(verbose).toMatch(/^ {4}evidence: /m);
    expect(verbose).toMatch(/^ {4}fix: /m);
    expect(verbose).toContain(`at ${FAILING}:`);
  });

  it('the Markdown findings table has no identical rows', async () => {
    const markdown = await run([FAILING, '--format', 'markdown']);
    const table = markdown.split('### Findings')[1].split('### Details')[0];
    const rows = table
      .split('\n')
      .filter((l) => l.startsWith('| ') && !l.startsWith('| Severity') && !l.startsWith('| ---'));
    expect(rows.length).toBe((await jsonReport(FAILING)).findings.length);
    expect(new Set(rows).size).toBe(rows.length);
  });
});

describe('the fixture', () => {
  it('really has a missing local module', () => {
    expect(readFileSync(path.join(INFRA, 'main.tf'), 'utf8')).toContain('./modules/storage');
  });
});
