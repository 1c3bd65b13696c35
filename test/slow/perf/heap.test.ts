import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it, vi } from 'vitest';
import { HEAP_GROWING_PERCENT, heapFlags } from '../../../src/adapters/heap.js';
import { runCliProcess, runProgram } from '../../cli/run.js';
import { AS_OF } from '../../helpers.js';

vi.setConfig({ testTimeout: 120_000 });
const tmp = mkdtempSync(path.join(os.tmpdir(), 'residency-heap-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

describe('heapFlags', () => {
  it('asks for a growth of HEAP_GROWING_PERCENT when node was started without one', () => {
    expect(heapFlags([])).toEqual([`--heap-growing-percent=${HEAP_GROWING_PERCENT}`]);
    expect(heapFlags(['--max-old-space-size=4096', '--enable-source-maps'])).toEqual([
      `--heap-growing-percent=${HEAP_GROWING_PERCENT}`,
    ]);
    // a flag that only starts the same way is someone else's
    expect(heapFlags(['--heap-growing-percentage=5'])).toHaveLength(1);
  });

  it("leaves the user's own value alone, in either spelling, 0 (V8's own choice) included", () => {
    for (const arg of ['--heap-growing-percent=0', '--heap-growing-percent=300', '--heap_growing_percent=50']) {
      expect(heapFlags([arg])).toEqual([]);
    }
    expect(heapFlags(['--heap-growing-percent', '50'])).toEqual([]);
  });
});

// V8's --trace-gc-verbose prints, after each full collection, the old generation's new limit and the factor it
// used, to one decimal: "[HeapController] Limit: old size: 23858 KB, new limit: 41752 KB (1.8)".
function limitFactors(stderr: string): number[] {
  return [...stderr.matchAll(/\[HeapController\] Limit: .*\((\d+(?:\.\d+)?)\)\s*$/gm)].map((m) => Number(m[1]));
}

describe('the CLI runs with the growth factor set', () => {
  const inventory = path.join(tmp, 'inv-3k.json');
  const check = (nodeArgs: string[]) =>
    runCliProcess(
      ['check', inventory, '--format', 'json', '--output', path.join(tmp, 'report.json'), '--as-of', AS_OF],
      { nodeArgs: [...nodeArgs, '--trace-gc-verbose'] },
    );

  it('full collections during a check of 3,000 vendors use a factor of 1 + HEAP_GROWING_PERCENT / 100', () => {
    const made = runProgram(process.execPath, [
      'bench/generate.mjs',
      '--vendors',
      '3000',
      '--shape',
      'minified',
      '--seed',
      '1',
      '--out',
      inventory,
    ]);
    expect(made.status, made.stderr).toBe(0);
    const run = check([]);
    expect(run.status, run.stderr).not.toBe(2);
    const factors = limitFactors(run.stdout + run.stderr);
    expect(factors.length).toBeGreaterThan(0);
    // the last collections come long after start-up, when the factor has been set
    // (printed to one decimal: 1.75 as 1.8)
    expect(factors.at(-1)).toBe(Number((1 + HEAP_GROWING_PERCENT / 100).toFixed(1)));
  });
});
