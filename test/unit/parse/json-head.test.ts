import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import fc from 'fast-check';
import { afterAll, describe, expect, it } from 'vitest';
import { readTopLevelMember } from '../../../src/adapters/report-head.js';
import { type HeadMember, TopLevelMember } from '../../../src/parse/json-head.js';

/** Feed `text` to a scanner in the pieces that start at `cuts`, as a file read a piece at a time would. */
function scan(text: string, key: string, cuts: number[]): HeadMember {
  const scanner = new TopLevelMember(key);
  const at = [...new Set(cuts.map((c) => c % (text.length + 1)))].sort((a, b) => a - b);
  let from = 0;
  for (const to of [...at, text.length]) {
    const found = scanner.feed(text.slice(from, to));
    if (found.state !== 'more') return found;
    from = to;
  }
  return scanner.end();
}

// keys that need escapes, look like the wanted key's prefix, or hold a brace, a quote or a backslash
const KEYS = ['summary', 'summar', 'summary2', 'a"b', 'c\\d', '{', '}', ',', ':', 'caf\u00e9', '\ud83d\ude00', ''];
const key = fc.constantFrom(...KEYS);
// values whose text holds every character the scan steps over: nested objects and lists, strings with braces,
// brackets, commas, colons, quotes and backslashes, numbers, literals
const value = fc.letrec((tie) => ({
  any: fc.oneof(
    { depthSize: 'small' },
    fc.string({ unit: fc.constantFrom('a', '{', '}', '[', ']', ',', ':', '"', '\\', '\n', '\u00e9', '\ud83d\ude00') }),
    fc.integer(),
    fc.double({ noNaN: true, noDefaultInfinity: true }),
    fc.boolean(),
    fc.constant(null),
    fc.array(tie('any'), { maxLength: 4 }),
    fc.dictionary(key, tie('any'), { maxKeys: 4 }),
  ),
})).any;
const document = fc.dictionary(key, value, { maxKeys: 8 });

describe('TopLevelMember: one member of the top-level object, from the head of the text', () => {
  it('finds what JSON.parse finds, for any document, layout and split into pieces', () => {
    fc.assert(
      fc.property(
        document,
        fc.constantFrom(0, 2, '\t'),
        key,
        fc.array(fc.nat(), { maxLength: 12 }),
        (doc, indent, wanted, cuts) => {
          const text = JSON.stringify(doc, null, indent);
          const found = scan(text, wanted, cuts);
          // what JSON.parse reads of the text (not the generated value: -0 is written as 0)
          const parsed = JSON.parse(text) as Record<string, unknown>;
          if (Object.hasOwn(parsed, wanted)) {
            expect(found.state).toBe('found');
            if (found.state === 'found') expect(JSON.parse(found.text)).toEqual(parsed[wanted]);
          } else {
            expect(found.state).toBe('absent');
          }
        },
      ),
      { seed: 16_001, numRuns: 3000 },
    );
  });

  it('stops at the end of the member: what follows is never looked at', () => {
    const scanner = new TopLevelMember('summary');
    expect(scanner.feed('{"schemaVersion": "3.0.0", "summary": {"score": 7, "verdict": "fail"}')).toEqual({
      state: 'more',
    });
    // the comma after the value ends it; the rest of the document (here not even JSON) is never read
    expect(scanner.feed(', "findings": [}}}')).toEqual({ state: 'found', text: '{"score": 7, "verdict": "fail"}' });
    expect(scanner.feed('anything')).toEqual({ state: 'found', text: '{"score": 7, "verdict": "fail"}' });
  });

  it('answers absent for a document that is not an object, or ends first', () => {
    expect(scan('[{"summary": 1}]', 'summary', [])).toEqual({ state: 'absent' });
    expect(scan('"summary"', 'summary', [])).toEqual({ state: 'absent' });
    expect(scan('{"summary": {"score": 1', 'summary', [5])).toEqual({ state: 'absent' });
    expect(scan('\ufeff{"summary": 1}', 'summary', [1])).toEqual({ state: 'found', text: '1' });
  });
});

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

  it('decodes a character split between two reads', async () => {
    const file = path.join(dir, 'split.json');
    // "é" is two bytes: with reads of 15 bytes, the first read ends inside it
    writeFileSync(file, '{"summary": "é€😀 ok"}');
    for (const size of [1, 2, 3, 13, 14, 15, 16, 64]) {
      expect((await readTopLevelMember(file, 'summary', size)).value).toBe('é€😀 ok');
    }
  });
});
