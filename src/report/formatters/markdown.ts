import type { Finding, Reference } from '../../engine/types.js';
import { SEVERITIES, type Severity } from '../../model/types.js';
import { findingsOneByOne, findingsToCount } from '../items.js';
import type { Report } from '../types.js';
import { diagnosticPlace, diagnosticText, groupDiagnostics } from './diagnostics.js';
import { escapeMarkdown, markdownCell, oneLine } from './escape.js';
import {
  basisRows,
  bySeverity,
  findingsPhrase,
  regimeRows,
  STATUS_HEADINGS,
  statusColumns,
  type TotalsRow,
} from './summary.js';

const ICON: Record<Severity, string> = {
  critical: '🟥',
  high: '🟧',
  medium: '🟨',
  low: '🟦',
  info: '⬜',
};

function location(f: Finding): string {
  return f.location ? `${f.location.file}:${f.location.line}:${f.location.column}` : '';
}

function reference(r: Reference): string {
  const title = escapeMarkdown(r.title);
  const citation = r.citation ? ` (${escapeMarkdown(r.citation)})` : '';
  if (r.url && /^https?:\/\/[^\s<>"]+$/.test(r.url)) return `- [${title}](<${r.url}>)${citation}`;
  return `- ${title}${citation}`;
}

/** `<summary>` text: HTML context inside a details block, so escape as inline Markdown too. */
function summaryLine(f: Finding): string {
  const who = [f.vendor?.name, f.service?.name ?? f.service?.id].filter(Boolean).join(' / ');
  return `${ICON[f.severity]} <b>${escapeMarkdown(f.severity.toUpperCase())}</b> ${markdownCell(f.ruleId)}${who ? ` — ${escapeMarkdown(who)}` : ''}${f.status !== 'open' ? ` (${f.status})` : ''}`;
}

function details(f: Finding): string {
  const lines = [
    '<details>',
    `<summary>${summaryLine(f)}</summary>`,
    '',
    `**${escapeMarkdown(f.title)}**`,
    '',
    escapeMarkdown(f.message),
    '',
  ];
  if (f.location) lines.push(`Location: \`${oneLine(location(f)).replace(/`/g, "'")}\``, '');
  if (f.regimes.length > 0) lines.push(`Regimes: ${f.regimes.map(escapeMarkdown).join(', ')}`, '');
  if (f.evidence.length > 0) {
    lines.push('Evidence:', '');
    for (const e of f.evidence) lines.push(`- ${escapeMarkdown(e)}`);
    lines.push('');
  }
  if (f.inferred && f.inferred.length > 0) {
    lines.push('Inferred:', '');
    for (const i of f.inferred) lines.push(`- ${escapeMarkdown(i.fact)} (from ${escapeMarkdown(i.from)})`);
    lines.push('');
  }
  if (f.waiver) {
    lines.push(
      `Waived: ${escapeMarkdown(f.waiver.reason)} (approved by ${escapeMarkdown(f.waiver.approvedBy)}, expires ${escapeMarkdown(f.waiver.expires)})`,
      '',
    );
  }
  lines.push(`Remediation: ${escapeMarkdown(f.remediation)}`, '');
  if (f.references.length > 0) {
    lines.push('References:', '', ...f.references.map(reference), '');
  }
  lines.push(`Fingerprint: \`${f.fingerprint.replace(/[^0-9a-zA-Z]/g, '')}\``, '', '</details>');
  return lines.join('\n');
}

/** Totals by regime and by basis, as two tables. */
function totalsMarkdown(report: Report): string[] {
  const cols = statusColumns(report);
  const out: string[] = [];
  const table = (title: string, first: string, rows: TotalsRow[]): void => {
    if (rows.length === 0) return;
    out.push(`### ${title}`, '');
    out.push(
      `| ${first} | | ${cols.map((k) => STATUS_HEADINGS[k]).join(' | ')} |`,
      `| --- | --- |${cols.map(() => ' ---: |').join('')}`,
    );
    for (const r of rows)
      out.push(`| ${markdownCell(r.key)} | ${markdownCell(r.label)} | ${cols.map((k) => r[k]).join(' | ')} |`);
    out.push('');
  };
  table('By regime', 'Regime', regimeRows(report));
  table('By basis', 'Basis', basisRows(report));
  return out;
}

/** Every warning, grouped by code. */
function warningsMarkdown(report: Report): string[] {
  const groups = groupDiagnostics(report.diagnostics);
  if (groups.length === 0) return [];
  const out = [`### Warnings (${report.diagnostics.length})`, ''];
  for (const g of groups) {
    for (const d of g.items) {
      const place = diagnosticPlace(d);
      out.push(
        `- \`${g.code}\`${place ? ` \`${oneLine(place).replace(/`/g, "'")}\`` : ''}: ${escapeMarkdown(diagnosticText(d))}`,
      );
    }
  }
  out.push('');
  return out;
}

/**
 * GitHub-flavoured Markdown for `$GITHUB_STEP_SUMMARY` and pull-request comments: verdict, score,
 * counts by severity, a findings table and a collapsible block per finding.
 */
export function formatMarkdown(report: Report): string {
  return [...markdownChunks(report)].join('');
}

/** Lines, each ended by a line break, as one piece. */
function piece(lines: readonly string[]): string {
  return lines.length === 0 ? '' : `${lines.join('\n')}\n`;
}

/**
 * The Markdown report in pieces (formatMarkdown is them joined): the summary, then a piece per row of the
 * findings table and per finding's block, each made only when it is written (100k vendors make 131 MB of it).
 */
export function* markdownChunks(report: Report): Generator<string> {
  const s = report.summary;
  const out: string[] = [];
  out.push(`## residency: ${escapeMarkdown(report.organisation.name)}`, '');
  out.push(
    `${s.passed ? '✅ **PASS**' : '❌ **FAIL**'} — score **${s.score}/100** (grade **${escapeMarkdown(s.grade)}**), ${findingsPhrase(report)}; fail-on \`${s.failOn}\`${s.minScore > 0 ? `, min-score ${s.minScore}` : ''}; as of ${report.asOf}.`,
    '',
  );
  for (const reason of s.reasons) out.push(`- ${escapeMarkdown(reason)}`);
  if (s.reasons.length > 0) out.push('');

  // by severity, with the baseline's and the waived findings in their own columns: the rows add up
  const columns: [string, Finding['status']][] = [['Open', 'open']];
  if (s.existing) columns.push(['In baseline', 'existing']);
  if (s.waived) columns.push(['Waived', 'waived']);
  const counts = columns.map(([, status]) => bySeverity(findingsToCount(report), status));
  out.push(`| Severity | ${columns.map(([h]) => h).join(' | ')} |`, `| --- |${columns.map(() => ' ---: |').join('')}`);
  for (const sev of SEVERITIES) out.push(`| ${ICON[sev]} ${sev} | ${counts.map((c) => c[sev]).join(' | ')} |`);
  out.push('');

  out.push(`${s.vendors} vendor(s), ${s.services} service(s) checked against ${report.rulePack.rules} rule(s).`, '');
  out.push(...totalsMarkdown(report));
  out.push(...warningsMarkdown(report));

  const findings = findingsOneByOne(report);
  if (findings.length === 0) {
    out.push('No findings.', '');
    yield piece(out);
    return;
  }

  out.push('### Findings', '');
  out.push('| Severity | Rule | Vendor | Service | Data | Location |', '| --- | --- | --- | --- | --- | --- |');
  yield piece(out);
  for (let i = 0; i < findings.length; i++) {
    const f = findings.at(i);
    const sev = `${ICON[f.severity]} ${f.severity}${f.status !== 'open' ? ` (${f.status})` : ''}`;
    const data = f.data ? `data[${f.data.index}] ${f.data.category}` : '';
    yield `| ${sev} | ${markdownCell(f.ruleId)} | ${markdownCell(f.vendor?.name)} | ${markdownCell(f.service?.name ?? f.service?.id)} | ${markdownCell(data)} | ${markdownCell(location(f))} |\n`;
  }
  yield '\n### Details\n\n';
  for (let i = 0; i < findings.length; i++) yield `${details(findings.at(i))}\n\n`;
}
