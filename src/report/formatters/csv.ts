import type { Finding } from '../../engine/types.js';
import { findingsOneByOne } from '../items.js';
import type { Report } from '../types.js';
import { oneLine } from './escape.js';

export const CSV_COLUMNS = [
  'fingerprint',
  'severity',
  'rule',
  'title',
  'vendor_id',
  'vendor_name',
  'service',
  'data_category',
  'status',
  'message',
  'file',
  'line',
  'column',
  'regimes',
  'remediation',
] as const;

/**
 * One CSV cell (RFC 4180): controls stripped, newlines flattened, cells that a spreadsheet would
 * read as a formula (leading = + - @ tab CR) prefixed with `'`, then quoted when needed.
 */
export function csvCell(value: string | number | undefined): string {
  if (value === undefined) return '';
  if (typeof value === 'number') return String(value);
  let text = oneLine(value);
  if (/^[=+\-@\t\r]/.test(value) || /^[=+\-@]/.test(text)) text = `'${text}`;
  return /[",\r\n]/.test(text) || text !== text.trim() ? `"${text.replace(/"/g, '""')}"` : text;
}

function row(f: Finding): string[] {
  return [
    csvCell(f.fingerprint),
    csvCell(f.severity),
    csvCell(f.ruleId),
    csvCell(f.title),
    csvCell(f.vendor?.id),
    csvCell(f.vendor?.name),
    csvCell(f.service?.id),
    csvCell(f.data?.category),
    csvCell(f.status),
    csvCell(f.message),
    csvCell(f.location?.file),
    csvCell(f.location?.line),
    csvCell(f.location?.column),
    csvCell(f.regimes.join(';')),
    csvCell(f.remediation),
  ];
}

/** One row per finding, header first, CRLF line ends (RFC 4180). */
export function formatCsv(report: Report): string {
  return [...csvChunks(report)].join('');
}

/** The CSV report a row at a time (formatCsv is these pieces joined): a row is made only when it is written. */
export function* csvChunks(report: Report): Generator<string> {
  yield `${CSV_COLUMNS.join(',')}\r\n`;
  const findings = findingsOneByOne(report);
  for (let i = 0; i < findings.length; i++) yield `${row(findings.at(i)).join(',')}\r\n`;
}
