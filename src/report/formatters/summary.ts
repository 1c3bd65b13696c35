/**
 * The auditor's summary every format shows before the findings (pure): counts that add up (open,
 * in the baseline, waived), totals by regime and by basis.
 */
import type { Finding } from '../../engine/types.js';
import { SEVERITIES, type Severity } from '../../model/types.js';
import { findingsToCount } from '../items.js';
import type { Report, StatusTotals } from '../types.js';

/** The findings of each vendor (by vendor id) and those of no vendor, each in the report's order. */
export function findingsByVendor(findings: readonly Finding[]): {
  byVendor: Map<string, Finding[]>;
  organisationWide: Finding[];
} {
  const byVendor = new Map<string, Finding[]>();
  const organisationWide: Finding[] = [];
  for (const f of findings) {
    if (!f.vendor) organisationWide.push(f);
    else {
      const list = byVendor.get(f.vendor.id);
      if (list) list.push(f);
      else byVendor.set(f.vendor.id, [f]);
    }
  }
  return { byVendor, organisationWide };
}

/** Findings of one status (open by default, or any) by severity. */
export function bySeverity(
  findings: readonly Pick<Finding, 'severity' | 'status'>[],
  status: Finding['status'] | 'any' = 'open',
): Record<Severity, number> {
  const counts = Object.fromEntries(SEVERITIES.map((s) => [s, 0])) as Record<Severity, number>;
  for (const f of findings) if (status === 'any' || f.status === status) counts[f.severity]++;
  return counts;
}

/** `13 critical, 2 low` (or `none`). */
export function severityList(counts: Record<Severity, number>): string {
  const parts = SEVERITIES.filter((s) => counts[s] > 0).map((s) => `${counts[s]} ${s}`);
  return parts.length > 0 ? parts.join(', ') : 'none';
}

/**
 * `31 finding(s): 25 open (13 critical, 12 high), 3 in the baseline, 3 waived` — the parts add up
 * to the total; without baseline or waivers, `36 finding(s): 13 critical, 13 high …`.
 */
export function findingsPhrase(report: Report): string {
  const s = report.summary;
  // counted from what the findings are made from (items.ts): the verdict line never makes them whole
  const open = severityList(bySeverity(findingsToCount(report)));
  if (s.waived === 0 && s.existing === 0) return `${s.findings} finding(s): ${open}`;
  const parts = [`${s.open} open (${open})`];
  if (s.existing > 0) parts.push(`${s.existing} in the baseline`);
  if (s.waived > 0) parts.push(`${s.waived} waived`);
  return `${s.findings} finding(s): ${parts.join(', ')}`;
}

export interface TotalsRow extends StatusTotals {
  /** Regime id or basis. */
  key: string;
  /** Regime name and citation, or what the basis means. */
  label: string;
}

export const BASIS_LABELS: Record<string, string> = {
  prohibited: 'prohibited transaction',
  restricted: 'restricted transaction (allowed under conditions)',
  reportable: 'to be reported',
  exposure: 'exposure no regime prohibits or restricts',
  unknown: 'not determined (facts missing, or the rule does not say)',
};

/** One row per regime the findings claim, then one for findings that claim none. */
export function regimeRows(report: Report): TotalsRow[] {
  const names = new Map(report.regimes.map((r) => [r.id, r]));
  const rows: TotalsRow[] = report.summary.totals.byRegime.map((t) => {
    const r = names.get(t.regime);
    return { ...t, key: t.regime, label: r ? `${r.name} (${r.citation})` : t.regime };
  });
  const none = report.summary.totals.noRegime;
  if (none.findings > 0) rows.push({ ...none, key: '(none)', label: 'governance and data-quality findings' });
  return rows;
}

/** One row per basis that has findings. */
export function basisRows(report: Report): TotalsRow[] {
  return report.summary.totals.byBasis
    .filter((t) => t.findings > 0)
    .map((t) => ({ ...t, key: t.basis, label: BASIS_LABELS[t.basis] ?? t.basis }));
}

/** The status columns worth showing: open always, the baseline and waived only when used. */
export function statusColumns(report: Report): (keyof StatusTotals)[] {
  const cols: (keyof StatusTotals)[] = ['findings', 'open'];
  if (report.summary.existing > 0) cols.push('existing');
  if (report.summary.waived > 0) cols.push('waived');
  return cols;
}

export const STATUS_HEADINGS: Record<keyof StatusTotals, string> = {
  findings: 'findings',
  open: 'open',
  existing: 'in baseline',
  waived: 'waived',
};
