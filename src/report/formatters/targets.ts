import { ResidencyError } from '../../model/errors.js';
import { didYouMean } from '../../util/suggest.js';
import { FORMATS, type Format } from './index.js';

export interface ReportTarget {
  format: Format;
  path: string;
}

function usage(value: string, message: string, hint?: string): ResidencyError {
  return new ResidencyError('E_USAGE', `--report '${value}': ${message}`, [
    {
      code: 'E_USAGE',
      severity: 'error',
      message: `--report '${value}': ${message}`,
      expected: `FORMAT=PATH with FORMAT one of ${FORMATS.join(', ')}`,
      ...(hint ? { hint } : {}),
    },
  ]);
}

/** Parse repeatable `--report FORMAT=PATH` values (pure); a bad value is a usage error (exit 2). */
export function parseReportTargets(values: readonly string[] | undefined): ReportTarget[] {
  const targets: ReportTarget[] = [];
  const seen = new Map<string, string>();
  for (const value of values ?? []) {
    const eq = value.indexOf('=');
    if (eq < 0) {
      const known = (FORMATS as readonly string[]).includes(value.trim().toLowerCase());
      throw usage(
        value,
        'missing =',
        known ? `Write it as --report ${value.trim()}=PATH` : `Write it as --report FORMAT=${value}`,
      );
    }
    const format = value.slice(0, eq).trim().toLowerCase();
    const path = value.slice(eq + 1);
    if (!(FORMATS as readonly string[]).includes(format)) {
      const guess = didYouMean(format, FORMATS);
      throw usage(value, `unknown format '${format}'`, guess ? `Did you mean '${guess}'?` : undefined);
    }
    if (path.trim() === '') throw usage(value, 'missing the file path after =');
    const previous = seen.get(path);
    if (previous !== undefined) throw usage(value, `the file '${path}' is already the target of --report ${previous}`);
    seen.set(path, value);
    targets.push({ format: format as Format, path });
  }
  return targets;
}
