import type { Diagnostic } from '../../model/types.js';

export { diagnosticText, formatPosition as diagnosticPlace } from '../../model/errors.js';

/** Diagnostics of one code, in input order (file, line, column). */
export interface DiagnosticGroup {
  code: string;
  severity: Diagnostic['severity'];
  items: Diagnostic[];
}

/**
 * A report's diagnostics grouped by code: errors first, then warnings, codes alphabetically; inside a
 * group by file, line and column (stable).
 */
export function groupDiagnostics(diagnostics: readonly Diagnostic[]): DiagnosticGroup[] {
  const groups = new Map<string, DiagnosticGroup>();
  for (const d of diagnostics) {
    const group = groups.get(d.code) ?? { code: d.code, severity: d.severity, items: [] };
    if (d.severity === 'error') group.severity = 'error';
    group.items.push(d);
    groups.set(d.code, group);
  }
  const byPlace = (a: Diagnostic, b: Diagnostic): number =>
    (a.file ?? '') < (b.file ?? '')
      ? -1
      : (a.file ?? '') > (b.file ?? '')
        ? 1
        : (a.line ?? 0) - (b.line ?? 0) || (a.column ?? 0) - (b.column ?? 0);
  return [...groups.values()]
    .map((g) => ({ ...g, items: [...g.items].sort(byPlace) }))
    .sort((a, b) =>
      a.severity !== b.severity ? (a.severity === 'error' ? -1 : 1) : a.code < b.code ? -1 : a.code > b.code ? 1 : 0,
    );
}
