import type { Finding, OutcomeStatus } from '../../engine/types.js';
import type { Report, StatusTotals } from '../types.js';
import { diagnosticPlace, diagnosticText } from './diagnostics.js';
import { escapeXml, escapeXmlAttribute, oneLine } from './escape.js';
import { basisRows, findingsPhrase, regimeRows } from './summary.js';

/** The evaluation target a finding was raised on, spelled as the engine records outcome targets. */
export function findingTarget(f: Finding): string {
  if (f.scope === 'organisation' || !f.vendor) return 'organisation';
  const parts = [f.vendor.id];
  if (f.service) parts.push(f.service.id);
  if (f.data) parts.push('data', String(f.data.index));
  return parts.join('/');
}

interface Case {
  name: string;
  kind: 'pass' | 'failure' | 'skipped' | 'error';
  body: string;
}

function failureText(f: Finding): string {
  const lines = [oneLine(f.message)];
  if (f.location) lines.push(`at ${f.location.file}:${f.location.line}:${f.location.column}`);
  if (f.evidence.length > 0) lines.push('evidence:', ...f.evidence.map((e) => `  - ${oneLine(e)}`));
  if (f.regimes.length > 0) lines.push(`regimes: ${f.regimes.join(', ')}`);
  lines.push(`remediation: ${oneLine(f.remediation)}`);
  lines.push(`fingerprint: ${f.fingerprint}`);
  return lines.join('\n');
}

function caseFor(
  rule: { id: string; severity: string },
  target: string,
  status: OutcomeStatus,
  message: string | undefined,
  finding: Finding | undefined,
): Case {
  const name = target;
  if (status === 'pass') return { name, kind: 'pass', body: '' };
  if (status === 'not_applicable') {
    return { name, kind: 'skipped', body: `<skipped message="${escapeXmlAttribute('not applicable')}"/>` };
  }
  if (status === 'error') {
    const text = oneLine(message ?? 'rule evaluation error');
    return {
      name,
      kind: 'error',
      body: `<error message="${escapeXmlAttribute(text)}" type="evaluation-error">${escapeXml(text)}</error>`,
    };
  }
  if (finding && finding.status !== 'open') {
    const why =
      finding.status === 'waived'
        ? `waived: ${finding.waiver?.reason ?? ''}${finding.waiver ? ` (approved by ${finding.waiver.approvedBy}, expires ${finding.waiver.expires})` : ''}`
        : 'in the baseline (existing finding)';
    return { name, kind: 'skipped', body: `<skipped message="${escapeXmlAttribute(oneLine(why))}"/>` };
  }
  const text = finding ? oneLine(finding.message) : oneLine(message ?? 'failed');
  const detail = finding ? failureText(finding) : text;
  return {
    name,
    kind: 'failure',
    body: `<failure message="${escapeXmlAttribute(text)}" type="${escapeXmlAttribute(rule.severity)}">${escapeXml(detail)}</failure>`,
  };
}

/**
 * JUnit XML: a <testsuite> per rule and a <testcase> per evaluated target (passes included, from
 * the outcome targets recorded when JUnit is asked for). Fails → <failure>, not applicable,
 * waived and baseline findings → <skipped>, evaluation errors → <error>.
 */
export function formatJunit(report: Report): string {
  const findingsBy = new Map<string, Finding>();
  for (const f of report.findings) findingsBy.set(`${f.ruleId}\u0000${findingTarget(f)}`, f);
  const rules = new Map(report.rules.map((r) => [r.id, r]));
  const suites: string[] = [];
  const total = { tests: 0, failures: 0, errors: 0, skipped: 0 };
  for (const outcome of report.outcomes) {
    const rule = rules.get(outcome.ruleId) ?? { id: outcome.ruleId, severity: 'info', title: outcome.ruleId };
    let cases: Case[];
    if (outcome.targets) {
      cases = outcome.targets.map((t) =>
        caseFor(rule, t.target, t.status, t.message, findingsBy.get(`${rule.id}\u0000${t.target}`)),
      );
    } else {
      // Targets were not recorded: fall back to one testcase per finding and one per error.
      cases = report.findings
        .filter((f) => f.ruleId === rule.id)
        .map((f) => caseFor(rule, findingTarget(f), 'fail', undefined, f));
      for (const e of outcome.errors ?? []) cases.push(caseFor(rule, 'error', 'error', e, undefined));
    }
    const count = {
      tests: cases.length,
      failures: cases.filter((c) => c.kind === 'failure').length,
      errors: cases.filter((c) => c.kind === 'error').length,
      skipped: cases.filter((c) => c.kind === 'skipped').length,
    };
    total.tests += count.tests;
    total.failures += count.failures;
    total.errors += count.errors;
    total.skipped += count.skipped;
    const classname = escapeXmlAttribute(`residency.${rule.id}`);
    const lines = [
      `  <testsuite name="${escapeXmlAttribute(rule.id)}" tests="${count.tests}" failures="${count.failures}" errors="${count.errors}" skipped="${count.skipped}" time="0" timestamp="${report.asOf}T00:00:00">`,
      '    <properties>',
      `      <property name="title" value="${escapeXmlAttribute(oneLine(rule.title))}"/>`,
      `      <property name="severity" value="${escapeXmlAttribute(rule.severity)}"/>`,
      '    </properties>',
      ...cases.map((c) =>
        c.body === ''
          ? `    <testcase name="${escapeXmlAttribute(c.name)}" classname="${classname}" time="0"/>`
          : `    <testcase name="${escapeXmlAttribute(c.name)}" classname="${classname}" time="0">\n      ${c.body}\n    </testcase>`,
      ),
      '  </testsuite>',
    ];
    suites.push(lines.join('\n'));
  }
  // warnings: one skipped testcase each (visible in CI test views, never a failure)
  if (report.diagnostics.length > 0) {
    const classname = 'residency.diagnostics';
    const cases = report.diagnostics.map((d) => {
      const place = diagnosticPlace(d);
      const text = oneLine(`${d.severity} ${d.code}: ${diagnosticText(d)}`);
      return `    <testcase name="${escapeXmlAttribute(`${d.code}${place ? ` ${place}` : ''}`)}" classname="${classname}" time="0">\n      <skipped message="${escapeXmlAttribute(text)}"/>\n    </testcase>`;
    });
    total.tests += cases.length;
    total.skipped += cases.length;
    suites.push(
      [
        `  <testsuite name="diagnostics" tests="${cases.length}" failures="0" errors="0" skipped="${cases.length}" time="0" timestamp="${report.asOf}T00:00:00">`,
        ...cases,
        '  </testsuite>',
      ].join('\n'),
    );
  }
  const name = escapeXmlAttribute(`residency: ${oneLine(report.organisation.name)} (as of ${report.asOf})`);
  // the auditor's totals first: an empty suite whose properties count findings by regime and basis
  const totals = (key: string, t: StatusTotals): string =>
    `      <property name="${escapeXmlAttribute(key)}" value="${t.findings} finding(s): ${t.open} open, ${t.existing} in the baseline, ${t.waived} waived"/>`;
  const summary = [
    `  <testsuite name="summary" tests="0" failures="0" errors="0" skipped="0" time="0" timestamp="${report.asOf}T00:00:00">`,
    '    <properties>',
    `      <property name="findings" value="${escapeXmlAttribute(findingsPhrase(report))}"/>`,
    ...regimeRows(report).map((r) => totals(`regime ${r.key}: ${oneLine(r.label)}`, r)),
    ...basisRows(report).map((r) => totals(`basis ${r.key}`, r)),
    '    </properties>',
    '  </testsuite>',
  ].join('\n');
  return [
    '<?xml version="1.0" encoding="UTF-8"?>',
    `<testsuites name="${name}" tests="${total.tests}" failures="${total.failures}" errors="${total.errors}" skipped="${total.skipped}" time="0">`,
    summary,
    ...suites,
    '</testsuites>',
    '',
  ].join('\n');
}
