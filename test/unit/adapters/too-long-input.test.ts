/**
 * A signed report is built as one string (every other report is written in pieces). Past V8's maximum string length
 * (a 1M-vendor inventory: its JSON report is 1.2 GB) V8 throws a RangeError; the check turns it into E_TOO_LARGE,
 * naming the report and the ways out, instead of an internal error after the whole run. An input file longer than
 * one string is refused before it is read, with what to do for what the command reads.
 */
import { mkdtempSync, rmSync, truncateSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { checkCapacity, MAX_STRING_LENGTH, wholeReport } from '../../../src/adapters/perf.js';
import { ResidencyError } from '../../../src/model/errors.js';

/** What wholeReport throws when its build throws. */
function thrown(build: () => unknown): unknown {
  try {
    wholeReport('out.json', build);
  } catch (error) {
    return error;
  }
  throw new Error('wholeReport did not throw');
}

describe('a signed report too large for one string', () => {
  it('is E_TOO_LARGE saying a signed report is built whole, and how to do without, from the RangeError V8 really throws', () => {
    const e = thrown(() => 'x'.repeat(MAX_STRING_LENGTH + 1)) as ResidencyError;
    expect(e).toBeInstanceOf(ResidencyError);
    expect(e.code).toBe('E_TOO_LARGE');
    expect(e.diagnostics[0]).toMatchObject({ code: 'E_TOO_LARGE', severity: 'error', file: 'out.json' });
    expect(e.diagnostics[0].message).toMatch(
      /^the signed JSON report would be over Node's maximum string length of 512\.0 MiB.*a signed report is built whole/,
    );
    expect(e.diagnostics[0].hint).toMatch(/--sign/);
  });

  it('passes every other error on as it is, and a report that fits as it is', () => {
    const deep = (n: number): number => deep(n + 1) + 1;
    expect(thrown(() => deep(0))).not.toBeInstanceOf(ResidencyError); // RangeError: call stack
    expect(thrown(() => JSON.parse('{'))).toBeInstanceOf(SyntaxError);
    expect(wholeReport(undefined, () => 'report')).toBe('report');
  });
});

describe('an input longer than one string', () => {
  it('is refused before it is read, with what to do for what each command reads', async () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'residency-long-'));
    try {
      const file = path.join(dir, 'big.json');
      writeFileSync(file, '');
      truncateSync(file, MAX_STRING_LENGTH + 1); // a sparse file: its size, not its bytes
      const hint = async (command?: string) => {
        const error = await checkCapacity([file], { command, heapLimit: Number.MAX_SAFE_INTEGER }).catch((e) => e);
        expect(error).toBeInstanceOf(ResidencyError);
        expect((error as ResidencyError).code).toBe('E_TOO_LARGE');
        expect((error as ResidencyError).diagnostics[0].message).toMatch(/over Node's maximum string length/);
        return (error as ResidencyError).diagnostics[0].hint;
      };
      expect(await hint()).toBe(
        'Split the vendors across several inventory files (residency check a.json b.json … merges them)',
      );
      expect(await hint('validate')).toMatch(/residency validate a\.json b\.json/);
      expect(await hint('diff')).toMatch(
        /^A report is read as one JSON document: check fewer vendors per report .* to diff them$/,
      );
      expect(await hint('verify')).toMatch(/to verify them$/);
      expect(await hint('import')).toMatch(/residency import a\.csv b\.csv/);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
