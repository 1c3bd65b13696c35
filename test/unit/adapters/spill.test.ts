/** A signed report's long lists wait in files (spillSinks): the bytes come back as written, and the files go. */
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import fc from 'fast-check';
import { afterAll, describe, expect, it } from 'vitest';
import { spillSinks } from '../../../src/adapters/spill.js';

const parent = mkdtempSync(path.join(os.tmpdir(), 'residency-spill-'));
afterAll(() => rmSync(parent, { recursive: true, force: true }));

const piece = fc.oneof(
  fc.string({ unit: fc.constantFrom('a', '\u00e9', '\u2192', '\u{1F600}', '"'), maxLength: 40 }),
  // longer than the sink's buffer of 1 MiB once encoded: written to the file straight away
  fc.constantFrom('x'.repeat(400_000), '\u2192'.repeat(400_000), '\u00e9'.repeat(600_000)),
  fc.nat({ max: 3000 }).map((n) => `${'\u00e9'.repeat(n)}${'y'.repeat(n * 50)}`),
);

describe('spillSinks', () => {
  it('give back the UTF-8 bytes of what was written, at any offset, for pieces of any size', () => {
    fc.assert(
      fc.property(
        fc.array(fc.array(piece, { maxLength: 60 }), { minLength: 1, maxLength: 3 }),
        fc.nat(16),
        (lists, offset) => {
          const sinks = spillSinks(parent);
          const made = lists.map((pieces) => {
            const sink = sinks.sink();
            for (const p of pieces) sink.write(p);
            return { sink, want: Buffer.from(pieces.join(''), 'utf8') };
          });
          expect(readdirSync(parent)).toHaveLength(1);
          for (const { sink, want } of made) {
            expect(sink.length).toBe(want.length);
            const target = Buffer.alloc(offset + want.length + 3, 0x2a);
            sink.copyTo(target, offset);
            expect(target.subarray(offset, offset + want.length).equals(want)).toBe(true);
            expect(target.subarray(offset + want.length).toString()).toBe('***');
            expect(target.subarray(0, offset).every((b) => b === 0x2a)).toBe(true);
          }
          sinks.close();
          sinks.close(); // twice: nothing more to do
          expect(readdirSync(parent)).toEqual([]);
        },
      ),
      { numRuns: 40, seed: 17_007 },
    );
  });

  it('make no folder until a list starts', () => {
    spillSinks(parent).close();
    expect(readdirSync(parent)).toEqual([]);
  });
});
