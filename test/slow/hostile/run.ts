import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';

export function tempDir(prefix = 'residency-hostile-'): string {
  return mkdtempSync(path.join(tmpdir(), prefix));
}

/** No stack trace lines (`    at fn (file:1:2)`) in the output. */
export const STACK_LINE = /^\s+at .+\(.*:\d+:\d+\)$|^\s+at [^\s]+:\d+:\d+$/m;
