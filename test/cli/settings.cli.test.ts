import { describe, expect, it } from 'vitest';
import { runCli } from './run.js';

describe('one parser for --max-input-size', () => {
  it('validate, import and check all refuse a size that is not a size (exit 2, same message)', async () => {
    for (const args of [
      ['validate', 'examples/minimal.yaml'],
      ['import', 'test/fixtures/importers/csv'],
      ['check', 'examples/minimal.yaml'],
    ]) {
      const r = await runCli([...args, '--max-input-size', 'bogus']);
      expect(r.status, args[0]).toBe(2);
      expect(r.stderr, args[0]).toContain("error E_USAGE: max input size 'bogus' (from flag) is not a size");
    }
  });

  it('and all honour a real size', async () => {
    for (const args of [
      ['validate', 'examples/minimal.yaml'],
      ['check', 'examples/minimal.yaml'],
    ]) {
      const r = await runCli([...args, '--max-input-size', '10B']);
      expect(r.status, args[0]).toBe(2);
      expect(r.stderr, args[0]).toContain('over the input size limit of 10 bytes');
    }
  });
});
