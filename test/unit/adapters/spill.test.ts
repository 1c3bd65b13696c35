/** A signed report's long lists wait in files (spillSinks): the bytes come back as written, and the files go. */
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import fc from 'fast-check';
import { afterAll, describe, expect, it } from 'vitest';
import { spilling, spillSinks } from '../../../src/adapters/spill.js';
import { ResidencyError } from '../../../src/model/errors.js';
import type { ListSink } from '../../../src/sign/canonical-document.js';

const parent = mkdtempSync(path.join(os.tmpdir(), 'residency-spill-'));
afterAll(() => rmSync(parent, { recursive: true, force: true }));

const piece = fc.oneof(
  fc.string({ unit: fc.constantFrom('a', '\u00e9', '\u2192', '\u{1F600}', '"'), maxLength: 40 }),
  // longer than the sink's buffer of 1 MiB once encoded: written to the file straight away
  fc.constantFrom('x'.repeat(400_000), '\u2192'.repeat(400_000), '\u00e9'.repeat(600_000)),
  fc.nat({ max: 3000 }).map((n) => `${'\u00e9'.repeat(n)}${'y'.repeat(n * 50)}`),
);

/** A sink's chunks, each copied as it comes (a file's chunks share one buffer). */
function readBack(sink: ListSink): Buffer {
  const copies: Buffer[] = [];
  for (const chunk of sink.chunks()) copies.push(Buffer.from(chunk));
  return Buffer.concat(copies);
}

describe('spillSinks', () => {
  it('give back the UTF-8 bytes of what was written, as often as they are read, for pieces of any size', () => {
    fc.assert(
      fc.property(fc.array(fc.array(piece, { maxLength: 60 }), { minLength: 1, maxLength: 3 }), (lists) => {
        const sinks = spillSinks(parent);
        const made = lists.map((pieces) => {
          const sink = sinks.sink();
          for (const p of pieces) sink.write(p);
          return { sink, want: Buffer.from(pieces.join(''), 'utf8') };
        });
        expect(readdirSync(parent)).toHaveLength(1);
        for (const { sink, want } of made) {
          expect(sink.length).toBe(want.length);
          // twice, as a signature reads them; each chunk used before the next is asked for (it may be reused)
          expect(readBack(sink).equals(want)).toBe(true);
          expect(readBack(sink).equals(want)).toBe(true);
        }
        sinks.close();
        sinks.close(); // twice: nothing more to do
        expect(readdirSync(parent)).toEqual([]);
      }),
      { numRuns: 40, seed: 17_007 },
    );
  });

  it('make no folder until a list starts', () => {
    spillSinks(parent).close();
    expect(readdirSync(parent)).toEqual([]);
  });

  it('keep the lists in memory when no folder can be made for them, with the same bytes', () => {
    const sinks = spillSinks(path.join(parent, 'missing', 'tmp'));
    const sink = sinks.sink();
    sink.write('caf\u00e9 \u2192 ');
    sink.write('x'.repeat(2_000_000));
    expect(readBack(sink).equals(Buffer.from(`caf\u00e9 \u2192 ${'x'.repeat(2_000_000)}`))).toBe(true);
    sinks.close();
    expect(readdirSync(parent)).toEqual([]);
  });

  it('name the temporary folder, not the report, when the file system refuses a write (E_WRITE, exit 2)', () => {
    const refuse = (code: string) => () => {
      throw Object.assign(new Error(`${code}: refused`), { code });
    };
    const full = (() => {
      try {
        spilling('/tmp/residency-sign-x', refuse('ENOSPC'));
      } catch (e) {
        return e;
      }
    })() as ResidencyError;
    expect(full).toBeInstanceOf(ResidencyError);
    expect(full.code).toBe('E_WRITE');
    expect(full.diagnostics[0]).toMatchObject({ file: '/tmp/residency-sign-x', severity: 'error' });
    expect(full.diagnostics[0].message).toMatch(/temporary files a signature is made from \(ENOSPC\)/);
    expect(full.diagnostics[0].hint).toMatch(/disk space.*TMPDIR/);
    expect(() => spilling('/tmp/x', refuse('EIO'))).toThrow(/cannot write the signature's temporary files \(EIO\)/);
    // anything else is not the file system's: passed on as it is
    expect(() =>
      spilling('/tmp/x', () => {
        throw new TypeError('a bug');
      }),
    ).toThrow(TypeError);
    expect(spilling('/tmp/x', () => 42)).toBe(42);
  });
});
