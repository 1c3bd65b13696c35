import { Chalk, type ChalkInstance } from 'chalk';
import type { Finding } from '../../engine/types.js';
import { SEVERITIES, type Severity } from '../../model/types.js';
import { terminalSafe } from '../text.js';
import type { Report } from '../types.js';

export interface PrettyOptions {
  color: boolean;
  width?: number;
  quiet?: boolean;
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
  const counted = s.findings - s.waived;
  return `${s.passed ? 'PASS' : 'FAIL'}  ${terminalSafe(report.organisation.name)}: score ${s.score}/100 (grade ${s.grade}), ${counted} finding(s): ${countsLine(s.counts)}${s.waived ? `, ${s.waived} waived` : ''}${s.existing ? `, ${s.existing} in baseline` : ''} [fail-on ${s.failOn}${s.minScore > 0 ? `, min-score ${s.minScore}` : ''}]`;
}

/** The terminal report: verdict, findings grouped by vendor and sorted by severity, summary table. */
export function formatPretty(report: Report, options: PrettyOptions): string {
  const c = new Chalk({ level: options.color ? 1 : 0 });
  const width = Math.max(60, Math.min(options.width ?? 80, 120));
  const out: string[] = [];
  const s = report.summary;
  const verdict = verdictLine(report);
  out.push(s.passed ? c.green.bold(`✔ ${verdict}`) : c.red.bold(`✖ ${verdict}`));
  for (const reason of s.reasons) out.push(c.red(`  ${reason}`));
  if (options.quiet) return `${out.join('\n')}\n`;

  const byVendor = new Map<string, Finding[]>();
  const organisationWide: Finding[] = [];
  for (const f of report.findings) {
    if (!f.vendor) organisationWide.push(f);
    else {
      const list = byVendor.get(f.vendor.id) ?? [];
      list.push(f);
      byVendor.set(f.vendor.id, list);
    }
  }
  const vendorOrder = report.vendors.filter((v) => byVendor.has(v.id));
  const renderFinding = (f: Finding): void => {
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
  }

  out.push('');
  out.push(c.bold('Summary'));
  const rows: [string, string][] = SEVERITIES.map((sev) => [sev, String(s.counts[sev])]);
  out.push(`  ${'severity'.padEnd(10)} ${'findings'.padStart(8)}`);
  for (const [sev, n] of rows) out.push(`  ${sev.padEnd(10)} ${n.padStart(8)}`);
  const exposed = report.vendors.filter((v) => v.findings > 0).length;
  out.push(`  vendors ${s.vendors} (${exposed} with findings), services ${s.services}, rules ${report.rulePack.rules}`);
  if (s.waived) out.push(`  waived ${s.waived}`);
  if (s.existing) out.push(`  in baseline ${s.existing}`);
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
  const warnings = report.diagnostics.filter((d) => d.severity === 'warning');
  if (warnings.length > 0)
    out.push(c.yellow(`  ${warnings.length} warning(s); run \`residency validate\` to list them`));
  return `${out.join('\n')}\n`;
}
