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

/** How a target's outcome is written: a pass, a failure, skipped (not applicable, waived, in the baseline) or an error. */
function caseKind(status: OutcomeStatus, finding: Finding | undefined): Case['kind'] {
  if (status === 'pass') return 'pass';
  if (status === 'not_applicable') return 'skipped';
  if (status === 'error') return 'error';
  if (finding && finding.status !== 'open') return 'skipped';
  return 'failure';
}

function caseFor(
  rule: { id: string; severity: string },
  target: string,
  status: OutcomeStatus,
  message: string | undefined,
  finding: Finding | undefined,
): Case {
  const name = target;
  const kind = caseKind(status, finding);
  if (kind === 'pass') return { name, kind, body: '' };
  if (status === 'not_applicable') {
    return { name, kind, body: `<skipped message="${escapeXmlAttribute('not applicable')}"/>` };
  }
  if (kind === 'error') {
    const text = oneLine(message ?? 'rule evaluation error');
    return {
      name,
      kind,
      body: `<error message="${escapeXmlAttribute(text)}" type="evaluation-error">${escapeXml(text)}</error>`,
    };
  }
  if (finding && kind === 'skipped') {
    const why =
      finding.status === 'waived'
        ? `waived: ${finding.waiver?.reason ?? ''}${finding.waiver ? ` (approved by ${finding.waiver.approvedBy}, expires ${finding.waiver.expires})` : ''}`
        : 'in the baseline (existing finding)';
    return { name, kind, body: `<skipped message="${escapeXmlAttribute(oneLine(why))}"/>` };
  }
  const text = finding ? oneLine(finding.message) : oneLine(message ?? 'failed');
  const detail = finding ? failureText(finding) : text;
  return {
    name,
    kind,
    body: `<failure message="${escapeXmlAttribute(text)}" type="${escapeXmlAttribute(rule.severity)}">${escapeXml(detail)}</failure>`,
  };
}

interface Counts {
  tests: number;
  failures: number;
  errors: number;
  skipped: number;
}

/** A suite's cases, made one at a time as they are written, and what they count. */
interface Suite {
  rule: { id: string; severity: string; title: string };
  count: Counts;
  cases: () => Iterable<Case>;
}

/**
 * JUnit XML: a <testsuite> per rule and a <testcase> per evaluated target (passes included, from
 * the outcome targets recorded when JUnit is asked for). Fails → <failure>, not applicable,
 * waived and baseline findings → <skipped>, evaluation errors → <error>.
 */
export function formatJunit(report: Report): string {
  return [...junitChunks(report)].join('');
}

/**
 * formatJunit's text in pieces, a line each: at 100k vendors the document has millions of test cases and is over
 * the longest string V8 can make (10k vendors: 57 MB), so the writer gets it line by line, never as one string.
 * What each suite counts is worked out first (the totals lead the document), from each case's kind only; a case's
 * text is made when it is written.
 */
export function* junitChunks(report: Report): Generator<string> {
  const findingsBy = new Map<string, Finding>();
  for (const f of report.findings) findingsBy.set(`${f.ruleId}\u0000${findingTarget(f)}`, f);
  const rules = new Map(report.rules.map((r) => [r.id, r]));
  const suites: Suite[] = [];
  const total: Counts = { tests: 0, failures: 0, errors: 0, skipped: 0 };
  const add = (count: Counts, kind: Case['kind']): void => {
    count.tests++;
    if (kind === 'failure') count.failures++;
    else if (kind === 'error') count.errors++;
    else if (kind === 'skipped') count.skipped++;
  };
  for (const outcome of report.outcomes) {
    const rule = rules.get(outcome.ruleId) ?? { id: outcome.ruleId, severity: 'info', title: outcome.ruleId };
    const count: Counts = { tests: 0, failures: 0, errors: 0, skipped: 0 };
    let cases: () => Iterable<Case>;
    const targets = outcome.targets;
    if (targets) {
      const findingOf = (target: string) => findingsBy.get(`${rule.id}\u0000${target}`);
      for (const t of targets) add(count, caseKind(t.status, findingOf(t.target)));
      cases = function* () {
        for (const t of targets) yield caseFor(rule, t.target, t.status, t.message, findingOf(t.target));
      };
    } else {
      // Targets were not recorded: fall back to one testcase per finding and one per error.
      const found = report.findings.filter((f) => f.ruleId === rule.id);
      const errors = outcome.errors ?? [];
      for (const f of found) add(count, caseKind('fail', f));
      for (const _ of errors) add(count, 'error');
      cases = function* () {
        for (const f of found) yield caseFor(rule, findingTarget(f), 'fail', undefined, f);
        for (const e of errors) yield caseFor(rule, 'error', 'error', e, undefined);
      };
    }
    for (const key of ['tests', 'failures', 'errors', 'skipped'] as const) total[key] += count[key];
    suites.push({ rule, count, cases });
  }
  // warnings: one skipped testcase each (visible in CI test views, never a failure)
  const diagnostics = report.diagnostics.length;
  total.tests += diagnostics;
  total.skipped += diagnostics;
  const name = escapeXmlAttribute(`residency: ${oneLine(report.organisation.name)} (as of ${report.asOf})`);
  yield '<?xml version="1.0" encoding="UTF-8"?>\n';
  yield `<testsuites name="${name}" tests="${total.tests}" failures="${total.failures}" errors="${total.errors}" skipped="${total.skipped}" time="0">\n`;
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
  ];
  yield `${summary.join('\n')}\n`;
  for (const { rule, count, cases } of suites) {
    const classname = escapeXmlAttribute(`residency.${rule.id}`);
    yield [
      `  <testsuite name="${escapeXmlAttribute(rule.id)}" tests="${count.tests}" failures="${count.failures}" errors="${count.errors}" skipped="${count.skipped}" time="0" timestamp="${report.asOf}T00:00:00">`,
      '    <properties>',
      `      <property name="title" value="${escapeXmlAttribute(oneLine(rule.title))}"/>`,
      `      <property name="severity" value="${escapeXmlAttribute(rule.severity)}"/>`,
      '    </properties>\n',
    ].join('\n');
    for (const c of cases())
      yield c.body === ''
        ? `    <testcase name="${escapeXmlAttribute(c.name)}" classname="${classname}" time="0"/>\n`
        : `    <testcase name="${escapeXmlAttribute(c.name)}" classname="${classname}" time="0">\n      ${c.body}\n    </testcase>\n`;
    yield '  </testsuite>\n';
  }
  if (diagnostics > 0) {
    const classname = 'residency.diagnostics';
    yield `  <testsuite name="diagnostics" tests="${diagnostics}" failures="0" errors="0" skipped="${diagnostics}" time="0" timestamp="${report.asOf}T00:00:00">\n`;
    for (const d of report.diagnostics) {
      const place = diagnosticPlace(d);
      const text = oneLine(`${d.severity} ${d.code}: ${diagnosticText(d)}`);
      yield `    <testcase name="${escapeXmlAttribute(`${d.code}${place ? ` ${place}` : ''}`)}" classname="${classname}" time="0">\n      <skipped message="${escapeXmlAttribute(text)}"/>\n    </testcase>\n`;
    }
    yield '  </testsuite>\n';
  }
  yield '</testsuites>\n';
}
