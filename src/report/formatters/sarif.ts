import type { Finding, Reference } from '../../engine/types.js';
import { type Diagnostic, SEVERITIES, type Severity } from '../../model/types.js';
import { spliceLists } from '../../util/json-pieces.js';
import { formatNumber } from '../../util/text.js';
import { findingsOneByOne, findingsToCount } from '../items.js';
import type { Report, ReportRule } from '../types.js';
import { RankCut, severityOrder } from './cut.js';
import { diagnosticText } from './diagnostics.js';
import { oneLine, stripControls } from './escape.js';

/** Where SARIF consumers send a reader who wants to know what `residency` is. */
export const INFORMATION_URI = 'https://www.npmjs.com/package/residency';

export type SarifLevel = 'error' | 'warning' | 'note';

/** Severity → SARIF `level` (critical/high → error, medium → warning, low/info → note). */
export const SARIF_LEVEL: Record<Severity, SarifLevel> = {
  critical: 'error',
  high: 'error',
  medium: 'warning',
  low: 'note',
  info: 'note',
};

/** Severity → `security-severity` (GitHub code scanning: ≥9 critical, ≥7 high, ≥4 medium, >0 low). */
export const SECURITY_SEVERITY: Record<Severity, string> = {
  critical: '9.5',
  high: '8.0',
  medium: '5.5',
  low: '3.0',
  info: '0.0',
};

/** `adversary-hosted-data` → `AdversaryHostedData` (SARIF recommends a readable PascalCase name). */
function ruleName(id: string): string {
  return id
    .split(/[^A-Za-z0-9]+/)
    .filter(Boolean)
    .map((w) => w[0].toUpperCase() + w.slice(1))
    .join('');
}

function referenceText(r: Reference): string {
  return [r.title, r.citation ? `(${r.citation})` : '', r.url ?? ''].filter(Boolean).join(' ');
}

function referenceMarkdown(r: Reference): string {
  const title = mdText(r.title);
  const citation = r.citation ? ` (${mdText(r.citation)})` : '';
  return r.url && /^https?:\/\//.test(r.url)
    ? `- [${title}](<${r.url.replace(/[<>\s]/g, encodeURIComponent)}>)${citation}`
    : `- ${title}${citation}`;
}

/** Rule metadata comes from rule files (which may be third-party): keep it from opening HTML. */
function mdText(text: string): string {
  return oneLine(text)
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/([\\`*_[\]])/g, '\\$1');
}

function descriptor(rule: ReportRule) {
  const references = rule.references ?? [];
  const text = [
    stripControls(rule.description ?? rule.title),
    '',
    `Why: ${stripControls(rule.rationale)}`,
    '',
    `Remediation: ${stripControls(rule.remediation)}`,
    ...(references.length > 0 ? ['', 'References:', ...references.map((r) => `- ${oneLine(referenceText(r))}`)] : []),
  ].join('\n');
  const markdown = [
    `**${mdText(rule.title)}** (${rule.severity})`,
    '',
    mdText(rule.description ?? rule.title),
    '',
    '### Why it matters',
    '',
    mdText(rule.rationale),
    '',
    '### Remediation',
    '',
    mdText(rule.remediation),
    ...(references.length > 0 ? ['', '### References', '', ...references.map(referenceMarkdown)] : []),
    ...(rule.regimes.length > 0
      ? ['', `Regimes: ${rule.regimes.map((r) => `\`${oneLine(r).replace(/`/g, '')}\``).join(', ')}`]
      : []),
  ].join('\n');
  const firstUrl = references.find((r) => r.url && /^https?:\/\//.test(r.url))?.url;
  return {
    id: rule.id,
    name: ruleName(rule.id),
    shortDescription: { text: oneLine(rule.title) },
    fullDescription: { text: oneLine(rule.description ?? rule.rationale) },
    help: { text, markdown },
    ...(firstUrl ? { helpUri: firstUrl } : {}),
    defaultConfiguration: { level: SARIF_LEVEL[rule.severity] },
    properties: {
      'security-severity': SECURITY_SEVERITY[rule.severity],
      tags: ['security', 'supply-chain', 'data-residency', rule.scope, ...rule.regimes],
      precision: 'high',
      'problem.severity': SARIF_LEVEL[rule.severity] === 'note' ? 'recommendation' : SARIF_LEVEL[rule.severity],
      severity: rule.severity,
      scope: rule.scope,
      weight: rule.weight,
      source: rule.source,
    },
  };
}

const ABSOLUTE_WINDOWS = /^[A-Za-z]:[\\/]/;

/** A file path as given → SARIF artifactLocation (relative paths against %SRCROOT%). */
export function artifactLocation(file: string): { uri: string; uriBaseId?: string } {
  const slashed = file.replace(/\\/g, '/');
  const encode = (p: string): string =>
    p
      .split('/')
      .map((segment) => encodeURIComponent(segment))
      .join('/');
  if (slashed.startsWith('/')) return { uri: `file://${encode(slashed)}` };
  if (ABSOLUTE_WINDOWS.test(file)) return { uri: `file:///${slashed.slice(0, 2)}${encode(slashed.slice(2))}` };
  return { uri: encode(slashed.replace(/^\.\//, '')), uriBaseId: '%SRCROOT%' };
}

function target(f: Finding): string {
  return (
    [f.vendor?.id, f.service?.id, f.data ? `data/${f.data.index}` : undefined].filter(Boolean).join('/') ||
    'organisation'
  );
}

function result(f: Finding, ruleIndex: number, fallbackFile: string | undefined, baseline: boolean) {
  const file = f.location?.file ?? fallbackFile;
  const physicalLocation = file
    ? {
        physicalLocation: {
          artifactLocation: artifactLocation(file),
          region: { startLine: f.location?.line ?? 1, startColumn: f.location?.column ?? 1 },
        },
      }
    : {};
  return {
    ruleId: f.ruleId,
    ...(ruleIndex >= 0 ? { ruleIndex } : {}),
    level: SARIF_LEVEL[f.severity],
    message: { text: oneLine(f.message) },
    locations: [
      {
        ...physicalLocation,
        logicalLocations: [{ fullyQualifiedName: target(f), kind: f.scope === 'data' ? 'element' : 'resource' }],
      },
    ],
    partialFingerprints: { 'residency/v1': f.fingerprint },
    ...(f.status === 'waived'
      ? {
          suppressions: [
            {
              kind: 'external',
              status: 'accepted',
              justification: oneLine(
                `${f.waiver?.reason ?? 'waived'}${f.waiver ? ` (approved by ${f.waiver.approvedBy}, expires ${f.waiver.expires})` : ''}`,
              ),
            },
          ],
        }
      : {}),
    ...(baseline ? { baselineState: f.status === 'existing' ? 'unchanged' : 'new' } : {}),
    properties: {
      severity: f.severity,
      'security-severity': SECURITY_SEVERITY[f.severity],
      status: f.status,
      scope: f.scope,
      ...(f.vendor ? { vendor: { id: f.vendor.id, name: oneLine(f.vendor.name) } } : {}),
      ...(f.service
        ? { service: { id: f.service.id, name: oneLine(f.service.name), provider: f.service.provider } }
        : {}),
      ...(f.data ? { data: f.data } : {}),
      regimes: f.regimes,
      evidence: f.evidence.map(oneLine),
      ...(f.location?.pointer !== undefined ? { pointer: f.location.pointer } : {}),
    },
  };
}

/** A diagnostic as a SARIF notification: level, code, message with the fix, and where. */
function notification(d: Diagnostic): Record<string, unknown> {
  return {
    level: d.severity === 'error' ? 'error' : 'warning',
    descriptor: { id: d.code },
    message: { text: oneLine(diagnosticText(d)) },
    ...(d.file
      ? {
          locations: [
            {
              physicalLocation: {
                artifactLocation: artifactLocation(d.file),
                ...(d.line !== undefined ? { region: { startLine: d.line, startColumn: d.column ?? 1 } } : {}),
              },
            },
          ],
        }
      : {}),
  };
}

/** The notification of a run that does not write every finding as a result (`--sarif-max-results`). */
function cutNotification(limit: number, findings: number): Record<string, unknown> {
  return {
    level: 'warning',
    descriptor: { id: 'W_SARIF_RESULTS_CUT' },
    message: {
      text: `${formatNumber(limit)} of ${formatNumber(findings)} findings are written as results (--sarif-max-results ${limit}; GitHub code scanning rejects a run of more than 25,000): the open ones first, the most severe first, then those in the baseline, then the waived. The JSON report lists every finding.`,
    },
  };
}

/** The SARIF document of a report with the given results (none: sarifChunks splices them in), and what was cut. */
function sarifDocument(report: Report, results: unknown[], cut?: { limit: number; findings: number }) {
  const artifacts = report.inputs.map((input) => ({
    location: artifactLocation(input.path),
    hashes: { 'sha-256': input.sha256 },
  }));
  const s = report.summary;
  return {
    $schema: 'https://json.schemastore.org/sarif-2.1.0.json',
    version: '2.1.0',
    runs: [
      {
        tool: {
          driver: {
            name: 'residency',
            version: report.tool.version,
            semanticVersion: report.tool.version,
            informationUri: INFORMATION_URI,
            rules: report.rules.map(descriptor),
          },
        },
        automationDetails: { id: `residency/${report.asOf}` },
        // warnings (an unreadable module, an unknown region …) as tool notifications, never dropped
        invocations: [
          {
            executionSuccessful: true,
            toolExecutionNotifications: [
              ...report.diagnostics.map(notification),
              ...(cut ? [cutNotification(cut.limit, cut.findings)] : []),
            ],
          },
        ],
        originalUriBaseIds: {
          '%SRCROOT%': { description: { text: 'The folder residency was run from (input paths are relative to it).' } },
        },
        artifacts: artifacts.filter((a) => a.hashes['sha-256'] !== ''),
        results,
        columnKind: 'utf16CodeUnits',
        properties: {
          asOf: report.asOf,
          organisation: oneLine(report.organisation.name),
          verdict: s.verdict,
          score: s.score,
          grade: s.grade,
          counts: s.counts,
          open: s.open,
          existing: s.existing,
          waived: s.waived,
          totals: s.totals,
          regimes: report.regimes,
          failOn: s.failOn,
          minScore: s.minScore,
          reasons: s.reasons,
          rulePack: report.rulePack,
          catalog: report.catalog,
          ...(report.baseline ? { baseline: report.baseline } : {}),
          ...(report.identity ? { identity: report.identity } : {}),
          ...(cut ? { sarifMaxResults: { limit: cut.limit, findings: cut.findings } } : {}),
        },
      },
    ],
  };
}

/** The SARIF result of each finding (`ruleIndex` by the rule's place in `rules`). */
function resultMaker(report: Report): (f: Finding) => ReturnType<typeof result> {
  const ruleIds = new Map<string, number>();
  report.rules.forEach((r, i) => {
    ruleIds.set(r.id, i);
  });
  const fallbackFile = report.inputs[0]?.path;
  const baseline = report.baseline !== undefined;
  return (f) => result(f, ruleIds.get(f.ruleId) ?? -1, fallbackFile, baseline);
}

export interface SarifOptions {
  /**
   * Write at most this many results (`--sarif-max-results`): GitHub code scanning rejects a run of more than 25,000.
   * The open findings go first, the most severe first, then those in the baseline and the waived ones, each in the
   * report's order; a notification and the run's properties say how many were left out.
   */
  maxResults?: number;
}

/**
 * SARIF 2.1.0 (OASIS): one reportingDescriptor per rule, one result per finding, with
 * partialFingerprints, suppressions for waivers and baselineState when a baseline was used.
 */
export function formatSarif(report: Report, options: SarifOptions = {}): string {
  return [...sarifChunks(report, options)].join('');
}

/**
 * The SARIF report in pieces, the same bytes as formatSarif: the document without its results, and one result per
 * piece where they go (`spliceLists`), each made and stringified as it is written (100k vendors make 184 MB of
 * SARIF: never one string, and no result object outlives its piece).
 */
export function* sarifChunks(report: Report, options: SarifOptions = {}): Generator<string> {
  const findings = findingsOneByOne(report);
  const resultOf = resultMaker(report);
  const written = writtenFindings(report, options.maxResults);
  const results = written
    ? { key: 'results', length: written.length, at: (i: number) => resultOf(findings.at(written[i])) }
    : { key: 'results', length: findings.length, at: (i: number) => resultOf(findings.at(i)) };
  const cut = written ? { limit: options.maxResults as number, findings: findings.length } : undefined;
  yield* spliceLists(JSON.stringify(sarifDocument(report, [], cut), null, 2), [results]);
  yield '\n';
}

/**
 * Which findings a run of at most `max` results writes (their places in the report, in its order), or undefined
 * when every one fits: the open ones from critical to info, then those in the baseline, then the waived, each rank
 * taken whole while it fits and the one that does not fit from its first findings in the report's order.
 */
function writtenFindings(report: Report, max: number | undefined): Int32Array | undefined {
  const findings = findingsToCount(report);
  if (max === undefined || findings.length <= max) return undefined;
  const ranks = SEVERITIES.length;
  const rankOf = (f: Pick<Finding, 'severity' | 'status'>): number =>
    f.status === 'open' ? severityOrder(f.severity) : f.status === 'existing' ? ranks : ranks + 1;
  const byRank = new Array<number>(ranks + 2).fill(0);
  for (const f of findings) byRank[rankOf(f)]++;
  const cut = RankCut.of(byRank, max);
  const written = new Int32Array(max);
  let n = 0;
  for (let i = 0; i < findings.length; i++) if (cut.lists(rankOf(findings[i]))) written[n++] = i;
  return written.subarray(0, n);
}
