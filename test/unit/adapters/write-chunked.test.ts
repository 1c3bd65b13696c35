import { mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { utf8Chunks, writeFileAtomic } from '../../../src/adapters/write.js';

describe('writeFileAtomic on large reports', () => {
  it('writes exactly the UTF-8 bytes of the string, also across slice boundaries inside a surrogate pair', async () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'residency-write-'));
    const chunk = 8 * 1024 * 1024;
    // an emoji (surrogate pair) straddling the first slice boundary, non-ASCII text, a lone surrogate
    const content = `${'a'.repeat(chunk - 1)}\u{1F600}${'é'.repeat(100)}${'b'.repeat(chunk)}\ud800x${'c'.repeat(10)}\u{1F600}`;
    const target = path.join(dir, 'report.json');
    await writeFileAtomic(target, content);
    const bytes = readFileSync(target);
    expect(bytes.equals(Buffer.from(content, 'utf8'))).toBe(true);
    expect(readdirSync(dir)).toEqual(['report.json']);
  });
});

describe('utf8Chunks', () => {
  function rng(seed: number): () => number {
    let s = seed >>> 0;
    return () => {
      s = (s * 1664525 + 1013904223) >>> 0;
      return s / 4294967296;
    };
  }
  // ASCII, 2- and 3-byte characters, surrogate pairs (split or not between pieces), lone surrogates
  const UNITS = ['a', 'Z', '"', '\n', 'é', '€', '\u2028', '\ud83d', '\ude00', '\ud800', '\udfff'];

  it('gives the bytes of Buffer.from(joined text) in buffers of at most `size` bytes, for any pieces and size', () => {
    for (let seed = 1; seed <= 3000; seed++) {
      const r = rng(seed);
      const pieces = Array.from({ length: Math.floor(r() * 8) }, () => {
        let piece = '';
        const length = Math.floor(r() * 40);
        for (let k = 0; k < length; k++) piece += UNITS[Math.floor(r() * UNITS.length)];
        return piece;
      });
      const size = 6 + Math.floor(r() * 60);
      const pool = Math.floor(r() * 4); // 0: a new buffer each time; else that many buffers in turn
      const chunks: Buffer[] = [];
      const handedOut: Buffer[] = [];
      for (const chunk of utf8Chunks(pieces, size, pool)) {
        expect(chunk.length).toBeGreaterThan(0);
        expect(chunk.length).toBeLessThanOrEqual(size);
        chunks.push(Buffer.from(chunk)); // a pooled buffer is filled again later
        handedOut.push(chunk);
        // the buffers of the last `pool` chunks (all, without a pool) still hold what they were handed out with:
        // a caller may write one while the next is filled
        const kept = pool === 0 ? handedOut.length : Math.min(pool, handedOut.length);
        for (let k = handedOut.length - kept; k < handedOut.length; k++) {
          expect(handedOut[k].equals(chunks[k])).toBe(true);
        }
      }
      expect(Buffer.concat(chunks).equals(Buffer.from(pieces.join(''), 'utf8')), JSON.stringify(pieces)).toBe(true);
      // one string gives the same bytes as its pieces
      expect(Buffer.concat([...utf8Chunks(pieces.join(''), size, 0)]).equals(Buffer.concat(chunks))).toBe(true);
    }
  });

  it('refuses buffers too small to hold a pair', () => {
    expect(() => [...utf8Chunks('x', 5, 0)]).toThrow(RangeError);
  });
});
