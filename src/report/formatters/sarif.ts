import type { Finding, Reference } from '../../engine/types.js';
import type { Diagnostic, Severity } from '../../model/types.js';
import { spliceLists } from '../../util/json-pieces.js';
import { findingsOneByOne } from '../items.js';
import type { Report, ReportRule } from '../types.js';
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

/** The SARIF document of a report with the given results (formatSarif: every result; sarifChunks: none, spliced in). */
function sarifDocument(report: Report, results: unknown[]) {
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
            toolExecutionNotifications: report.diagnostics.map(notification),
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

/**
 * SARIF 2.1.0 (OASIS): one reportingDescriptor per rule, one result per finding, with
 * partialFingerprints, suppressions for waivers and baselineState when a baseline was used.
 */
export function formatSarif(report: Report): string {
  return `${JSON.stringify(sarifDocument(report, report.findings.map(resultMaker(report))), null, 2)}\n`;
}

/**
 * The SARIF report in pieces, the same bytes as formatSarif: the document without its results, and one result per
 * piece where they go (`spliceLists`), each made and stringified as it is written (100k vendors make 184 MB of
 * SARIF: never one string, and no result object outlives its piece).
 */
export function* sarifChunks(report: Report): Generator<string> {
  const findings = findingsOneByOne(report);
  const resultOf = resultMaker(report);
  const results = { key: 'results', length: findings.length, at: (i: number) => resultOf(findings.at(i)) };
  yield* spliceLists(JSON.stringify(sarifDocument(report, []), null, 2), [results]);
  yield '\n';
}
