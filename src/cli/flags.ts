import { ResidencyError } from '../model/errors.js';
import { isValidDate } from '../util/dates.js';

/** Today's date (UTC), the default for `--as-of`. */
export function today(): string {
  return new Date().toISOString().slice(0, 10);
}

/** `--as-of DATE` (default: today), or a usage error (exit 2). */
export function asOfFlag(value: string | undefined): string {
  const asOf = value ?? today();
  if (!isValidDate(asOf)) {
    throw new ResidencyError('E_USAGE', `--as-of '${asOf}' is not a date`, [
      {
        code: 'E_USAGE',
        severity: 'error',
        message: `--as-of '${asOf}' is not a valid date`,
        expected: 'YYYY-MM-DD',
      },
    ]);
  }
  return asOf;
}
