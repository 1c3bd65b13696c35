import { Chalk, type ChalkInstance } from 'chalk';
import type { Finding } from '../../engine/types.js';
import { SEVERITIES, type Severity } from '../../model/types.js';
import { pushAll } from '../../util/arrays.js';
import { terminalSafe } from '../text.js';
import type { Report } from '../types.js';
import { diagnosticPlace, diagnosticText, groupDiagnostics } from './diagnostics.js';
import {
  basisRows,
  bySeverity,
  findingsByVendor,
  findingsPhrase,
  regimeRows,
  STATUS_HEADINGS,
  statusColumns,
  type TotalsRow,
} from './summary.js';

export interface PrettyOptions {
  color: boolean;
  width?: number;
  quiet?: boolean;
  /** Evidence, location, regimes and the fix under every finding (default: one line per finding). */
  verbose?: boolean;
}

function wrap(text: string, width: number, indent: string): string {
  const words = terminalSafe(text).split(' ');
  const lines: string[] = [];
  let line = indent;
  for (const word of words) {
    if (line.length > indent.length && line.length + 1 + word.length > width) {
      lines.push(line);
      line = indent + word;
    } else {
      line += (line.length > indent.length ? ' ' : '') + word;
    }
  }
  if (line.trim()) lines.push(line);
  return lines.join('\n');
}

function severityLabel(c: ChalkInstance, s: Severity): string {
  const label = s.toUpperCase().padEnd(8);
  switch (s) {
    case 'critical':
      return c.bgRed.white.bold(label);
    case 'high':
      return c.red.bold(label);
    case 'medium':
      return c.yellow(label);
    case 'low':
      return c.cyan(label);
    default:
      return c.gray(label);
  }
}

export function countsLine(counts: Record<Severity, number>): string {
  const parts = SEVERITIES.filter((s) => counts[s] > 0).map((s) => `${counts[s]} ${s}`);
  return parts.length > 0 ? parts.join(', ') : 'none';
}

export function verdictLine(report: Report): string {
  const s = report.summary;
  return `${s.passed ? 'PASS' : 'FAIL'}  ${terminalSafe(report.organisation.name)}: score ${s.score}/100 (grade ${s.grade}), ${findingsPhrase(report)} [fail-on ${s.failOn}${s.minScore > 0 ? `, min-score ${s.minScore}` : ''}]`;
}

/** `text` cut to `width` characters with an ellipsis. */
function clip(text: string, width: number): string {
  return text.length <= width ? text : `${text.slice(0, Math.max(0, width - 1)).trimEnd()}…`;
}

/** Totals by regime and by basis, as two small tables. */
function totalsTables(report: Report, c: ChalkInstance, width: number): string[] {
  const cols = statusColumns(report);
  const out: string[] = [];
  const numbers = (t: TotalsRow): string =>
    cols.map((k) => String(t[k]).padStart(STATUS_HEADINGS[k].length)).join('  ');
  const heading = cols.map((k) => STATUS_HEADINGS[k]).join('  ');
  const table = (title: string, rows: TotalsRow[]): void => {
    if (rows.length === 0) return;
    const keyWidth = Math.max(...rows.map((r) => r.key.length));
    const labelWidth = Math.max(10, width - 2 - keyWidth - 2 - heading.length - 2);
    out.push('');
    out.push(`${c.bold(title.padEnd(2 + keyWidth + 2 + labelWidth))}  ${c.gray(heading)}`);
    for (const r of rows) {
      out.push(
        `  ${r.key.padEnd(keyWidth)}  ${clip(terminalSafe(r.label), labelWidth).padEnd(labelWidth)}  ${numbers(r)}`,
      );
    }
  };
  table('By regime', regimeRows(report));
  table('By basis', basisRows(report));
  return out;
}

/** Every warning, grouped by code, each with its location and fix. */
function warningLines(report: Report, c: ChalkInstance, width: number): string[] {
  const groups = groupDiagnostics(report.diagnostics);
  if (groups.length === 0) return [];
  const total = report.diagnostics.length;
  const out = [
    '',
    c.yellow.bold(`Warnings (${total}): the run went on, but these inputs were not fully read or checked`),
  ];
  for (const g of groups) {
    out.push(c.yellow(`  ${g.code} (${g.items.length})`));
    for (const d of g.items) {
      const place = diagnosticPlace(d);
      out.push(wrap(`${place ? `${place}  ` : ''}${diagnosticText(d)}`, width, '    '));
    }
  }
  return out;
}

/** The terminal report: verdict, findings grouped by vendor and sorted by severity, summary table. */
export function formatPretty(report: Report, options: PrettyOptions): string {
  return [...prettyChunks(report, options)].join('');
}

/** Lines written before they are given to the writer as one piece (a few hundred findings' worth). */
const PIECE_LINES = 512;

/**
 * The terminal report in pieces of whole lines (formatPretty is them joined): the lines are given to the writer
 * once PIECE_LINES have gathered, at the end of a vendor's findings, so the report (31.6 MB and 222k lines for
 * 100k vendors) is never one string nor one array of lines.
 */
export function* prettyChunks(report: Report, options: PrettyOptions): Generator<string> {
  const c = new Chalk({ level: options.color ? 1 : 0 });
  const width = Math.max(60, Math.min(options.width ?? 80, 120));
  const out: string[] = [];
  const s = report.summary;
  const verdict = verdictLine(report);
  out.push(s.passed ? c.green.bold(`✔ ${verdict}`) : c.red.bold(`✖ ${verdict}`));
  for (const reason of s.reasons) out.push(c.red(`  ${reason}`));
  /** The lines gathered so far as one piece, each ended by a line break; none are kept. */
  const flush = (): string => {
    const text = `${out.join('\n')}\n`;
    out.length = 0;
    return text;
  };
  if (options.quiet) {
    yield flush();
    return;
  }

  const { byVendor, organisationWide } = findingsByVendor(report.findings);
  const vendorOrder = report.vendors.filter((v) => byVendor.has(v.id));
  pushAll(out, totalsTables(report, c, width));
  // one line per finding: on a terminal cut to its width, elsewhere (logs, files) whole
  const ruleWidth = Math.min(40, Math.max(0, ...report.findings.map((f) => f.ruleId.length)));
  const shortFinding = (f: Finding): void => {
    const target = [f.service?.id, f.data ? `data[${f.data.index}]` : undefined].filter(Boolean).join(' ');
    const status = f.status === 'waived' ? ' (waived)' : f.status === 'existing' ? ' (baseline)' : '';
    const rule = f.ruleId.padEnd(ruleWidth);
    const where = `${target ? `${terminalSafe(target)}: ` : ''}`;
    const head = `  ${f.severity.padEnd(8)} ${rule}  ${where}`;
    const text = `${terminalSafe(f.message)}${status}`;
    const message = options.width === undefined ? text : clip(text, Math.max(20, options.width - head.length));
    out.push(`  ${severityLabel(c, f.severity)} ${c.bold(rule)}  ${c.gray(where)}${message}`);
  };
  const renderFinding = (f: Finding): void => {
    if (!options.verbose) {
      shortFinding(f);
      return;
    }
    const target = [f.service?.id, f.data ? `data[${f.data.index}] ${f.data.category}` : undefined]
      .filter(Boolean)
      .join(' ');
    const status = f.status === 'waived' ? c.gray(' (waived)') : f.status === 'existing' ? c.gray(' (baseline)') : '';
    out.push(
      `  ${severityLabel(c, f.severity)} ${c.bold(f.ruleId)}${target ? `  ${terminalSafe(target)}` : ''}${status}`,
    );
    out.push(wrap(f.message, width, '    '));
    if (f.location) out.push(c.gray(`    at ${terminalSafe(f.location.file)}:${f.location.line}:${f.location.column}`));
    for (const e of f.evidence) out.push(c.gray(wrap(`evidence: ${e}`, width, '    ')));
    if (f.regimes.length > 0) out.push(c.gray(`    regimes: ${f.regimes.join(', ')}`));
    if (f.waiver)
      out.push(
        c.gray(wrap(`waived until ${f.waiver.expires} by ${f.waiver.approvedBy}: ${f.waiver.reason}`, width, '    ')),
      );
    if (f.inferred?.length) {
      out.push(
        c.gray(wrap(`inferred: ${f.inferred.map((i) => `${i.fact} from ${i.from}`).join('; ')}`, width, '    ')),
      );
    }
    out.push(c.cyan(wrap(`fix: ${f.remediation}`, width, '    ')));
  };
  if (organisationWide.length > 0) {
    out.push('');
    out.push(c.bold('Organisation-wide'));
    for (const f of organisationWide) renderFinding(f);
  }
  for (const v of vendorOrder) {
    out.push('');
    out.push(
      `${c.bold(terminalSafe(v.id))}  ${terminalSafe(v.name)}  ${c.bold(`score ${v.score} (${v.grade})`)}  criticality ${v.criticality}`,
    );
    for (const f of byVendor.get(v.id) ?? []) renderFinding(f);
    if (out.length >= PIECE_LINES) yield flush();
  }

  out.push('');
  out.push(c.bold('Summary'));
  const open = bySeverity(report.findings);
  const extra: [string, Record<Severity, number>][] = [];
  if (s.existing) extra.push(['in baseline', bySeverity(report.findings, 'existing')]);
  if (s.waived) extra.push(['waived', bySeverity(report.findings, 'waived')]);
  out.push(`  ${'severity'.padEnd(10)} ${'open'.padStart(8)}${extra.map(([h]) => ` ${h.padStart(11)}`).join('')}`);
  for (const sev of SEVERITIES)
    out.push(
      `  ${sev.padEnd(10)} ${String(open[sev]).padStart(8)}${extra.map(([, n]) => ` ${String(n[sev]).padStart(11)}`).join('')}`,
    );
  const exposed = report.vendors.filter((v) => v.findings > 0).length;
  out.push(`  vendors ${s.vendors} (${exposed} with findings), services ${s.services}, rules ${report.rulePack.rules}`);
  for (const w of report.waivers ?? []) {
    if (w.state === 'expired') out.push(c.red(`  waiver for ${w.ruleId} ${w.vendor ?? ''} expired on ${w.expires}`));
    else if (w.state === 'expiring')
      out.push(c.yellow(`  waiver for ${w.ruleId} ${w.vendor ?? ''} expires on ${w.expires}`));
    else if (w.state === 'unused') out.push(c.yellow(`  waiver for ${w.ruleId} ${w.vendor ?? ''} matched nothing`));
  }
  const stale = report.catalog.stale;
  if (stale)
    out.push(
      c.yellow(
        wrap(
          `the catalogue is stale: its newest fact is from ${stale.newestAsOf}, ${stale.ageDays} days before --as-of ${report.asOf} (more than ${stale.maxAgeDays}); lists, owners and regions may have changed since`,
          width,
          '  ',
        ),
      ),
    );
  pushAll(out, warningLines(report, c, width));
  if (!options.verbose && report.findings.length > 0)
    out.push('', c.gray('One line per finding: --verbose adds the evidence, the location, the regimes and the fix.'));
  yield flush();
}
