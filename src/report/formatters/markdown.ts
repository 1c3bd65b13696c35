import type { Finding, Reference } from '../../engine/types.js';
import { SEVERITIES, type Severity } from '../../model/types.js';
import { pushAll } from '../../util/arrays.js';
import { formatNumber } from '../../util/text.js';
import { findingsOneByOne, findingsToCount } from '../items.js';
import type { Report } from '../types.js';
import { diagnosticPlace, diagnosticText, groupDiagnostics } from './diagnostics.js';
import { escapeMarkdown, markdownCell, oneLine } from './escape.js';
import type { FormatOptions } from './index.js';
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

/** Every warning, grouped by code; with a budget, those that fit in `budget` bytes, and how many did not. */
function warningsMarkdown(report: Report, budget = Number.POSITIVE_INFINITY): string[] {
  const groups = groupDiagnostics(report.diagnostics);
  if (groups.length === 0) return [];
  const out = [`### Warnings (${report.diagnostics.length})`, ''];
  let used = 0;
  let left = 0;
  for (const g of groups) {
    for (const d of g.items) {
      const place = diagnosticPlace(d);
      const line = `- \`${g.code}\`${place ? ` \`${oneLine(place).replace(/`/g, "'")}\`` : ''}: ${escapeMarkdown(diagnosticText(d))}`;
      used += utf8Bytes(line) + 1;
      if (used > budget) left++;
      else out.push(line);
    }
  }
  if (left > 0)
    out.push(
      `- … and ${left} more, left out to keep this report within its size limit (the JSON report lists every one)`,
    );
  out.push('');
  return out;
}

/** Bytes of `text` in UTF-8, as the report is written. */
function utf8Bytes(text: string): number {
  return Buffer.byteLength(text, 'utf8');
}

/** What the budget of a report cut to a size keeps for its last note. */
const NOTE_RESERVE = 1024;

/**
 * GitHub-flavoured Markdown for `$GITHUB_STEP_SUMMARY` and pull-request comments: verdict, score,
 * counts by severity, a findings table and a collapsible block per finding.
 */
export function formatMarkdown(report: Report, options: Pick<FormatOptions, 'maxBytes'> = {}): string {
  return [...markdownChunks(report, options)].join('');
}

/** Lines, each ended by a line break, as one piece. */
function piece(lines: readonly string[]): string {
  return lines.length === 0 ? '' : `${lines.join('\n')}\n`;
}

/**
 * The Markdown report in pieces (formatMarkdown is them joined): the summary, then a piece per row of the
 * findings table and per finding's block, each made only when it is written (100k vendors make 131 MB of it).
 *
 * With `maxBytes` (`--markdown-max-size`: GitHub takes 1 MiB in a step summary, and drops a larger one whole), the
 * report stays within that many bytes of UTF-8 but for its summary, which is always written: the warnings take at
 * most a quarter, the findings table half of what is left, the findings' blocks the rest; open findings come first,
 * then those in the baseline or waived, each in the report's order (most severe first), and a last note says how
 * many of each were left out and where every finding is.
 */
export function* markdownChunks(report: Report, options: Pick<FormatOptions, 'maxBytes'> = {}): Generator<string> {
  const limit = options.maxBytes;
  if (limit !== undefined) {
    yield* cutMarkdown(report, limit);
    return;
  }
  yield* wholeMarkdown(report);
}

/** The summary every Markdown report starts with: verdict, counts by severity, totals by regime and basis. */
function headMarkdown(report: Report): string[] {
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
  pushAll(out, totalsMarkdown(report));
  return out;
}

function* wholeMarkdown(report: Report): Generator<string> {
  const out = headMarkdown(report);
  pushAll(out, warningsMarkdown(report));

  const findings = findingsOneByOne(report);
  if (findings.length === 0) {
    out.push('No findings.', '');
    yield piece(out);
    return;
  }

  out.push('### Findings', '');
  out.push('| Severity | Rule | Vendor | Service | Data | Location |', '| --- | --- | --- | --- | --- | --- |');
  yield piece(out);
  for (let i = 0; i < findings.length; i++) yield tableRow(findings.at(i));
  yield '\n### Details\n\n';
  for (let i = 0; i < findings.length; i++) yield `${details(findings.at(i))}\n\n`;
}

/** A finding's row of the findings table. */
function tableRow(f: Finding): string {
  const sev = `${ICON[f.severity]} ${f.severity}${f.status !== 'open' ? ` (${f.status})` : ''}`;
  const data = f.data ? `data[${f.data.index}] ${f.data.category}` : '';
  return `| ${sev} | ${markdownCell(f.ruleId)} | ${markdownCell(f.vendor?.name)} | ${markdownCell(f.service?.name ?? f.service?.id)} | ${markdownCell(data)} | ${markdownCell(location(f))} |\n`;
}

/** The Markdown report cut to `limit` bytes but for its summary (markdownChunks). */
function* cutMarkdown(report: Report, limit: number): Generator<string> {
  const head = piece(headMarkdown(report));
  let used = utf8Bytes(head);
  yield head;
  const warnings = piece(warningsMarkdown(report, Math.max(0, (limit - used - NOTE_RESERVE) / 4)));
  used += utf8Bytes(warnings);
  yield warnings;
  const findings = findingsOneByOne(report);
  if (findings.length === 0) {
    yield 'No findings.\n\n';
    return;
  }
  // open findings first: with a baseline, the new ones are what a pull request is about
  const statuses = findingsToCount(report); // item for item, without making the findings
  const order: number[] = [];
  for (let i = 0; i < statuses.length; i++) if (statuses[i].status === 'open') order.push(i);
  const open = order.length;
  for (let i = 0; i < statuses.length; i++) if (statuses[i].status !== 'open') order.push(i);
  const tableHead =
    '### Findings\n\n| Severity | Rule | Vendor | Service | Data | Location |\n| --- | --- | --- | --- | --- | --- |\n';
  used += utf8Bytes(tableHead);
  yield tableHead;
  const tableEnd = used + Math.max(0, (limit - used - NOTE_RESERVE) / 2);
  let rows = 0;
  for (const i of order) {
    const row = tableRow(findings.at(i));
    const size = utf8Bytes(row);
    if (used + size > tableEnd) break;
    used += size;
    rows++;
    yield row;
  }
  const detailsHead = '\n### Details\n\n';
  used += utf8Bytes(detailsHead);
  yield detailsHead;
  let blocks = 0;
  const block = (k: number): string => `${details(findings.at(order[k]))}\n\n`;
  for (let k = 0; k < order.length; k++) {
    const text = block(k);
    const size = utf8Bytes(text);
    if (used + size <= limit - NOTE_RESERVE) {
      used += size;
      blocks++;
      yield text;
      continue;
    }
    // in the room kept for the note: the rest is written only if all of it fits, and then no note is needed
    if (rows === order.length) {
      const rest = [text];
      let restSize = size;
      for (let j = k + 1; j < order.length && used + restSize <= limit; j++) {
        rest.push(block(j));
        restSize += utf8Bytes(rest[rest.length - 1]);
      }
      if (k + rest.length === order.length && used + restSize <= limit) {
        used += restSize;
        blocks += rest.length;
        yield* rest;
      }
    }
    break;
  }
  if (rows === findings.length && blocks === findings.length) return;
  const n = formatNumber;
  yield `### Not shown\n\nThis report was cut to ${n(limit)} bytes (\`--markdown-max-size\`): the table lists ${n(rows)} of the ${n(findings.length)} findings (${n(open)} open) and the details ${n(blocks)}, open findings first, the most severe first. Every finding is in the JSON, SARIF, CSV and HTML reports.\n`;
}
