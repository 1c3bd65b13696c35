import type { Report } from '../types.js';

/** The versioned JSON report (schemas/report.schema.json). Deterministic for the same inputs and --as-of. */
export function formatJson(report: Report): string {
  return `${JSON.stringify(report, null, 2)}\n`;
}
