import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { readTopLevelMember } from '../../../src/adapters/report-head.js';

describe('readTopLevelMember: a JSON report summary in a few kilobytes, however large the report', () => {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'residency-head-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  /** A report-shaped file: the summary near the head, then `findings` findings. */
  function report(findings: number): string {
    const file = path.join(dir, `report-${findings}.json`);
    const body = {
      schemaVersion: '3.0.0',
      inputs: [{ path: 'vendors.yaml', sha256: 'a'.repeat(64) }],
      summary: { verdict: 'fail', score: 41, counts: { critical: 1, high: findings } },
      findings: Array.from({ length: findings }, (_, i) => ({
        fingerprint: `f${i}`,
        message: `finding ${i} — “quoted”`,
      })),
    };
    writeFileSync(file, `${JSON.stringify(body, null, 2)}\n`);
    return file;
  }

  it('reads the same bytes for 100 findings and for 100,000, and the same summary JSON.parse gives', async () => {
    const smallFile = report(100);
    const largeFile = report(100_000);
    const small = await readTopLevelMember(smallFile, 'summary', 1024);
    const large = await readTopLevelMember(largeFile, 'summary', 1024);
    expect(large.value).toEqual(JSON.parse(readFileSync(largeFile, 'utf8')).summary);
    expect(small.value).toEqual({ verdict: 'fail', score: 41, counts: { critical: 1, high: 100 } });
    // counted, not timed: one 1 KiB read holds the whole summary of either report (8 KB and 6.8 MB)
    expect(statSync(smallFile).size).toBeGreaterThan(8 * 1024);
    expect(statSync(largeFile).size).toBeGreaterThan(6_000_000);
    expect(small.bytesRead).toBe(1024);
    expect(large.bytesRead).toBe(1024);
  });

  it('gives undefined for a file without the member, and reads it to its end to say so', async () => {
    const file = path.join(dir, 'no-summary.json');
    const text = JSON.stringify({ findings: ['x'.repeat(10_000)] });
    writeFileSync(file, text);
    const read = await readTopLevelMember(file, 'summary', 1024);
    expect(read.value).toBeUndefined();
    expect(read.bytesRead).toBe(Buffer.byteLength(text));
  });

  it('stops reading once the member has been read: what follows is never looked at', async () => {
    const file = path.join(dir, 'then-garbage.json');
    const head = '{"schemaVersion": "3.0.0", "summary": {"score": 7, "verdict": "fail"}';
    // the rest of the file is not even JSON, and never read
    writeFileSync(file, `${head}, "findings": [}}}${'x'.repeat(10_000)}`);
    for (const size of [16, 64, 1024]) {
      const read = await readTopLevelMember(file, 'summary', size);
      expect(read.value).toEqual({ score: 7, verdict: 'fail' });
      expect(read.bytesRead).toBe(Math.ceil(head.length / size) * size);
    }
  });

  it('gives undefined for a document that is not an object, or that ends first; reads past a byte-order mark', async () => {
    const cases: [string, unknown][] = [
      ['[{"summary": 1}]', undefined],
      ['"summary"', undefined],
      ['{"summary": {"score": 1', undefined],
      ['\ufeff{"summary": 1}', 1],
    ];
    for (const [text, value] of cases) {
      const file = path.join(dir, 'case.json');
      writeFileSync(file, text);
      for (const size of [1, 5, 64])
        expect((await readTopLevelMember(file, 'summary', size)).value, text).toEqual(value);
    }
  });

  it('decodes a character split between two reads', async () => {
    const file = path.join(dir, 'split.json');
    // "é" is two bytes: with reads of 15 bytes, the first read ends inside it
    writeFileSync(file, '{"summary": "é€😀 ok"}');
    for (const size of [1, 2, 3, 13, 14, 15, 16, 64]) {
      expect((await readTopLevelMember(file, 'summary', size)).value).toBe('é€😀 ok');
    }
  });
});
