/**
 * An input file longer than one JavaScript string is refused before it is read, with what to do for what the command
 * reads. (Every report, a signed one too, is written in pieces, and a report file is read by diff, verify and
 * --baseline a piece at a time: neither has this limit.)
 */
import { mkdtempSync, rmSync, truncateSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { checkCapacity, MAX_STRING_LENGTH } from '../../../src/adapters/perf.js';
import { ResidencyError } from '../../../src/model/errors.js';

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
        /^Save the report to a JSON file and give its path: diff reads a report file a/,
      );
      expect(await hint('verify')).toMatch(/: verify reads a report file a piece at a time/);
      expect(await hint('import')).toMatch(/residency import a\.csv b\.csv/);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
