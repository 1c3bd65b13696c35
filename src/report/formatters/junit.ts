import type { Finding, OutcomeStatus } from '../../engine/types.js';
import { SEVERITIES } from '../../model/types.js';
import { englishList, formatNumber, plural } from '../../util/text.js';
import type { Report, StatusTotals } from '../types.js';
import { RankCut, severityOrder } from './cut.js';
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

/** One evaluated target of a rule (or, when targets were not recorded, one finding or error), before it is a case. */
interface Item {
  target: string;
  status: OutcomeStatus;
  message?: string;
  finding?: Finding;
}

/** A suite's items, made one at a time as they are written (three times over when the report is cut). */
interface Suite {
  rule: { id: string; severity: string; title: string };
  items: () => Iterable<Item>;
  /** How many cases the whole document writes for the rule: its targets, or its findings and errors. */
  total: number;
  /**
   * With the targets recorded: how many passed and were not applicable, from the outcome's counts (past
   * `--junit-max-tests` the evaluation keeps only the targets that fail or err).
   */
  counted?: { passes: number; notApplicable: number };
}

export interface JunitOptions {
  /**
   * Keep the document within about this many test cases (`--junit-max-tests`): CI systems refuse large JUnit
   * reports. Past it, passing and not-applicable targets are counted in one test case per rule, and the other cases
   * are listed in order of importance (evaluation errors, then failures from critical to info, then waived and
   * baseline findings, then warnings) as long as they fit, the rest counted in one case per rule.
   */
  maxTests?: number;
}

/**
 * JUnit XML: a <testsuite> per rule and a <testcase> per evaluated target (passes included, from
 * the outcome targets recorded when JUnit is asked for). Fails → <failure>, not applicable,
 * waived and baseline findings → <skipped>, evaluation errors → <error>.
 */
export function formatJunit(report: Report, options: JunitOptions = {}): string {
  return [...junitChunks(report, options)].join('');
}

/** Where a case that is neither a pass nor not applicable stands when not every case fits (lower: kept first). */
function rankOf(kind: Case['kind'], severity: string): number {
  if (kind === 'error') return 0;
  if (kind === 'failure') return 1 + severityOrder(severity);
  return 1 + SEVERITIES.length;
}
/** The warnings' rank: listed last. */
const WARNING_RANK = 2 + SEVERITIES.length;
const RANKS = WARNING_RANK + 1;

/** What one suite of a cut document writes. */
interface CutSuite {
  passes: number;
  notApplicable: number;
  listed: Counts;
  /** The cases not listed, by kind. */
  unlisted: { failures: number; errors: number; skipped: number };
}

/**
 * formatJunit's text in pieces, a line each: at 100k vendors the document has millions of test cases and is over
 * the longest string V8 can make (10k vendors: 57 MB), so the writer gets it line by line, never as one string.
 * What each suite counts is worked out first (the totals lead the document), from each case's kind only; a case's
 * text is made when it is written.
 */
export function* junitChunks(report: Report, options: JunitOptions = {}): Generator<string> {
  const findingsBy = new Map<string, Finding>();
  for (const f of report.findings) findingsBy.set(`${f.ruleId}\u0000${findingTarget(f)}`, f);
  const rules = new Map(report.rules.map((r) => [r.id, r]));
  const suites: Suite[] = [];
  for (const outcome of report.outcomes) {
    const rule = rules.get(outcome.ruleId) ?? { id: outcome.ruleId, severity: 'info', title: outcome.ruleId };
    const targets = outcome.targets;
    let items: () => Iterable<Item>;
    let counted: Suite['counted'];
    let total: number;
    if (targets) {
      const { pass, fail, not_applicable, error } = outcome;
      counted = { passes: pass, notApplicable: not_applicable };
      total = pass + fail + not_applicable + error;
      items = function* () {
        for (const t of targets) {
          const finding = findingsBy.get(`${rule.id}\u0000${t.target}`);
          yield { target: t.target, status: t.status, message: t.message, finding };
        }
      };
    } else {
      // Targets were not recorded: fall back to one testcase per finding and one per error.
      const found = report.findings.filter((f) => f.ruleId === rule.id);
      const errors = outcome.errors ?? [];
      total = found.length + errors.length;
      items = function* () {
        for (const f of found) yield { target: findingTarget(f), status: 'fail', finding: f };
        for (const e of errors) yield { target: 'error', status: 'error', message: e };
      };
    }
    suites.push({ rule, items, total, counted });
  }
  const kindOf = (item: Item): Case['kind'] => caseKind(item.status, item.finding);
  const rankOfItem = (rule: Suite['rule'], item: Item): number =>
    rankOf(kindOf(item), item.finding?.severity ?? rule.severity);
  const grouped = (item: Item): boolean => item.status === 'pass' || item.status === 'not_applicable';

  // how many cases the whole document writes
  const diagnostics = report.diagnostics.length;
  const all = suites.reduce((n, suite) => n + suite.total, diagnostics);
  const max = options.maxTests;
  const cut = max !== undefined && all > max;
  // what fits besides the counted cases: the listable ones, most important first (none is asked for when not cut)
  let listing: RankCut | undefined;
  if (cut) {
    // the listable cases by rank, and the cases the cut document writes whatever it lists
    const byRank = new Array<number>(RANKS).fill(0);
    byRank[WARNING_RANK] = diagnostics;
    let groups = 0;
    let reserve = diagnostics > 0 ? 1 : 0;
    for (const { rule, items, counted } of suites) {
      let listable = 0;
      for (const item of items()) {
        if (grouped(item)) continue;
        listable++;
        byRank[rankOfItem(rule, item)]++;
      }
      groups += (counted?.passes ? 1 : 0) + (counted?.notApplicable ? 1 : 0);
      if (listable > 0) reserve++;
    }
    listing = RankCut.of(byRank, Math.max(0, max - groups - reserve));
  }

  // what each suite writes, and the totals that lead the document
  const total: Counts = { tests: 0, failures: 0, errors: 0, skipped: 0 };
  const add = (count: Counts, kind: Case['kind']): void => {
    count.tests++;
    if (kind === 'failure') count.failures++;
    else if (kind === 'error') count.errors++;
    else if (kind === 'skipped') count.skipped++;
  };
  const counts: Counts[] = [];
  const cutSuites: CutSuite[] = [];
  let unlistedCases = 0;
  {
    const deciding = listing?.again();
    for (const { rule, items, counted } of suites) {
      const count: Counts = { tests: 0, failures: 0, errors: 0, skipped: 0 };
      const c: CutSuite = {
        passes: counted?.passes ?? 0,
        notApplicable: counted?.notApplicable ?? 0,
        listed: { tests: 0, failures: 0, errors: 0, skipped: 0 },
        unlisted: { failures: 0, errors: 0, skipped: 0 },
      };
      for (const item of items()) {
        const kind = kindOf(item);
        if (!deciding) {
          add(count, kind);
          continue;
        }
        if (grouped(item)) continue;
        if (deciding.lists(rankOfItem(rule, item))) add(c.listed, kind);
        else if (kind === 'failure') c.unlisted.failures++;
        else if (kind === 'error') c.unlisted.errors++;
        else c.unlisted.skipped++;
      }
      if (cut) {
        const { failures, errors, skipped } = c.unlisted;
        unlistedCases += failures + errors + skipped;
        for (const key of ['tests', 'failures', 'errors', 'skipped'] as const) count[key] += c.listed[key];
        if (c.passes > 0) add(count, 'pass');
        if (c.notApplicable > 0) add(count, 'skipped');
        if (failures + errors + skipped > 0) add(count, unlistedKind(c));
        cutSuites.push(c);
      }
      counts.push(count);
      for (const key of ['tests', 'failures', 'errors', 'skipped'] as const) total[key] += count[key];
    }
  }
  // warnings: one skipped testcase each (visible in CI test views, never a failure), as many as fit when cut
  const listedWarnings = listing ? listing.listedOf(WARNING_RANK, diagnostics) : diagnostics;
  const unlistedWarnings = diagnostics - listedWarnings;
  const warningCases = listedWarnings + (unlistedWarnings > 0 ? 1 : 0);
  total.tests += warningCases;
  total.skipped += warningCases;

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
    ...(cut
      ? [
          `      <property name="junit-max-tests" value="${escapeXmlAttribute(cutPhrase(max, all, total.tests, unlistedCases + unlistedWarnings))}"/>`,
        ]
      : []),
    '    </properties>',
    '  </testsuite>',
  ];
  yield `${summary.join('\n')}\n`;
  const writing = listing?.again();
  for (let s = 0; s < suites.length; s++) {
    const { rule, items } = suites[s];
    const count = counts[s];
    const classname = escapeXmlAttribute(`residency.${rule.id}`);
    const testcase = (c: Case): string =>
      c.body === ''
        ? `    <testcase name="${escapeXmlAttribute(c.name)}" classname="${classname}" time="0"/>\n`
        : `    <testcase name="${escapeXmlAttribute(c.name)}" classname="${classname}" time="0">\n      ${c.body}\n    </testcase>\n`;
    yield [
      `  <testsuite name="${escapeXmlAttribute(rule.id)}" tests="${count.tests}" failures="${count.failures}" errors="${count.errors}" skipped="${count.skipped}" time="0" timestamp="${report.asOf}T00:00:00">`,
      '    <properties>',
      `      <property name="title" value="${escapeXmlAttribute(oneLine(rule.title))}"/>`,
      `      <property name="severity" value="${escapeXmlAttribute(rule.severity)}"/>`,
      '    </properties>\n',
    ].join('\n');
    for (const item of items()) {
      if (writing && (grouped(item) || !writing.lists(rankOfItem(rule, item)))) continue;
      yield testcase(caseFor(rule, item.target, item.status, item.message, item.finding));
    }
    if (cut) for (const c of countedCases(rule, cutSuites[s], max)) yield testcase(c);
    yield '  </testsuite>\n';
  }
  if (warningCases > 0) {
    const classname = 'residency.diagnostics';
    yield `  <testsuite name="diagnostics" tests="${warningCases}" failures="0" errors="0" skipped="${warningCases}" time="0" timestamp="${report.asOf}T00:00:00">\n`;
    for (let i = 0; i < listedWarnings; i++) {
      const d = report.diagnostics[i];
      const place = diagnosticPlace(d);
      const text = oneLine(`${d.severity} ${d.code}: ${diagnosticText(d)}`);
      yield `    <testcase name="${escapeXmlAttribute(`${d.code}${place ? ` ${place}` : ''}`)}" classname="${classname}" time="0">\n      <skipped message="${escapeXmlAttribute(text)}"/>\n    </testcase>\n`;
    }
    if (unlistedWarnings > 0) {
      const text = `${formatNumber(unlistedWarnings)} more warning(s) not listed (--junit-max-tests ${formatNumber(max ?? 0)}): the JSON report lists every one`;
      yield `    <testcase name="warnings not listed" classname="${classname}" time="0">\n      <skipped message="${escapeXmlAttribute(text)}"/>\n    </testcase>\n`;
    }
    yield '  </testsuite>\n';
  }
  yield '</testsuites>\n';
}

/** The kind of a cut suite's one case for what it does not list: a failure if any is a failure, then an error. */
function unlistedKind(c: CutSuite): Case['kind'] {
  return c.unlisted.failures > 0 ? 'failure' : c.unlisted.errors > 0 ? 'error' : 'skipped';
}

/** A cut suite's counted cases: its passing targets, its not-applicable targets, and what it does not list. */
function countedCases(rule: { severity: string }, c: CutSuite, max: number | undefined): Case[] {
  const flag = `--junit-max-tests ${formatNumber(max ?? 0)}`;
  const cases: Case[] = [];
  if (c.passes > 0)
    cases.push({
      name: 'passing targets',
      kind: 'pass',
      body: `<system-out>${escapeXml(`${plural(c.passes, 'target passes', 'targets pass')}, counted in this one test case (${flag})`)}</system-out>`,
    });
  if (c.notApplicable > 0)
    cases.push({
      name: 'not-applicable targets',
      kind: 'skipped',
      body: `<skipped message="${escapeXmlAttribute(`not applicable: ${plural(c.notApplicable, 'target')}, counted in this one test case (${flag})`)}"/>`,
    });
  const { failures, errors, skipped } = c.unlisted;
  if (failures + errors + skipped > 0) {
    const parts = [
      ...(failures > 0 ? [`${formatNumber(failures)} failing`] : []),
      ...(errors > 0 ? [`${formatNumber(errors)} in error`] : []),
      ...(skipped > 0 ? [`${formatNumber(skipped)} waived or in the baseline`] : []),
    ];
    const text = `${englishList(parts)} ${failures + errors + skipped === 1 ? 'target' : 'targets'} not listed (${flag}, the most important listed first): the JSON, SARIF and CSV reports list every finding`;
    const kind = unlistedKind(c);
    const body =
      kind === 'failure'
        ? `<failure message="${escapeXmlAttribute(text)}" type="${escapeXmlAttribute(rule.severity)}">${escapeXml(text)}</failure>`
        : kind === 'error'
          ? `<error message="${escapeXmlAttribute(text)}" type="evaluation-error">${escapeXml(text)}</error>`
          : `<skipped message="${escapeXmlAttribute(text)}"/>`;
    cases.push({ name: 'targets not listed', kind, body });
  }
  return cases;
}

/** The summary's note of a cut document. */
function cutPhrase(max: number | undefined, all: number, written: number, unlisted: number): string {
  return `${formatNumber(written)} test cases for ${formatNumber(all)} (at most about ${formatNumber(max ?? 0)}): passing and not-applicable targets counted in one test case per rule${unlisted > 0 ? `, ${formatNumber(unlisted)} other targets and warnings counted, not listed` : ''}`;
}
