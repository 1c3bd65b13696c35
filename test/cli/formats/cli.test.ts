import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { parse as parseCsv } from 'csv-parse/sync';
import { XMLParser, XMLValidator } from 'fast-xml-parser';
import { beforeAll, describe, expect, it } from 'vitest';
import { expandReport } from '../../../src/report/compact.js';
import { escapeMarkdown, markdownCell } from '../../../src/report/formatters/escape.js';
import { parseReportTargets } from '../../../src/report/formatters/targets.js';
import type { Report } from '../../../src/report/types.js';
import { AS_OF } from '../../helpers.js';
import { type Run, runCli } from '../run.js';
import { CLEAN, FAILING, HOSTILE, hostileInventory, jsonReport, tempDir } from './helpers.js';

/** The same report without the per-target outcomes that asking for JUnit switches on. */
function withoutTargets(value: Report): Report {
  return { ...value, outcomes: value.outcomes.map(({ targets: _targets, ...o }) => o) };
}

/** Findings-table rows: after the `### Findings` heading, up to the blank line. */
function findingRows(md: string): string[] {
  const start = md.indexOf('| Severity | Rule | Vendor | Service | Data | Location |');
  return md.slice(start).split('\n\n')[0].split('\n').slice(2);
}

describe('check --report FORMAT=PATH', () => {
  let dir: string;
  let report: Report;
  let run: Run;
  const files = { sarif: 'r.sarif', junit: 'r.xml', markdown: 'r.md', html: 'r.html', csv: 'r.csv', json: 'r.json' };
  beforeAll(async () => {
    dir = tempDir();
    report = await jsonReport(FAILING);
    const reports = Object.entries(files).flatMap(([format, name]) => [
      '--report',
      `${format}=${path.join(dir, name)}`,
    ]);
    run = await runCli(['check', FAILING, '--as-of', AS_OF, '--format', 'json', ...reports]);
  });

  it('writes every format in one run, prints stdout as asked, and keeps exit code 1', () => {
    expect(run.stderr).toBe('');
    expect(run.status).toBe(1);
    const printed = expandReport(JSON.parse(run.stdout)) as Report;
    expect(printed.outcomes[0].targets?.length).toBeGreaterThan(0);
    expect(withoutTargets(printed)).toEqual(report);
    expect(readdirSync(dir).sort()).toEqual(Object.values(files).sort());
  });

  it('every file is valid and agrees with the JSON report', () => {
    expect(withoutTargets(expandReport(JSON.parse(readFileSync(path.join(dir, files.json), 'utf8'))))).toEqual(report);
    const sarif = JSON.parse(readFileSync(path.join(dir, files.sarif), 'utf8'));
    expect(sarif.runs[0].results).toHaveLength(report.findings.length);
    const junit = readFileSync(path.join(dir, files.junit), 'utf8');
    expect(XMLValidator.validate(junit)).toBe(true);
    const parsed = new XMLParser({ ignoreAttributes: false, attributeNamePrefix: '' }).parse(junit);
    // recordTargets was on because junit was asked for through --report: passes are testcases too
    const evaluated = report.outcomes.reduce((n, o) => n + o.pass + o.fail + o.not_applicable + o.error, 0);
    // and each warning (a missing fact) is one skipped testcase
    expect(Number(parsed.testsuites.tests)).toBe(evaluated + report.diagnostics.length);
    expect(evaluated).toBeGreaterThan(report.findings.length);
    const csv = parseCsv(readFileSync(path.join(dir, files.csv), 'utf8'), { columns: true });
    expect(csv).toHaveLength(report.findings.length);
    const md = readFileSync(path.join(dir, files.markdown), 'utf8');
    expect(md).toContain(`score **${report.summary.score}/100**`);
    expect(readFileSync(path.join(dir, files.html), 'utf8')).toMatch(/^<!DOCTYPE html>/);
  });

  it.each([
    ['bogus=x.out', "unknown format 'bogus'"],
    ['sarif', 'missing ='],
    ['sarif=', 'missing the file path'],
  ])('--report %s is a usage error (exit 2) that writes nothing', async (value, message) => {
    const out = tempDir();
    const bad = await runCli([
      'check',
      FAILING,
      '--as-of',
      AS_OF,
      '--report',
      `json=${path.join(out, 'ok.json')}`,
      '--report',
      value,
    ]);
    expect(bad.status).toBe(2);
    expect(bad.stderr).toContain('E_USAGE');
    expect(bad.stderr).toContain(message);
    expect(bad.stderr).not.toMatch(/\n\s+at /);
    expect(bad.stdout).toBe('');
    expect(readdirSync(out)).toEqual([]);
  });

  it('parses values and suggests a close format name', () => {
    expect(parseReportTargets(['SARIF=a=b.sarif', 'csv=out.csv'])).toEqual([
      { format: 'sarif', path: 'a=b.sarif' },
      { format: 'csv', path: 'out.csv' },
    ]);
    expect(() => parseReportTargets(['jsn=x'])).toThrow(/unknown format 'jsn'/);
    try {
      parseReportTargets(['jsn=x']);
    } catch (error) {
      expect((error as { diagnostics: { hint?: string }[] }).diagnostics[0].hint).toBe("Did you mean 'json'?");
    }
    expect(() => parseReportTargets(['json=a', 'csv=a'])).toThrow(/already the target/);
  });

  it('a clean inventory gives exit 0 with every format', async () => {
    const out = tempDir();
    const ok = await runCli([
      'check',
      CLEAN,
      '--as-of',
      AS_OF,
      '-q',
      '--report',
      `junit=${path.join(out, 'j.xml')}`,
      '--report',
      `markdown=${path.join(out, 'm.md')}`,
    ]);
    expect(ok.status).toBe(0);
    expect(readFileSync(path.join(out, 'm.md'), 'utf8')).toContain('✅ **PASS**');
    expect(readFileSync(path.join(out, 'j.xml'), 'utf8')).toContain('failures="0"');
  });
});

describe('Markdown', () => {
  it('has the verdict, counts table, findings table and a details block per finding', async () => {
    const report = await jsonReport(FAILING);
    const run = await runCli(['check', FAILING, '--as-of', AS_OF, '--format', 'markdown']);
    expect(run.status).toBe(1);
    const md = run.stdout;
    expect(md).toContain(`❌ **FAIL** — score **${report.summary.score}/100** (grade **${report.summary.grade}**)`);
    expect(md).toContain(`| 🟥 critical | ${report.summary.counts.critical} |`); // no baseline or waivers: open = counts
    expect(md).toContain('| Severity | Rule | Vendor | Service | Data | Location |');
    const rows = findingRows(md);
    expect(rows).toHaveLength(report.findings.length);
    expect(md.match(/<details>/g)).toHaveLength(report.findings.length);
    expect(md.match(/<\/details>/g)).toHaveLength(report.findings.length);
    expect(md).toContain(report.findings[0].fingerprint);
  });

  it('escapes hostile strings in cells and details', async () => {
    const dir = tempDir();
    const run = await runCli(['check', hostileInventory(dir), '--as-of', AS_OF, '--format', 'markdown']);
    expect(run.status).toBe(1);
    const md = run.stdout;
    expect(md).not.toContain('<script>');
    expect(md).not.toContain('<img');
    expect(md).not.toContain('\u001b');
    expect(md).toContain('&lt;script&gt;alert(1)&lt;/script&gt;');
    expect(md).toContain(HOSTILE.formula.replace(/"/g, '&quot;'));
    // each findings-table row still has exactly 6 cells despite the pipes in the service name
    const tableRows = findingRows(md);
    expect(tableRows.length).toBeGreaterThan(0);
    for (const row of tableRows) expect(row.split(/(?<!\\)\|/).length - 2).toBe(6);
    expect(md).toContain('\\| pipe \\|');
    expect(md).not.toContain('[link](http://x)');
  });

  it('escapes inline Markdown and HTML', () => {
    expect(escapeMarkdown('a|b *c* [d](e) <f> `g`')).toBe('a\\|b \\*c\\* \\[d\\](e) &lt;f&gt; \\`g\\`');
    expect(escapeMarkdown('- item')).toBe('\\- item');
    expect(escapeMarkdown('1. item')).toBe('1\\. item');
    expect(markdownCell('')).toBe('–');
    expect(markdownCell('x\ny\u001b[1m')).toBe('x y');
  });
});

it('the hostile inventory is valid per the inventory schema', async () => {
  const run = await runCli(['validate', hostileInventory(tempDir())]);
  // warnings only (missing facts): the hostile names themselves hold 'onerror'
  expect(run.stderr).not.toMatch(/ error [A-Z]_/);
  expect(run.status).toBe(0);
});
