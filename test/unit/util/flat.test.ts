/**
 * `flat` (src/util/text.ts) turns a rope into one flat string for texts that stay live (kept facts, memoised evidence,
 * a finding's location). Its whole contract is that the characters never change, whatever they are: it is a
 * replacement of the empty match at the start, so a `$` pattern, a line break or a lone surrogate must come back as
 * given. What it saves is measured in docs/performance-history.md ("Pass 19"), never in a test.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { flat } from '../../../src/util/text.js';

describe('flat', () => {
  it('gives back the same characters, for ropes of any pieces', () => {
    fc.assert(
      fc.property(fc.array(fc.string({ unit: 'binary', maxLength: 40 }), { maxLength: 12 }), (pieces) => {
        let rope = '';
        for (const piece of pieces) rope += piece;
        const text = flat(rope);
        expect(text).toBe(pieces.join(''));
        expect(text.length).toBe(rope.length);
      }),
      { seed: 19_001, numRuns: 500 },
    );
  });

  it('leaves what a replacement pattern or an anchor would touch', () => {
    const samples = [
      '',
      '$&$1$$',
      '\n^start\nnext line',
      '\uD800 lone surrogate',
      'vendor-0005 → vendor-0006 → … 987 more …',
    ];
    for (const sample of samples) expect(flat(`${sample}${sample}`)).toBe(sample + sample);
  });
});
