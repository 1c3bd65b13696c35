import { readFileSync } from 'node:fs';
import path from 'node:path';
import Ajv2020 from 'ajv/dist/2020.js';
import addFormats from 'ajv-formats';
import { parse as parseCsv } from 'csv-parse/sync';
import { XMLParser } from 'fast-xml-parser';
import { beforeAll, describe, expect, it } from 'vitest';
import { CSV_COLUMNS, csvCell } from '../../../src/report/formatters/csv.js';
import { escapeXml, stripControls } from '../../../src/report/formatters/escape.js';
import { artifactLocation, formatSarif, SARIF_LEVEL, SECURITY_SEVERITY } from '../../../src/report/formatters/sarif.js';
import type { Report } from '../../../src/report/types.js';
import { AS_OF, ROOT } from '../../helpers.js';
import { runCli } from '../run.js';
import { FAILING, HOSTILE, hostileInventory, jsonReport, tempDir } from './helpers.js';

// The vendored SARIF 2.1.0 schema declares JSON Schema 2020-12; compile it once.
const ajv = new (Ajv2020 as unknown as typeof Ajv2020.default)({ allErrors: true, strict: false });
(addFormats as unknown as typeof addFormats.default)(ajv);
const validateSarif = ajv.compile(JSON.parse(readFileSync(path.join(ROOT, 'test/schemas/sarif-2.1.0.json'), 'utf8')));

function expectValidSarif(value: unknown): void {
  const ok = validateSarif(value);
  expect(validateSarif.errors ?? [], JSON.stringify(validateSarif.errors?.slice(0, 3))).toEqual([]);
  expect(ok).toBe(true);
}

const xml = new XMLParser({
  ignoreAttributes: false,
  attributeNamePrefix: '',
  isArray: (name) => ['testsuite', 'testcase', 'property'].includes(name),
});

interface XCase {
  name: string;
  failure?: { message: string; type: string; '#text': string };
  skipped?: unknown;
  error?: unknown;
}
interface XSuite {
  name: string;
  tests: string;
  failures: string;
  errors: string;
  skipped: string;
  testcase?: XCase[];
}
interface XDoc {
  testsuites: { name: string; tests: string; failures: string; testsuite: XSuite[] };
}

// biome-ignore lint/suspicious/noExplicitAny: parsed SARIF, asserted field by field
type Loose = any;

interface Sarif {
  version: string;
  runs: {
    tool: { driver: { name: string; version: string; informationUri: string; rules: Loose[] } };
    results: Loose[];
    properties: Loose;
  }[];
}

describe('SARIF', () => {
  let report: Report;
  let sarif: Sarif;
  beforeAll(async () => {
    report = await jsonReport(FAILING);
    const run = await runCli(['check', FAILING, '--as-of', AS_OF, '--format', 'sarif']);
    expect(run.status).toBe(1);
    sarif = JSON.parse(run.stdout);
  });

  it('validates against the SARIF 2.1.0 schema', () => {
    expect(sarif.version).toBe('2.1.0');
    expectValidSarif(sarif);
  });

  it('the schema check can fail (a result without a message is rejected)', () => {
    const broken = structuredClone(sarif);
    delete broken.runs[0].results[0].message;
    expect(validateSarif(broken)).toBe(false);
  });

  it('has one reportingDescriptor per rule with security-severity and help', () => {
    const driver = sarif.runs[0].tool.driver;
    expect(driver.name).toBe('residency');
    expect(driver.version).toBe(report.tool.version);
    expect(driver.informationUri).toMatch(/^https:\/\//);
    expect(driver.rules.map((r) => r.id)).toEqual(report.rules.map((r) => r.id));
    for (const [i, rule] of report.rules.entries()) {
      const d = driver.rules[i];
      expect(d.shortDescription.text).toBe(rule.title);
      expect(d.fullDescription.text.length).toBeGreaterThan(0);
      expect(d.help.text).toContain(rule.remediation);
      expect(d.help.markdown).toContain('### Remediation');
      expect(d.properties['security-severity']).toBe(SECURITY_SEVERITY[rule.severity]);
      expect(typeof d.properties['security-severity']).toBe('string');
      expect(d.properties.tags).toContain('security');
    }
    expect(SECURITY_SEVERITY).toEqual({ critical: '9.5', high: '8.0', medium: '5.5', low: '3.0', info: '0.0' });
  });

  it('has one result per finding with level, ruleIndex, fingerprint and location', () => {
    const results = sarif.runs[0].results;
    expect(results).toHaveLength(report.findings.length);
    const rules = sarif.runs[0].tool.driver.rules;
    for (const [i, f] of report.findings.entries()) {
      const r = results[i];
      expect(r.ruleId).toBe(f.ruleId);
      expect(rules[r.ruleIndex].id).toBe(f.ruleId);
      expect(r.level).toBe(SARIF_LEVEL[f.severity]);
      expect(r.message.text).toBe(f.message);
      expect(r.partialFingerprints).toEqual({ 'residency/v1': f.fingerprint });
      const loc = r.locations[0].physicalLocation;
      expect(loc.artifactLocation).toEqual({ uri: 'examples/acme-failing.yaml', uriBaseId: '%SRCROOT%' });
      expect(loc.region).toEqual({ startLine: f.location?.line, startColumn: f.location?.column });
      expect(r.suppressions).toBeUndefined();
      expect(r.baselineState).toBeUndefined();
    }
    expect(new Set(results.map((r) => r.level))).toEqual(new Set(['error', 'warning', 'note']));
  });

  it('carries asOf, score and grade in run properties', () => {
    const p = sarif.runs[0].properties;
    expect(p).toMatchObject({ asOf: AS_OF, score: report.summary.score, grade: report.summary.grade });
    expect(p.identity).toBeUndefined();
  });

  it('maps waivers to suppressions, baseline to baselineState, and carries the AWS identity', () => {
    const modified: Report = structuredClone(report);
    modified.findings[0].status = 'waived';
    modified.findings[0].waiver = { reason: 'moving in Q1', approvedBy: 'ciso@example.com', expires: '2027-01-31' };
    modified.findings[1].status = 'existing';
    modified.baseline = { path: 'baseline.json', sha256: 'ab'.repeat(32), existing: 1, resolved: 0 };
    modified.identity = { account: '111122223333', arn: 'arn:aws:iam::111122223333:user/ci', inInventory: true };
    const out = JSON.parse(formatSarif(modified)) as Sarif;
    expectValidSarif(out);
    const [waived, existing, fresh] = out.runs[0].results;
    expect(waived.suppressions).toEqual([
      { kind: 'external', status: 'accepted', justification: expect.stringContaining('moving in Q1') },
    ]);
    expect(existing.baselineState).toBe('unchanged');
    expect(fresh.baselineState).toBe('new');
    expect(out.runs[0].properties.identity).toEqual(modified.identity);
  });

  it('builds artifact locations for relative, absolute and odd paths', () => {
    expect(artifactLocation('./inv/a b.yaml')).toEqual({ uri: 'inv/a%20b.yaml', uriBaseId: '%SRCROOT%' });
    expect(artifactLocation('/abs/x.yaml')).toEqual({ uri: 'file:///abs/x.yaml' });
    expect(artifactLocation('<stdin>').uri).toBe('%3Cstdin%3E');
  });
});

describe('JUnit XML', () => {
  let report: Report;
  let parsed: XDoc;
  beforeAll(async () => {
    const run = await runCli(['check', FAILING, '--as-of', AS_OF, '--format', 'junit']);
    expect(run.status).toBe(1);
    parsed = xml.parse(run.stdout) as XDoc;
    report = await jsonReport(FAILING);
  });

  it('has a testsuite per rule and a testcase per evaluated target, with matching counts', () => {
    // a first suite with the totals (no testcase), then one per rule
    const [summary, ...all] = parsed.testsuites.testsuite;
    expect(summary.name).toBe('summary');
    expect(summary.testcase ?? []).toHaveLength(0);
    // the warnings come last, one skipped testcase each
    const suites = all.filter((s) => s.name !== 'diagnostics');
    const warnings = all.find((s) => s.name === 'diagnostics')?.testcase ?? [];
    expect(warnings).toHaveLength(report.diagnostics.length);
    expect(suites.map((s) => s.name)).toEqual(report.outcomes.map((o) => o.ruleId));
    let tests = 0;
    for (const [i, outcome] of report.outcomes.entries()) {
      const suite = suites[i];
      const cases = suite.testcase ?? [];
      const evaluated = outcome.pass + outcome.fail + outcome.not_applicable + outcome.error;
      expect(cases).toHaveLength(evaluated);
      expect(Number(suite.tests)).toBe(evaluated);
      expect(Number(suite.failures)).toBe(outcome.fail);
      expect(cases.filter((c) => c.failure)).toHaveLength(outcome.fail);
      expect(Number(suite.skipped)).toBe(outcome.not_applicable);
      expect(cases.filter((c) => c.skipped !== undefined)).toHaveLength(outcome.not_applicable);
      expect(Number(suite.errors)).toBe(outcome.error);
      tests += evaluated;
    }
    expect(Number(parsed.testsuites.tests)).toBe(tests + warnings.length);
    expect(Number(parsed.testsuites.failures)).toBe(report.findings.length);
  });

  it('puts the message, severity and evidence in each failure', () => {
    const suites = parsed.testsuites.testsuite;
    const f = report.findings[0];
    const suite = suites.find((s) => s.name === f.ruleId);
    const target = [f.vendor?.id, f.service?.id, f.data ? `data/${f.data.index}` : undefined].filter(Boolean).join('/');
    const failure = suite?.testcase?.find((c: XCase) => c.name === target)?.failure;
    expect(failure?.message).toBe(f.message);
    expect(failure?.type).toBe(f.severity);
    expect(failure?.['#text']).toContain(f.evidence[0]);
    expect(failure?.['#text']).toContain(f.fingerprint);
  });

  it('escapes XML specials and strips characters illegal in XML 1.0', () => {
    expect(escapeXml(`a&b<c>d"e'f`)).toBe('a&amp;b&lt;c&gt;d&quot;e&apos;f');
    expect(stripControls('a\u0000b\u0007c\u001b[31md\u001b[0m\ud800e\tf\n')).toBe('abcde\tf\n');
  });
});

describe('CSV', () => {
  it('has one RFC 4180 row per finding that parses back to the JSON report', async () => {
    const report = await jsonReport(FAILING);
    const run = await runCli(['check', FAILING, '--as-of', AS_OF, '--format', 'csv']);
    expect(run.status).toBe(1);
    const rows = parseCsv(run.stdout, { columns: true, record_delimiter: '\r\n' }) as Record<string, string>[];
    expect(Object.keys(rows[0])).toEqual([...CSV_COLUMNS]);
    expect(rows).toHaveLength(report.findings.length);
    for (const [i, f] of report.findings.entries()) {
      expect(rows[i]).toMatchObject({
        fingerprint: f.fingerprint,
        severity: f.severity,
        rule: f.ruleId,
        vendor_id: f.vendor?.id ?? '',
        message: f.message,
        line: String(f.location?.line ?? ''),
        regimes: f.regimes.join(';'),
        // the JSON report (2.0.0) gives remediation once per rule; CSV repeats it on each row
        remediation: report.rules.find((r: { id: string }) => r.id === f.ruleId)?.remediation,
      });
    }
  });

  it('neutralises formula cells and quotes as RFC 4180 requires', () => {
    expect(csvCell('=1+1')).toBe("'=1+1");
    expect(csvCell('+x')).toBe("'+x");
    expect(csvCell('-x')).toBe("'-x");
    expect(csvCell('@SUM(A1)')).toBe("'@SUM(A1)");
    expect(csvCell('\t=cmd')).toBe("'=cmd");
    expect(csvCell('a,"b"')).toBe('"a,""b"""');
    expect(csvCell('plain')).toBe('plain');
  });
});

describe('hostile strings (real CLI)', () => {
  let dir: string;
  let file: string;
  beforeAll(() => {
    dir = tempDir();
    file = hostileInventory(dir);
  });

  it('JUnit stays well-formed and keeps hostile names as text', async () => {
    const run = await runCli(['check', file, '--as-of', AS_OF, '--format', 'junit']);
    expect(run.stderr).not.toContain('E_');
    expect(run.status).toBe(1);
    expect(run.stdout).not.toContain('<script>');
    expect(run.stdout).not.toContain(']]>');
    expect(run.stdout).not.toMatch(/[\u0000-\u0008\u000b\u000c\u000e-\u001f]/);
    const doc = xml.parse(run.stdout) as XDoc;
    const failures = doc.testsuites.testsuite.flatMap((s) => (s.testcase ?? []).filter((c: XCase) => c.failure));
    expect(failures.length).toBeGreaterThan(0);
    const texts = failures.map((c: XCase) => `${c.failure?.message}\n${c.failure?.['#text']}`).join('\n');
    expect(texts).toContain('<script>alert(1)</script>');
    expect(texts).toContain('"]]>');
    expect(texts).toContain('redbellnul');
    expect(doc.testsuites.name).toContain('<script>');
  });

  it('SARIF stays valid and free of control characters', async () => {
    const run = await runCli(['check', file, '--as-of', AS_OF, '--format', 'sarif']);
    expect(run.status).toBe(1);
    expect(run.stdout).not.toMatch(/\\u001b|\\u0000/);
    const sarif = JSON.parse(run.stdout);
    expectValidSarif(sarif);
    expect(JSON.stringify(sarif)).toContain('<script>alert(1)</script>');
  });

  it('CSV neutralises a =HYPERLINK vendor name', async () => {
    const run = await runCli(['check', file, '--as-of', AS_OF, '--format', 'csv']);
    expect(run.status).toBe(1);
    const rows = parseCsv(run.stdout, { columns: true }) as Record<string, string>[];
    const names = rows.map((r) => r.vendor_name);
    expect(names).toContain(`'${HOSTILE.formula}`);
    expect(names).not.toContain(HOSTILE.formula);
    for (const row of rows) for (const cell of Object.values(row)) expect(cell).not.toMatch(/^[=+\-@\t\r]/);
  });
});
